"""The services walked by scenario: every allowed transition succeeds, every other one is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gemeenten.models import Gemeente
from meldingen import services
from meldingen.models import Afsluitreden, Melding, MeldingHistorie, ToelichtingAfsluiting, Verzuimsoort
from meldingen.workflow import OVERGANGEN, OngeldigeOvergang, Status
from tests.factories import LeerlingFactory, RblFactory, schoolgegevens

pytestmark = pytest.mark.django_db

CONTACT = {"naam": "L. Plicht", "functie": "LPA", "telefoonnummer": "0475123456", "email": "lpa@maasgouw.example"}


def indienen(personas, leerling, **overrides):
    return services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a, **overrides),
    )


def afsluiten(personas, melding):
    return services.melding_afsluiten(
        door=personas.lpa_x,
        melding=melding,
        afsluitreden=Afsluitreden.objects.get(code="terug_naar_school"),
        toelichting_afsluiting=ToelichtingAfsluiting.objects.get(code="gezien_door_gemeente"),
        contactpersoon=CONTACT,
    )


# Every transition, performed the way the workflow table names it.
def _naar(personas, melding, status):
    if status == Status.IN_BEHANDELING:
        return services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    if status == Status.AFGESLOTEN:
        return afsluiten(personas, melding)
    if status == Status.TER_KENNISGEVING:
        return services.melding_ter_kennisgeving_aannemen(door=personas.lpa_x, melding=melding)
    if status == Status.INGETROKKEN:
        return services.melding_intrekken(door=personas.melder_a, melding=melding, reden="Verkeerde leerling")
    raise AssertionError(status)


PAD_NAAR = {
    Status.GEREGISTREERD: [],
    Status.IN_BEHANDELING: [Status.IN_BEHANDELING],
    Status.AFGESLOTEN: [Status.IN_BEHANDELING, Status.AFGESLOTEN],
    Status.TER_KENNISGEVING: [Status.TER_KENNISGEVING],
    Status.INGETROKKEN: [Status.INGETROKKEN],
}


@pytest.mark.parametrize("van", list(Status))
@pytest.mark.parametrize("naar", [s for s in Status if s != Status.GEREGISTREERD])
def test_elke_overgang_volgens_de_tabel(personas, leerling_a, van, naar):
    melding = indienen(personas, leerling_a)
    for stap in PAD_NAAR[van]:
        melding = _naar(personas, melding, stap)
    assert melding.status == van
    historie_voor = MeldingHistorie.objects.filter(melding=melding).count()
    if naar in OVERGANGEN[van]:
        melding = _naar(personas, melding, naar)
        assert melding.status == naar
        laatste = MeldingHistorie.objects.filter(melding=melding).latest("id")
        assert (laatste.van_status, laatste.naar_status) == (van, naar)
    else:
        with pytest.raises(ValidationError):
            _naar(personas, melding, naar)
        melding.refresh_from_db()
        assert melding.status == van
        assert MeldingHistorie.objects.filter(melding=melding).count() == historie_voor


def test_indienen_routeert_naar_woongemeente_met_uitleg(personas, leerling_a):
    melding = indienen(personas, leerling_a)
    assert melding.gemeente == personas.gemeente_x
    assert melding.rbl is None
    assert melding.routering["regel"] == "woongemeente"
    assert melding.routering["bron"]["inschrijving"]["vestiging"] == personas.school_a.code
    assert melding.meldingsnummer.startswith("VM")
    assert melding.schooljaar == services.schooljaar_van(timezone.localdate())
    assert melding.historie.get().naar_status == Status.GEREGISTREERD
    # No personal data in the explanation.
    assert leerling_a.persoonsgebonden_nummer not in str(melding.routering)
    assert leerling_a.achternaam not in str(melding.routering)


def test_afwijkend_verblijfadres_routeert_naar_die_gemeente(personas, leerling_a):
    melding = indienen(
        personas,
        leerling_a,
        afwijkend_straat="Kerkstraat",
        afwijkend_huisnummer=3,
        afwijkend_postcode="3201AA",
        afwijkend_plaatsnaam="Spijkenisse",
    )
    assert melding.gemeente == personas.gemeente_y  # Spijkenisse lies in Nissewaard
    assert melding.routering["regel"] == "verblijfadres"


def test_rbl_behandelt_voor_zijn_gemeenten(personas, leerling_a):
    rbl = RblFactory(code="rbl-midden-limburg", naam="RBL Midden-Limburg")
    Gemeente.objects.filter(code=personas.gemeente_x.code).update(rbl=rbl)
    melding = indienen(personas, leerling_a)
    assert (melding.gemeente, melding.rbl) == (personas.gemeente_x, rbl)
    assert "RBL Midden-Limburg" in melding.routering["uitleg"]


@pytest.mark.parametrize(
    "geval",
    ["onbekend", "andere_school", "pas_later_ingeschreven", "al_uitgeschreven"],
)
def test_niet_ingeschreven_leerling_geeft_dezelfde_fout(personas, geval):
    if geval == "onbekend":
        nummer = "111222333"
    else:
        kwargs = {
            "andere_school": dict(vestiging=personas.school_b),
            "pas_later_ingeschreven": dict(vestiging=personas.school_a, inschrijfdatum=timezone.localdate()),
            "al_uitgeschreven": dict(
                vestiging=personas.school_a, inschrijfdatum=dt.date(2019, 8, 1), uitschrijfdatum=dt.date(2020, 1, 1)
            ),
        }[geval]
        nummer = LeerlingFactory(woongemeente=personas.gemeente_x, **kwargs).persoonsgebonden_nummer
    with pytest.raises(ValidationError) as fout:
        services.melding_indienen(
            door=personas.melder_a,
            vestiging=personas.school_a,
            persoonsgebonden_nummer=nummer,
            gegevens=schoolgegevens(personas.school_a),
        )
    assert fout.value.message_dict["persoonsgebonden_nummer"] == [
        "Deze leerling is op de begindatum niet bij deze vestiging ingeschreven volgens Bron. "
        "Controleer het nummer en de begindatum."
    ]
    assert not Melding.objects.exists()


@pytest.mark.parametrize("nummer", ["123456789", "12345678", "abcdefghi", "100000009"])
def test_ongeldig_nummer_faalt_de_elfproef(personas, nummer):
    with pytest.raises(ValidationError) as fout:
        services.melding_indienen(
            door=personas.melder_a,
            vestiging=personas.school_a,
            persoonsgebonden_nummer=nummer,
            gegevens=schoolgegevens(personas.school_a),
        )
    assert "persoonsgebonden_nummer" in fout.value.message_dict
    assert not Melding.objects.exists()


def test_data_in_verkeerde_volgorde_en_verplichte_einddatum(personas, leerling_a):
    vandaag = timezone.localdate()
    with pytest.raises(ValidationError) as fout:
        indienen(
            personas, leerling_a, begindatum=vandaag - dt.timedelta(days=3), einddatum=vandaag - dt.timedelta(days=5)
        )
    assert "einddatum" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        indienen(personas, leerling_a, einddatum=None)
    assert fout.value.message_dict["einddatum"] == ["Bij '16 uur in 4 weken' is de einddatum verplicht."]
    with pytest.raises(ValidationError) as fout:
        indienen(personas, leerling_a, actie_gemeente_gewenst=False, toelichting_geen_actie="")
    assert "toelichting_geen_actie" in fout.value.message_dict
    assert not Melding.objects.exists()


def test_alleen_geldige_verzuimsoorten(personas, leerling_a):
    with pytest.raises(ValidationError) as fout:
        indienen(personas, leerling_a, verzuimsoort=Verzuimsoort.objects.get(code="signaal"))
    assert "verzuimsoort" in fout.value.message_dict


def test_dubbele_melding_en_zevendagenregel(personas, leerling_a):
    eerste = indienen(personas, leerling_a)
    with pytest.raises(ValidationError) as fout:
        indienen(personas, leerling_a)
    assert eerste.meldingsnummer in fout.value.message_dict["begindatum"][0]
    with pytest.raises(ValidationError) as fout:
        indienen(personas, leerling_a, verzuimsoort=Verzuimsoort.objects.get(code="luxe"), einddatum=None)
    assert "7 dagen" in fout.value.message_dict["persoonsgebonden_nummer"][0]
    assert Melding.objects.count() == 1
    # A withdrawn melding does not block a new one.
    services.melding_intrekken(door=personas.melder_a, melding=eerste, reden="Vergissing")
    assert indienen(personas, leerling_a).pk != eerste.pk


def test_wijzigen_legt_velden_vast_en_kan_niet_na_afsluiten(personas, leerling_a):
    melding = indienen(personas, leerling_a)
    services.melding_wijzigen(
        door=personas.melder_a, melding=melding, gegevens={"verzuimuren": 20, "ondernomen_actie": "Huisbezoek"}
    )
    regel = melding.historie.latest("id")
    assert sorted(regel.gewijzigde_velden) == ["ondernomen_actie", "verzuimuren"]
    melding = services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    services.melding_wijzigen(door=personas.melder_a, melding=melding, gegevens={"verzuimuren": 21})
    melding = afsluiten(personas, melding)
    with pytest.raises(OngeldigeOvergang):
        services.melding_wijzigen(door=personas.melder_a, melding=melding, gegevens={"verzuimuren": 22})
    melding.refresh_from_db()
    assert melding.verzuimuren == 21


def test_afsluiten_zonder_reden_of_twee_keer(personas, leerling_a):
    melding = services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=indienen(personas, leerling_a))
    with pytest.raises(ValidationError) as fout:
        services.melding_afsluiten(
            door=personas.lpa_x, melding=melding, afsluitreden=None, toelichting_afsluiting=None, contactpersoon=CONTACT
        )
    assert set(fout.value.message_dict) == {"afsluitreden", "toelichting_afsluiting"}
    melding.refresh_from_db()
    assert melding.status == Status.IN_BEHANDELING
    afsluiten(personas, melding)
    with pytest.raises(OngeldigeOvergang):
        afsluiten(personas, melding)


def test_andere_organisatie_mag_niets(personas, leerling_a):
    melding = indienen(personas, leerling_a)
    with pytest.raises(PermissionDenied):
        services.melding_in_behandeling_nemen(door=personas.lpa_y, melding=melding)
    with pytest.raises(PermissionDenied):
        services.melding_intrekken(door=personas.melder_b, melding=melding, reden="x")
    with pytest.raises(PermissionDenied):
        services.melding_wijzigen(door=personas.melder_b, melding=melding, gegevens={"verzuimuren": 1})
    with pytest.raises(PermissionDenied):
        services.melding_indienen(
            door=personas.melder_b,
            vestiging=personas.school_a,
            persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
            gegevens=schoolgegevens(personas.school_a),
        )
    melding.refresh_from_db()
    assert melding.status == Status.GEREGISTREERD


def test_indienen_vertrouwt_de_permissie_van_meldbare_vestigingen_alleen_voor_dezelfde_gebruiker(
    personas, leerling_a, django_assert_num_queries
):
    """meldbare_vestigingen(user) checked the permission in its query: the service skips its own check only for that
    user, and asks the database for a vestiging from elsewhere or checked for someone else."""
    from meldingen.selectors import mag_melden_voor, meldbare_vestigingen

    (eigen,) = meldbare_vestigingen(personas.melder_a)
    with django_assert_num_queries(0):
        assert mag_melden_voor(personas.melder_a, eigen)
    with django_assert_num_queries(1):
        assert mag_melden_voor(personas.melder_a, personas.school_a)
    with django_assert_num_queries(1):
        assert not mag_melden_voor(personas.melder_b, eigen)
    with pytest.raises(PermissionDenied):
        services.melding_indienen(
            door=personas.melder_b,
            vestiging=eigen,
            persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
            gegevens=schoolgegevens(personas.school_a),
        )
    assert not Melding.objects.exists()


def test_doorzetten_houdt_status_en_wisselt_inbox(personas, leerling_a):
    melding = services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=indienen(personas, leerling_a))
    with pytest.raises(ValidationError):
        services.melding_doorzetten(
            door=personas.lpa_x, melding=melding, gemeente=personas.gemeente_x, reden="verhuisd"
        )
    melding = services.melding_doorzetten(
        door=personas.lpa_x, melding=melding, gemeente=personas.gemeente_y, reden="verhuisd"
    )
    assert melding.status == Status.IN_BEHANDELING
    assert melding.gemeente == personas.gemeente_y
    assert "Doorgezet van Maasgouw naar Nissewaard" in melding.historie.latest("id").toelichting
    with pytest.raises(PermissionDenied):
        services.melding_ter_kennisgeving_aannemen(door=personas.lpa_x, melding=melding)
    services.melding_ter_kennisgeving_aannemen(door=personas.lpa_y, melding=melding)


@pytest.mark.parametrize(
    ("datum", "schooljaar"),
    [(dt.date(2025, 7, 31), 2024), (dt.date(2025, 8, 1), 2025), (dt.date(2026, 1, 15), 2025)],
)
def test_schooljaar_grens(datum, schooljaar):
    assert services.schooljaar_van(datum) == schooljaar


def test_een_melding_verandert_ook_terwijl_een_bron_import_de_codes_vasthoudt(personas, leerling_a):
    """The row lock of a change is the melding's own, not that of the joined vestiging and gemeente."""
    import psycopg
    from django.db import connection

    from bron.importeren import _codes_vastgezet
    from scholen.models import Vestiging

    melding = indienen(personas, leerling_a)
    with psycopg.connect(**connection.get_connection_params()) as import_, import_.cursor() as cursor:
        _codes_vastgezet(cursor, Vestiging)  # as the import does, until its commit
        _codes_vastgezet(cursor, Gemeente)
        with connection.cursor() as eigen:
            eigen.execute("SET LOCAL lock_timeout = '500ms'")
        services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
        afsluiten(personas, melding)
    assert Melding.objects.get(pk=melding.pk).status == Status.AFGESLOTEN
