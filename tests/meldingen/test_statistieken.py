"""Werkvoorraad counts (school days per vakantieregio, thresholds per gemeente) and the charts' aggregates."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from gemeenten.models import GemeenteInstellingen
from meldingen import selectors, services, statistieken
from meldingen.models import Melding
from scholen.models import Vestiging
from scholen.vakanties import is_schooldag, schooldag_terug, schooldagen_tussen
from tests.factories import MeldingFactory

pytestmark = pytest.mark.django_db

WOENSDAG_NA_HERFST = dt.date(2025, 10, 29)  # herfstvakantie 2025: zuid 11-19 okt, midden 18-26 okt


def test_schooldagen_zonder_weekend_en_vakantie():
    assert not is_schooldag(dt.date(2025, 10, 25), "zuid")  # zaterdag
    assert not is_schooldag(dt.date(2025, 10, 15), "zuid")  # herfstvakantie zuid
    assert is_schooldag(dt.date(2025, 10, 15), "midden")
    assert not is_schooldag(dt.date(2025, 10, 22), "onbekend")  # onbekend telt als midden: vakantie
    assert schooldagen_tussen(dt.date(2025, 10, 21), WOENSDAG_NA_HERFST, "zuid") == 6
    assert schooldagen_tussen(dt.date(2025, 10, 21), WOENSDAG_NA_HERFST, "midden") == 3
    assert schooldag_terug(WOENSDAG_NA_HERFST, 6, "zuid") == dt.date(2025, 10, 22)
    assert schooldag_terug(WOENSDAG_NA_HERFST, 6, "midden") == dt.date(2025, 10, 15)


def _op(melding, datum):
    moment = timezone.make_aware(dt.datetime.combine(datum, dt.time(10)))
    Melding.objects.filter(pk=melding.pk).update(created_at=moment)


def test_te_laat_telt_schooldagen_van_de_vakantieregio_van_de_school(personas):
    zuid, midden = personas.school_a, personas.school_b  # Maasparel: zuid; Morgenster: midden
    onbekend = Vestiging.objects.filter(vakantieregio="").first()
    gevallen = [
        (zuid, dt.date(2025, 10, 21), True),  # 6 schooldagen geleden in zuid
        (zuid, dt.date(2025, 10, 22), False),  # precies 5
        (midden, dt.date(2025, 10, 21), False),  # in de herfstvakantie van midden: 3 schooldagen
        (midden, dt.date(2025, 10, 14), True),
        (onbekend, dt.date(2025, 10, 14), True),  # onbekende regio telt als midden
        (onbekend, dt.date(2025, 10, 16), False),
    ]
    for vestiging, datum, _ in gevallen:
        _op(MeldingFactory(vestiging=vestiging, gemeente=personas.gemeente_x), datum)
    # In behandeling telt nooit als te laat in behandeling genomen.
    _op(MeldingFactory(vestiging=zuid, gemeente=personas.gemeente_x, in_behandeling=True), dt.date(2025, 9, 1))
    meldingen = selectors.meldingen_van_gemeente(personas.lpa_x)
    wv = statistieken.werkvoorraad(meldingen, vandaag=WOENSDAG_NA_HERFST)
    assert wv["totaal"]["te_laat"] == sum(1 for *_, te_laat in gevallen if te_laat)
    assert wv["totaal"]["nieuw"] == 6 and wv["totaal"]["in_behandeling"] == 1


def test_termijnen_per_gemeente_instelbaar(personas):
    _op(MeldingFactory(vestiging=personas.school_a, gemeente=personas.gemeente_x), dt.date(2025, 10, 22))
    meldingen = selectors.meldingen_van_gemeente(personas.lpa_x)
    assert statistieken.werkvoorraad(meldingen, vandaag=WOENSDAG_NA_HERFST)["totaal"]["te_laat"] == 0
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, termijn_in_behandeling_schooldagen=2)
    assert statistieken.werkvoorraad(meldingen, vandaag=WOENSDAG_NA_HERFST)["totaal"]["te_laat"] == 1


def test_lang_open_per_gemeente(personas, gemeente_x):
    oud = MeldingFactory(gemeente=personas.gemeente_x, in_behandeling=True, behandelaar=gemeente_x.collega_x)
    Melding.objects.filter(pk=oud.pk).update(created_at=timezone.now() - timedelta(weeks=7))
    MeldingFactory(gemeente=personas.gemeente_x, in_behandeling=True, behandelaar=gemeente_x.collega_x)
    MeldingFactory(gemeente=personas.gemeente_x, afgesloten=True)  # closed: not in the werkvoorraad
    meldingen = selectors.meldingen_van_gemeente(personas.lpa_x)
    wv = statistieken.werkvoorraad(meldingen)
    assert wv["totaal"]["lang_open"] == 1
    assert wv["per_behandelaar"] == [
        {
            "behandelaar": gemeente_x.collega_x.pk,
            "naam": "Kees Collega",
            "nieuw": 0,
            "in_behandeling": 2,
            "te_laat": 0,
            "lang_open": 1,
        }
    ]
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, termijn_open_weken=8)
    assert statistieken.werkvoorraad(meldingen)["totaal"]["lang_open"] == 0


def test_werkvoorraad_telt_alleen_de_eigen_gemeente(personas):
    MeldingFactory.create_batch(2, gemeente=personas.gemeente_y)
    assert statistieken.werkvoorraad(selectors.meldingen_van_gemeente(personas.lpa_x))["totaal"]["nieuw"] == 0


def test_grafiekgegevens_en_medianen(personas, leerling_a):
    vandaag = timezone.localdate()
    for dagen_te_laat in (2, 4, 9):
        m = MeldingFactory(
            gemeente=personas.gemeente_x, begindatum=vandaag - timedelta(days=dagen_te_laat), einddatum=None
        )
    MeldingFactory(gemeente=personas.gemeente_x, verzuimsoort_id="luxe", vestiging=personas.school_b)
    MeldingFactory(gemeente=personas.gemeente_y)
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=m)
    stats = statistieken.gemeente_statistieken(personas.gemeente_x)
    maand = (vandaag.month - 8) % 12
    assert stats["per_maand"]["series"][0]["waarden"][maand] == 4
    assert sum(stats["per_maand"]["series"][1]["waarden"]) == 0
    assert dict(zip(stats["per_soort"]["labels"], stats["per_soort"]["series"][0]["waarden"], strict=True)) == {
        "16 uur in 4 weken": 3,
        "Luxe verzuim": 1,
    }
    assert stats["per_school"]["series"][0]["waarden"] == [3, 1]
    assert stats["medianen"]["begindatum_tot_melding"] == 6.5  # 2, 4, 9 and the factory default of 20 days
    assert stats["medianen"]["tot_in_behandeling"] is not None and stats["medianen"]["tot_in_behandeling"] < 1
    assert stats["medianen"]["tot_afsluiten"] is None
