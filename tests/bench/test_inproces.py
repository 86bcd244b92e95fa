"""The API creates `bench.inproces --create api` times are the ones bench.run sends, and each is a real create (201)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from api.authenticatie import vergeet_certificaat
from bench import inproces, run
from berichten.models import Toestand, Uitgaand
from meldingen.models import Melding
from scholen.models import Vestiging
from tests.factories import LeerlingFactory

pytestmark = pytest.mark.django_db
AANTAL = inproces.OPWARMEN + 2


@pytest.fixture
def leerlingen(monkeypatch, tmp_path):
    # bench.run keeps the certificates it generates in bench/output; this test's stay in tmp_path.
    monkeypatch.setattr(run, "UITVOER", tmp_path)
    vergeet_certificaat()
    vestiging = Vestiging.objects.filter(gemeente_id="0363", leslocaties__isnull=True).order_by("code").first()
    ingeschreven = timezone.localdate() - dt.timedelta(days=40)
    nummers = {LeerlingFactory(vestiging=vestiging, inschrijfdatum=ingeschreven).pk for _ in range(AANTAL)}
    # Too recently enrolled: bench.run's query passes them over.
    LeerlingFactory(vestiging=vestiging, inschrijfdatum=timezone.localdate() - dt.timedelta(days=5))
    yield nummers
    vergeet_certificaat()


def test_api_verzoeken_zijn_echte_creates(leerlingen):
    verzoeken = inproces._api_verzoeken(AANTAL)
    outbox_voor = run._laatste_uitgaand()

    inproces._meet_creates(Client(HTTP_HOST="127.0.0.1"), verzoeken)  # exits on anything but a 201

    assert set(Melding.objects.values_list("leerling_id", flat=True)) == leerlingen
    assert Uitgaand.objects.filter(pk__gt=outbox_voor, toestand=Toestand.WACHTEND).count() == AANTAL
    assert run._outbox_opruimen(outbox_voor) == AANTAL


def test_api_verzoeken_stopt_bij_te_weinig_leerlingen(leerlingen):
    with pytest.raises(SystemExit, match="te weinig leerlingen"):
        inproces._api_verzoeken(AANTAL + 1)
