"""The meldingen lists count only as far as the user can page (meldingen.paginering)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meldingen.models import Melding
from meldingen.paginering import BegrensdePaginator
from tests.factories import MeldingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twaalf(personas):
    MeldingFactory.create_batch(12, gemeente=personas.gemeente_x)
    return Melding.objects.order_by("-created_at", "-pk")


def _pagina(meldingen, nummer):
    return BegrensdePaginator(meldingen, 2, vooruit=5).get_page(nummer)


def test_telt_tot_de_grens_en_zegt_dan_meer(twaalf):
    pagina = _pagina(twaalf, 1)
    assert (pagina.paginator.count, pagina.paginator.meer, pagina.paginator.paginas_minstens) == (6, True, 2)
    assert pagina.has_next() and [m["pk"] for m in pagina.object_list.values("pk")] == list(
        twaalf.values_list("pk", flat=True)[:2]
    )


def test_een_latere_pagina_telt_vanaf_haar_eigen_eerste_rij(twaalf):
    vierde = _pagina(twaalf, 4)
    assert (vierde.paginator.grens, vierde.paginator.meer, vierde.has_next()) == (11, True, True)
    assert len(vierde.object_list) == 2
    vijfde = _pagina(twaalf, 5)
    assert (vijfde.paginator.count, vijfde.paginator.meer, vijfde.paginator.num_pages) == (12, False, 6)


@pytest.mark.parametrize(
    ("nummer", "getoond"), [("abc", 1), (None, 1), ("0", 1), ("-3", 1), ("99", 6), ("1" + "0" * 20, 6)]
)
def test_ongeldige_of_te_hoge_paginanummers(twaalf, nummer, getoond):
    # Not a number, 0 or below: the first page (Django shows the last for 0, which would count everything).
    # Past the end: the last page, as Django; the count is then exact (also beyond PostgreSQL's bigint).
    pagina = _pagina(twaalf, nummer)
    assert pagina.number == getoond
    if getoond == 6:
        assert (pagina.paginator.count, pagina.paginator.meer, len(pagina.object_list)) == (12, False, 2)


def test_een_grens_kleiner_dan_een_pagina_telt_de_volgende_pagina_mee(twaalf):
    pagina = BegrensdePaginator(twaalf, 5, vooruit=1).get_page(1)
    assert (pagina.paginator.count, pagina.paginator.meer, pagina.has_next()) == (6, True, True)


def test_de_telling_leest_niet_meer_dan_de_grens_en_sorteert_niet(twaalf):
    with CaptureQueriesContext(connection) as ctx:
        _pagina(twaalf, 1).paginator.count  # noqa: B018 - the property runs the query
    (telling,) = [q["sql"] for q in ctx.captured_queries]
    assert telling.startswith("SELECT COUNT(*) FROM (SELECT") and telling.endswith("LIMIT 6) subquery")
    assert "ORDER BY" not in telling
