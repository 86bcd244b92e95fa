"""verzuimloket.db: Django's batching stays under PostgreSQL's 65,535 parameters per statement.

The bulk_update and in_bulk below need more parameters than one statement may hold: on Django's own PostgreSQL
backend with server-side binding (settings.py) they fail with "number of parameters must be between 0 and
65535".
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.models.deletion import Collector

from bron.models import Inschrijving, Leerling
from gemeenten.models import Gemeente
from verzuimloket.db.base import MAX_PARAMETERS

pytestmark = pytest.mark.django_db


def leerlingen(aantal):
    gemeente = Gemeente.objects.get(code="0363")
    return Leerling.objects.bulk_create(
        Leerling(
            persoonsgebonden_nummer=f"{i:09d}",
            soort_nummer="bsn",
            voornamen="Sanne",
            achternaam="de Vries",
            geslacht="V",
            geboortedatum=dt.date(2012, 5, 17),
            woongemeente=gemeente,
        )
        for i in range(aantal)
    )


def test_de_instellingen_binden_aan_de_serverkant():
    # Without server-side binding there is no limit, and these tests would pass on any backend.
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    assert connection.features.max_query_params == MAX_PARAMETERS


def test_bulk_update_van_2500_rijen_met_dertien_velden():
    rijen = leerlingen(2_500)  # 2,500 × (1 + 2 × 13) = 67,500 parameters in one statement
    gemeente = Gemeente.objects.get(code="1641")
    velden = {
        "soort_nummer": "onderwijsnummer",
        "voornamen": "Daan",
        "voorvoegsel": "van",
        "achternaam": "Dijk",
        "geslacht": "M",
        "geboortedatum": dt.date(2011, 3, 2),
        "straat": "Dorpsstraat",
        "huisnummer": 12,
        "huisletter": "a",
        "huisnummertoevoeging": "2",
        "postcode": "1234AB",
        "plaats": "Ergens",
        "woongemeente": gemeente,
    }
    for rij in rijen:
        for veld, waarde in velden.items():
            setattr(rij, veld, waarde)
    Leerling.objects.bulk_update(rijen, list(velden))
    assert Leerling.objects.filter(**velden).count() == 2_500


def test_in_bulk_van_70000_nummers():
    bestaand = [rij.pk for rij in leerlingen(10)]
    nummers = [*bestaand, *(f"{i:09d}" for i in range(10, MAX_PARAMETERS + 5_000))]
    assert set(Leerling.objects.in_bulk(nummers)) == set(bestaand)


def test_verwijderen_met_cascade_in_batches_onder_de_grens():
    # A delete that cascades collects the rows and asks for their related rows with leerling_id IN (...): Django
    # batches those lists by bulk_batch_size. Checked on the collector, not with 70,000 real rows (10 s).
    objs = [Leerling(persoonsgebonden_nummer=f"{i:09d}") for i in range(MAX_PARAMETERS + 5_000)]
    batches = Collector(using="default").get_del_batches(objs, [Inschrijving._meta.get_field("leerling")])
    assert len(batches) > 1
    assert sum(map(len, batches)) == len(objs)
    assert max(map(len, batches)) <= MAX_PARAMETERS
