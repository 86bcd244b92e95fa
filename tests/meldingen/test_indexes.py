"""Every hot query uses an index, and list pages cost a constant number of queries, on a representative register.

The register is seed_scale's national spread at 1/50 scale (60,000 pupils, 20,000 meldingen), so
a school or gemeente holds the same fraction of the rows as in the full benchmark. The queries
are captured from the real code paths (pages, Bron lookup, submission) and each SELECT is run
through EXPLAIN with the planner's normal settings after ANALYZE.
"""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from autorisatie.models import Rol
from autorisatie.services import autorisatie_verlenen
from bron.models import Inschrijving, Leerling
from bron.register import bron_register
from gemeenten.models import Gemeente
from meldingen import selectors, services
from meldingen.models import Melding, MeldingHistorie, Verzuimsoort
from meldingen.schaal import seed_scale
from scholen.models import Vestiging

HETE_TABELLEN = {Melding._meta.db_table, Leerling._meta.db_table, Inschrijving._meta.db_table}
MAX_QUERIES = 8
GROTE_GEMEENTE = "0363"  # Amsterdam

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """The seeded register, rolled back after this module so other tests see empty tables."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_scale(leerlingen=60_000, meldingen=20_000, seed=4242, vacuum=False)
            with connection.cursor() as cursor:
                for model in (Leerling, Inschrijving, Melding, MeldingHistorie):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
            yield _personas()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _gebruiker(naam, rol, *organisaties):
    gebruiker = get_user_model().objects.create(username=naam, email=f"{naam}@example.org")
    for organisatie in organisaties:
        autorisatie_verlenen(door=None, gebruiker=gebruiker, rol=rol, organisatie=organisatie)
    return gebruiker


def _personas():
    from django.db.models import Count

    per_school = Melding.objects.values("vestiging_id").annotate(n=Count("id")).order_by("-n", "vestiging_id")
    drukste, stilste = per_school.first()["vestiging_id"], per_school.last()["vestiging_id"]
    per_gemeente = Melding.objects.values("gemeente_id").annotate(n=Count("id")).order_by("n", "gemeente_id")
    kleine_gemeente = per_gemeente.first()["gemeente_id"]
    amsterdam_scholen = list(Vestiging.objects.filter(gemeente_id=GROTE_GEMEENTE))
    return SimpleNamespace(
        drukste_school=Vestiging.objects.get(code=drukste),
        melder_druk=_gebruiker("bench.melder.druk", Rol.MELDER, Vestiging.objects.get(code=drukste)),
        melder_stil=_gebruiker("bench.melder.stil", Rol.MELDER, Vestiging.objects.get(code=stilste)),
        # A school board reporting for all its locations: a school list that fills whole pages.
        melder_bestuur=_gebruiker("bench.melder.bestuur", Rol.MELDER, *amsterdam_scholen),
        # The largest set the school list still filters on as literal codes (selectors.LETTERLIJKE_VESTIGINGEN).
        melder_klein_bestuur=_gebruiker(
            "bench.melder.klein-bestuur", Rol.MELDER, *amsterdam_scholen[: selectors.LETTERLIJKE_VESTIGINGEN]
        ),
        lpa_groot=_gebruiker("bench.lpa.groot", Rol.LEERPLICHTAMBTENAAR, Gemeente.objects.get(code=GROTE_GEMEENTE)),
        lpa_klein=_gebruiker("bench.lpa.klein", Rol.LEERPLICHTAMBTENAAR, Gemeente.objects.get(code=kleine_gemeente)),
    )


def _seq_scans(plan, gevonden=None):
    gevonden = [] if gevonden is None else gevonden
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in HETE_TABELLEN:
        gevonden.append(plan["Relation Name"])
    for kind in plan.get("Plans", ()):
        _seq_scans(kind, gevonden)
    return gevonden


def _zonder_index(queries):
    """The captured SELECTs on a hot table whose plan scans that table sequentially."""
    fout = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in HETE_TABELLEN):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            tabellen = _seq_scans(plan[0]["Plan"])
            if tabellen:
                fout.append(f"Seq Scan op {', '.join(tabellen)} in: {sql[:300]}")
    return fout


def _statements(queries):
    """The SQL statements of a request, without transaction control (BEGIN, COMMIT, SAVEPOINT ...)."""
    overslaan = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return [q for q in queries if not q["sql"].lstrip().upper().startswith(overslaan)]


def _pagina(client, gebruiker, url):
    client.force_login(gebruiker)
    client.get(url)  # the first page after login caches the access log's role in the session
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    return queries.captured_queries


def test_schoollijst_gebruikt_indexen(client, register):
    for melder in (register.melder_druk, register.melder_klein_bestuur, register.melder_bestuur):
        assert _zonder_index(_pagina(client, melder, reverse("school:lijst"))) == []


def test_gemeente_inbox_gebruikt_indexen(client, register):
    assert _zonder_index(_pagina(client, register.lpa_groot, reverse("gemeente:inbox"))) == []


def test_detail_op_meldingsnummer_gebruikt_indexen(client, register):
    melding = Melding.objects.filter(gemeente_id=GROTE_GEMEENTE).order_by("-id").first()
    queries = _pagina(client, register.lpa_groot, reverse("gemeente:detail", args=[melding.meldingsnummer]))
    assert _zonder_index(queries) == []


def test_bron_opzoeken_gebruikt_indexen(register):
    inschrijving = Inschrijving.objects.filter(vestiging=register.drukste_school, uitschrijfdatum=None).first()
    with CaptureQueriesContext(connection) as queries:
        gevonden = bron_register().zoek(inschrijving.leerling_id, inschrijving.vestiging_id, timezone.localdate())
    assert gevonden is not None and gevonden.inschrijving is not None
    assert _zonder_index(queries.captured_queries) == []


def test_indienen_met_dubbelcontrole_gebruikt_indexen(register):
    """The submission path: Bron lookup, duplicate check, routing, insert (rolled back)."""
    school = register.drukste_school
    al_gemeld = Melding.objects.filter(vestiging=school).values("leerling_id")
    inschrijving = (
        Inschrijving.objects.filter(
            vestiging=school, uitschrijfdatum=None, inschrijfdatum__lte=timezone.localdate() - dt.timedelta(days=30)
        )
        .exclude(leerling_id__in=al_gemeld)
        .first()
    )
    gegevens = {
        "verzuimsoort": Verzuimsoort.objects.get(code="16_uur"),
        "begindatum": timezone.localdate() - dt.timedelta(days=20),
        "einddatum": timezone.localdate() - dt.timedelta(days=2),
        "alle_lessen_gemist": False,
        "actie_gemeente_gewenst": True,
        "melder_naam": "Mevrouw de Melder",
        "melder_telefoonnummer": "0201234567",
        "melder_email": "melder@school.example",
    }
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.melding_indienen(
            door=register.melder_druk,
            vestiging=school,
            persoonsgebonden_nummer=inschrijving.leerling_id,
            gegevens=gegevens,
        )
        # The same again: now the duplicate check finds the first one.
        with pytest.raises(ValidationError):
            services.melding_indienen(
                door=register.melder_druk,
                vestiging=school,
                persoonsgebonden_nummer=inschrijving.leerling_id,
                gegevens=gegevens,
            )
        transaction.set_rollback(True)
    assert _zonder_index(queries.captured_queries) == []


@pytest.mark.parametrize(
    ("url", "weinig", "veel"),
    [
        ("school:lijst", "melder_stil", "melder_bestuur"),
        ("gemeente:inbox", "lpa_klein", "lpa_groot"),
    ],
)
def test_lijsten_constant_en_hoogstens_8_queries(client, register, url, weinig, veel):
    aantallen = [
        len(_statements(_pagina(client, getattr(register, persona), reverse(url)))) for persona in (weinig, veel)
    ]
    assert aantallen[0] == aantallen[1] <= MAX_QUERIES, aantallen
