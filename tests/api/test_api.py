"""Contract tests of /api/v1/: each endpoint per role, the problem documents, and 'other organisation gets 404'."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meldingen import services
from meldingen.models import Melding
from protocollering.models import ToegangslogRegel
from tests.api.conftest import KoppelingClient, maak_certificaat
from tests.factories import LeerlingFactory, MeldingFactory

pytestmark = pytest.mark.django_db

MELDINGEN = "/api/v1/meldingen/"
CONTACT = {"naam": "L. Plicht", "functie": "LPA", "telefoonnummer": "0475123456", "email": "lpa@maasgouw.example"}


def body(leerling, **overrides):
    vandaag = timezone.localdate()
    data = {
        "persoonsgebonden_nummer": leerling.persoonsgebonden_nummer,
        "begindatum": (vandaag - dt.timedelta(days=20)).isoformat(),
        "einddatum": (vandaag - dt.timedelta(days=2)).isoformat(),
        "verzuimsoort": "16_uur",
        "vermoedelijke_reden": "Onbekend; ouders niet bereikbaar.",
        "alle_lessen_gemist": False,
        "ondernomen_actie": "Gebeld met ouders, geen gehoor.",
        "actie_gemeente_gewenst": True,
        "leslocatie": "HOOFD",
        "melder": {
            "naam": "Mevrouw de Melder",
            "functie": "Verzuimcoördinator",
            "telefoonnummer": "0201234567",
            "email": "melder@school.example",
        },
        "telefoonnummer_ouder_leerling": "0612345678",
        "verzuimdagen": 4,
        "verzuimuren": 17,
    }
    data.update(overrides)
    return data


def namen(response):
    return {p["name"] for p in response.json().get("invalid_params", [])}


def assert_probleem(response, status_code):
    assert response.status_code == status_code, response.content
    assert response["Content-Type"] == "application/problem+json"
    data = response.json()
    assert data["status"] == status_code and data["detail"]
    return data


@pytest.fixture
def melding(personas, leerling_a, koppelingen):
    """A melding of school A about a pupil living in gemeente X, made through the API."""
    response = koppelingen.school_a.client.post(MELDINGEN, body(leerling_a))
    assert response.status_code == 201, response.content
    return Melding.objects.get(meldingsnummer=response.json()["meldingsnummer"])


def url(melding, verb=""):
    return f"{MELDINGEN}{melding.meldingsnummer}/" + (f"{verb}/" if verb else "")


# ---- authentication ----------------------------------------------------------------------------------------


def test_zonder_certificaat_401_met_probleemdocument(koppelingen):
    response = KoppelingClient().get(MELDINGEN)
    data = assert_probleem(response, 401)
    assert response["WWW-Authenticate"]
    assert "invalid_params" not in data


def test_onbekend_ingetrokken_verlopen_of_onleesbaar_certificaat_geeft_dezelfde_401(koppelingen):
    onbekend = KoppelingClient(maak_certificaat("Niet geregistreerd").pem)
    services_ = __import__("api.services", fromlist=["certificaat_intrekken"])
    services_.certificaat_intrekken(door=None, certificaat=koppelingen.school_b.certificaat)
    details = set()
    for client in (onbekend, koppelingen.school_b.client, KoppelingClient(HTTP_X_SSL_CLIENT_CERT="onzin%00")):
        details.add(assert_probleem(client.get(MELDINGEN), 401)["detail"])
    assert len(details) == 1
    assert koppelingen.school_a.client.get(MELDINGEN).status_code == 200


def test_certificaat_buiten_geldigheid(personas, time_machine):
    from api.services import koppeling_registreren

    nu = timezone.now()
    cert = maak_certificaat("Kort geldig", tot=nu + dt.timedelta(days=1))
    koppeling_registreren(door=None, organisatie_codes=["00AR00"], pem=cert.pem)
    client = KoppelingClient(cert.pem)
    assert client.get(MELDINGEN).status_code == 200
    time_machine.move_to(nu + dt.timedelta(days=2))
    assert_probleem(client.get(MELDINGEN), 401)
    time_machine.move_to(nu - dt.timedelta(days=3))
    assert_probleem(client.get(MELDINGEN), 401)


def test_header_van_onvertrouwd_adres_geweigerd(koppelingen):
    client = KoppelingClient(koppelingen.school_a.cert.pem, REMOTE_ADDR="203.0.113.7")
    assert_probleem(client.get(MELDINGEN), 401)


def test_trusted_proxies_als_netwerk(koppelingen, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = KoppelingClient(koppelingen.school_a.cert.pem, REMOTE_ADDR="10.1.2.3")
    assert client.get(MELDINGEN).status_code == 200
    assert_probleem(koppelingen.school_a.client.get(MELDINGEN), 401)  # 127.0.0.1 no longer trusted


def test_browsersessie_geeft_geen_toegang_tot_de_api(client, personas, koppelingen):
    client.force_login(personas.melder_a)
    assert client.get(MELDINGEN).status_code == 401


# ---- creating ----------------------------------------------------------------------------------------------


def test_school_meldt(personas, leerling_a, koppelingen):
    response = koppelingen.school_a.client.post(MELDINGEN, body(leerling_a))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "geregistreerd"
    assert data["gemeente"] == {"code": "1641", "naam": "Maasgouw"}
    begin = timezone.localdate().year if timezone.localdate().month >= 8 else timezone.localdate().year - 1
    assert data["schooljaar"] == f"{begin}-{begin + 1}"
    assert data["routering"]["regel"] == "woongemeente"
    assert data["melder"]["email"] == "melder@school.example"
    assert data["leslocatie"] == "HOOFD"
    assert data["afwijkend_adres"] is None
    assert response["Location"] == f"{MELDINGEN}{data['meldingsnummer']}/"
    melding = Melding.objects.get(meldingsnummer=data["meldingsnummer"])
    assert melding.ingediend_door == koppelingen.school_a.gebruiker
    assert melding.historie.get().door_naam == "Koppeling Pakket school A"


def test_school_meldt_met_afwijkend_adres(personas, leerling_a, koppelingen):
    adres = {
        "straat": "Raadhuisplein",
        "huisnummer": 1,
        "postcode": "3201 BN",
        "plaatsnaam": "Spijkenisse",
        "gemeentecode": "1930",
    }
    response = koppelingen.school_a.client.post(MELDINGEN, body(leerling_a, afwijkend_adres=adres))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["gemeente"]["code"] == "1930"
    assert data["afwijkend_adres"]["postcode"] == "3201BN"
    assert data["routering"]["regel"] == "verblijfadres"


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"onbekend_veld": 1}, "onbekend_veld"),
        ({"melder": {"naam": "X", "telefoonnummer": "0201234567", "email": "a@b.nl", "fax": "1"}}, "melder.fax"),
        ({"verzuimdagen": "vier"}, "verzuimdagen"),
        ({"alle_lessen_gemist": "misschien"}, "alle_lessen_gemist"),
        ({"persoonsgebonden_nummer": "123456789"}, "persoonsgebonden_nummer"),
        ({"persoonsgebonden_nummer": "12345"}, "persoonsgebonden_nummer"),
        ({"einddatum": "2000-01-01"}, "einddatum"),
        ({"begindatum": "gisteren"}, "begindatum"),
        ({"verzuimsoort": "bestaat_niet"}, "verzuimsoort"),
        ({"verzuimsoort": 7}, "verzuimsoort"),
        ({"verzuimsoort": "16_uur\x00"}, "verzuimsoort"),
        ({"melder": {"naam": "X\x00", "telefoonnummer": "0201234567", "email": "a@b.nl"}}, "melder.naam"),
        ({"leslocatie": "ELDERS"}, "leslocatie"),
        ({"melder": {"naam": "X", "telefoonnummer": "0201234567", "email": "geen-mail"}}, "melder.email"),
        ({"actie_gemeente_gewenst": False}, "toelichting_geen_actie"),
        (
            {"afwijkend_adres": {"straat": "A", "huisnummer": 1, "postcode": "1234AB", "plaatsnaam": "Nergensdorp"}},
            "afwijkend_adres.gemeentecode",
        ),
        (
            {"afwijkend_adres": {"straat": "A", "huisnummer": 1, "postcode": "12", "plaatsnaam": "Maasgouw"}},
            "afwijkend_adres.postcode",
        ),
        ({"vestiging": "00AV00"}, "vestiging"),
    ],
)
def test_foute_invoer_geeft_400_met_veldnaam_en_schrijft_niets(personas, leerling_a, koppelingen, wijziging, veld):
    response = koppelingen.school_a.client.post(MELDINGEN, body(leerling_a, **wijziging))
    assert_probleem(response, 400)
    assert veld in namen(response), response.json()
    assert not Melding.objects.exists()


def test_ontbrekende_velden_worden_genoemd(personas, koppelingen):
    response = koppelingen.school_a.client.post(MELDINGEN, {})
    assert {"persoonsgebonden_nummer", "begindatum", "verzuimsoort", "melder"} <= namen(
        assert_probleem(response, 400) and response
    )


def test_onbekende_of_elders_ingeschreven_leerling(personas, leerling_b, koppelingen):
    for nummer in (leerling_b.persoonsgebonden_nummer, "999999990"):
        response = koppelingen.school_a.client.post(MELDINGEN, body(leerling_b, persoonsgebonden_nummer=nummer))
        assert_probleem(response, 400)
        assert namen(response) == {"persoonsgebonden_nummer"}
    assert not Melding.objects.exists()


def test_geen_json_en_geen_object(personas, koppelingen):
    client = koppelingen.school_a.client
    assert_probleem(client.post(MELDINGEN, "{kapot", content_type="application/json"), 400)
    assert_probleem(client.post(MELDINGEN, [1, 2]), 400)
    assert_probleem(client.post(MELDINGEN, "a=b", content_type="application/x-www-form-urlencoded"), 415)


def test_dubbele_melding_wordt_geweigerd(personas, leerling_a, koppelingen, melding):
    response = koppelingen.school_a.client.post(MELDINGEN, body(leerling_a))
    assert_probleem(response, 400)
    assert namen(response) & {"begindatum", "persoonsgebonden_nummer"}


def test_gemeente_kan_niet_melden(personas, leerling_a, koppelingen):
    assert_probleem(koppelingen.gemeente_x.client.post(MELDINGEN, body(leerling_a)), 404)
    assert not Melding.objects.exists()


def test_koppeling_voor_meer_vestigingen_kiest_vestiging(personas, koppelingen):
    from tests.api.conftest import registreer

    bestuur = registreer(["00AR00", "00AV00"], "Bestuurspakket")
    leerling = LeerlingFactory(vestiging=personas.school_b, woongemeente=personas.gemeente_y)
    zonder = bestuur.client.post(MELDINGEN, body(leerling))
    assert namen(zonder) == {"vestiging"}
    response = bestuur.client.post(MELDINGEN, body(leerling, vestiging="00AV00"))
    assert response.status_code == 201, response.content
    assert response.json()["vestiging"] == "00AV00"
    assert response.json()["gemeente"]["code"] == "1930"


# ---- idempotency -------------------------------------------------------------------------------------------


def test_idempotency_key(personas, leerling_a, koppelingen):
    client = koppelingen.school_a.client
    eerste = client.post(MELDINGEN, body(leerling_a), HTTP_IDEMPOTENCY_KEY="pakket-42")
    tweede = client.post(MELDINGEN, body(leerling_a), HTTP_IDEMPOTENCY_KEY="pakket-42")
    assert eerste.status_code == tweede.status_code == 201
    assert eerste.json()["meldingsnummer"] == tweede.json()["meldingsnummer"]
    assert tweede["Idempotent-Replayed"] == "true"
    assert Melding.objects.count() == 1
    ander = client.post(MELDINGEN, body(leerling_a, verzuimuren=18), HTTP_IDEMPOTENCY_KEY="pakket-42")
    assert_probleem(ander, 409)
    assert Melding.objects.count() == 1
    assert_probleem(client.post(MELDINGEN, body(leerling_a), HTTP_IDEMPOTENCY_KEY="x" * 300), 400)


def test_idempotency_key_na_fout_wordt_niet_bewaard(personas, leerling_a, koppelingen):
    client = koppelingen.school_a.client
    assert (
        client.post(MELDINGEN, body(leerling_a, einddatum="2000-01-01"), HTTP_IDEMPOTENCY_KEY="k1").status_code == 400
    )
    assert client.post(MELDINGEN, body(leerling_a), HTTP_IDEMPOTENCY_KEY="k1").status_code == 201


# ---- reading -----------------------------------------------------------------------------------------------


def test_detail_per_rol(personas, koppelingen, melding):
    for k in (koppelingen.school_a, koppelingen.gemeente_x):
        response = k.client.get(url(melding))
        assert response.status_code == 200
        assert response.json()["meldingsnummer"] == melding.meldingsnummer
        assert response.json()["leerling"]["persoonsgebonden_nummer"] == melding.leerling_id
    for k in (koppelingen.school_b, koppelingen.gemeente_y):
        assert_probleem(k.client.get(url(melding)), 404)
    assert_probleem(koppelingen.school_a.client.get(f"{MELDINGEN}VM00-BESTAATNIET/"), 404)
    assert_probleem(koppelingen.school_a.client.get(f"{MELDINGEN}%00%27/"), 404)
    assert ToegangslogRegel.objects.filter(
        actie="melding_inzien", actor=koppelingen.gemeente_x.gebruiker.username
    ).exists()


def test_lijst_per_rol_en_filters(personas, leerling_a, leerling_b, koppelingen, melding):
    anders = MeldingFactory(vestiging=personas.school_b, leerling=leerling_b, in_behandeling=True)
    lijst = lambda k, q="": [m["meldingsnummer"] for m in k.client.get(MELDINGEN + q).json()["results"]]
    assert lijst(koppelingen.school_a) == [melding.meldingsnummer]
    assert lijst(koppelingen.gemeente_x) == [melding.meldingsnummer]
    assert lijst(koppelingen.school_b) == [anders.meldingsnummer]
    assert lijst(koppelingen.gemeente_y) == [anders.meldingsnummer]
    assert lijst(koppelingen.school_a, "?status=in_behandeling") == []
    assert lijst(koppelingen.school_b, "?status=in_behandeling") == [anders.meldingsnummer]
    morgen = (timezone.now() + dt.timedelta(days=1)).isoformat().replace("+", "%2B")
    assert lijst(koppelingen.school_a, f"?gewijzigd_sinds={morgen}") == []
    assert_probleem(koppelingen.school_a.client.get(MELDINGEN + "?status=weg"), 400)
    assert_probleem(koppelingen.school_a.client.get(MELDINGEN + "?gewijzigd_sinds=gisteren"), 400)
    assert_probleem(koppelingen.school_a.client.get(MELDINGEN + "?cursor=onzin"), 400)


def test_lijst_cursor_pagineert(personas, koppelingen):
    for _ in range(5):
        MeldingFactory(vestiging=personas.school_a)
    client = koppelingen.school_a.client
    gezien, volgende = [], MELDINGEN + "?aantal=2"
    while volgende:
        data = client.get(volgende).json()
        assert "count" not in data
        gezien += [m["meldingsnummer"] for m in data["results"]]
        volgende = data["next"]
    assert len(gezien) == len(set(gezien)) == 5


@pytest.mark.parametrize("koppeling", ["school_a", "gemeente_x"])
def test_lijst_aantal_queries_constant(personas, koppelingen, koppeling):
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    client = getattr(koppelingen, koppeling).client
    MeldingFactory(vestiging=personas.school_a, leerling=leerling, leslocatie=personas.school_a.leslocaties.first())
    client.get(MELDINGEN)  # warm-up
    with CaptureQueriesContext(connection) as een:
        assert len(client.get(MELDINGEN).json()["results"]) == 1
    for _ in range(49):
        MeldingFactory(vestiging=personas.school_a, leerling=leerling, afgesloten=True)
    with CaptureQueriesContext(connection) as vijftig:
        assert len(client.get(MELDINGEN).json()["results"]) == 50
    assert len(een) == len(vijftig)


def _meldingen_in_elke_vorm(personas):
    """School A's meldingen in every shape the API writes: leslocatie, closed, withdrawn, RBL with an address."""
    from gemeenten.models import Gemeente, Rbl

    leerling = LeerlingFactory(vestiging=personas.school_a, voorvoegsel="van der")
    return [
        MeldingFactory(vestiging=personas.school_a, leslocatie=personas.school_a.leslocaties.first()),
        MeldingFactory(vestiging=personas.school_a, leerling=leerling, afgesloten=True, einddatum=None),
        MeldingFactory(vestiging=personas.school_a, ingetrokken=True, verzuimdagen=None, verzuimuren=None),
        MeldingFactory(
            vestiging=personas.school_a,
            rbl=Rbl.objects.create(code="rbl-test", naam="RBL <Test> & co"),
            routering={"regel": "afwijkend", "lijst": [1, None]},
            afwijkend_straat="Dorpsstraat",
            afwijkend_huisnummer=3,
            afwijkend_postcode="1234AB",
            afwijkend_plaatsnaam="Ergens",
            afwijkend_gemeente=Gemeente.objects.exclude(code=personas.gemeente_x.code).first(),
        ),
    ]


def _zoals_de_serializer(meldingsnummers):
    """What a new MeldingSerializer writes for each melding: the contract the API's faster paths must match."""
    from rest_framework.renderers import JSONRenderer

    from api.serializers import MeldingSerializer

    meldingen = Melding.objects.filter(meldingsnummer__in=meldingsnummers)
    return {m.meldingsnummer: JSONRenderer().render(MeldingSerializer(m).data) for m in meldingen}


def test_lijst_schrijft_wat_de_melding_serializer_schrijft(personas, koppelingen):
    """The list's values()-based shaping is MeldingSerializer's output, for every shape a melding can have."""
    from rest_framework.renderers import JSONRenderer

    _meldingen_in_elke_vorm(personas)
    lijst = koppelingen.school_a.client.get(MELDINGEN).json()["results"]
    verwacht = _zoals_de_serializer([m["meldingsnummer"] for m in lijst])
    assert len(lijst) == len(verwacht) == 4
    for melding in lijst:
        assert JSONRenderer().render(melding) == verwacht[melding["meldingsnummer"]]


def test_detail_schrijft_wat_een_nieuwe_melding_serializer_schrijft(personas, koppelingen):
    """The detail (and every verb's answer) reuses one serializer per process: one melding's fields never leak into
    the next one's, in any order."""
    nummers = [m.meldingsnummer for m in _meldingen_in_elke_vorm(personas)]
    verwacht = _zoals_de_serializer(nummers)
    client = koppelingen.school_a.client
    for nummer in nummers + nummers[::-1]:
        response = client.get(f"{MELDINGEN}{nummer}/")
        assert response.status_code == 200
        assert response.content == verwacht[nummer]


def test_indienen_aantal_statements(personas, koppelingen, leerling_a, django_assert_max_num_queries):
    """An API create's SQL is part of its cost (docs/performance.md, item 3): a statement that comes back fails here.

    Serializer: verzuimsoort, the koppeling's vestiging (with its leslocaties), leslocatie; then the service:
    savepoint (BEGIN in production), Bron, lock, duplicate check, meldingsnummer, melding, history, gemeente
    settings, outbox, reminder, release (COMMIT). No outer transaction without an Idempotency-Key; no permission
    query of the service's own (the vestiging's query checked it: selectors.mag_melden_voor).
    """
    client = koppelingen.school_a.client
    client.get(MELDINGEN)  # warm-up: the certificate is cached per process
    with django_assert_max_num_queries(14):
        response = client.post(MELDINGEN, body(leerling_a))
    assert response.status_code == 201, response.content


# ---- school changes ----------------------------------------------------------------------------------------


def test_school_wijzigt(personas, koppelingen, melding):
    client = koppelingen.school_a.client
    response = client.patch(url(melding), {"melder": {"telefoonnummer": "0209999999"}, "verzuimuren": 20})
    assert response.status_code == 200, response.content
    melding.refresh_from_db()
    assert melding.melder_telefoonnummer == "0209999999" and melding.verzuimuren == 20
    assert melding.melder_naam == "Mevrouw de Melder"
    assert set(melding.historie.filter(actie="gewijzigd").get().gewijzigde_velden) == {
        "melder_telefoonnummer",
        "verzuimuren",
    }
    assert "onzin" in namen(
        assert_probleem(client.patch(url(melding), {"onzin": 1}), 400) and client.patch(url(melding), {"onzin": 1})
    )
    assert "einddatum" in namen(client.patch(url(melding), {"einddatum": "2000-01-01"}))
    assert "status" in namen(client.patch(url(melding), {"status": "afgesloten"}))


def test_anderen_kunnen_niet_wijzigen_of_intrekken(personas, koppelingen, melding):
    voor = Melding.objects.values().get(pk=melding.pk)
    for k in (koppelingen.school_b, koppelingen.gemeente_y, koppelingen.gemeente_x):
        assert_probleem(k.client.patch(url(melding), {"verzuimuren": 1}), 404)
        assert_probleem(k.client.post(url(melding, "intrekken"), {"reden": "weg"}), 404)
    assert Melding.objects.values().get(pk=melding.pk) == voor
    assert melding.historie.count() == 1


def test_intrekken_en_daarna_409(personas, koppelingen, melding):
    client = koppelingen.school_a.client
    assert namen(client.post(url(melding, "intrekken"), {})) == {"reden"}
    response = client.post(url(melding, "intrekken"), {"reden": "Verkeerde leerling"})
    assert response.status_code == 200 and response.json()["status"] == "ingetrokken"
    assert_probleem(client.post(url(melding, "intrekken"), {"reden": "Nogmaals"}), 409)
    assert_probleem(client.patch(url(melding), {"verzuimuren": 1}), 409)


# ---- gemeente ----------------------------------------------------------------------------------------------


def afsluiten_body(**overrides):
    return {"reden": "terug_naar_school", "toelichting": "gezien_door_gemeente", "contactpersoon": CONTACT, **overrides}


def test_gemeente_behandelt_en_sluit_af(personas, koppelingen, melding):
    client = koppelingen.gemeente_x.client
    assert_probleem(client.post(url(melding, "afsluiten"), afsluiten_body()), 409)  # not in behandeling yet
    response = client.post(url(melding, "in-behandeling"))
    assert response.status_code == 200 and response.json()["status"] == "in_behandeling"
    assert_probleem(client.post(url(melding, "in-behandeling")), 409)
    assert "reden" in namen(client.post(url(melding, "afsluiten"), afsluiten_body(reden="vrije tekst")))
    assert "contactpersoon.email" in namen(
        client.post(url(melding, "afsluiten"), afsluiten_body(contactpersoon={**CONTACT, "email": "x"}))
    )
    assert "toelichting_vrij" in namen(client.post(url(melding, "afsluiten"), afsluiten_body(toelichting_vrij="x")))
    response = client.post(url(melding, "afsluiten"), afsluiten_body())
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "afgesloten"
    assert data["afsluiting"] == {
        "reden": "terug_naar_school",
        "toelichting": "gezien_door_gemeente",
        "contactpersoon": CONTACT,
    }
    assert_probleem(client.post(url(melding, "afsluiten"), afsluiten_body()), 409)
    # The school sees the outcome, and may no longer change the melding.
    assert koppelingen.school_a.client.get(url(melding)).json()["status"] == "afgesloten"
    assert_probleem(koppelingen.school_a.client.patch(url(melding), {"verzuimuren": 1}), 409)


def test_ter_kennisgeving(personas, koppelingen, melding):
    client = koppelingen.gemeente_x.client
    assert_probleem(client.post(url(melding, "ter-kennisgeving"), {"x": 1}), 400)
    response = client.post(url(melding, "ter-kennisgeving"))
    assert response.status_code == 200 and response.json()["status"] == "ter_kennisgeving"


def test_doorzetten(personas, koppelingen, melding):
    client = koppelingen.gemeente_x.client
    assert "gemeentecode" in namen(
        client.post(url(melding, "doorzetten"), {"gemeentecode": "9999", "reden": "verhuisd"})
    )
    assert "reden" in namen(client.post(url(melding, "doorzetten"), {"gemeentecode": "1930", "reden": "zomaar"}))
    assert "gemeentecode" in namen(
        client.post(url(melding, "doorzetten"), {"gemeentecode": "1641", "reden": "verhuisd"})
    )
    response = client.post(url(melding, "doorzetten"), {"gemeentecode": "1930", "reden": "verhuisd"})
    assert response.status_code == 200, response.content
    assert response.json()["gemeente"] == {"code": "1930", "naam": "Nissewaard"}
    assert_probleem(client.get(url(melding)), 404)
    assert koppelingen.gemeente_y.client.get(url(melding)).status_code == 200


def test_gemeentewerkwoorden_voor_anderen_404(personas, koppelingen, melding):
    voor = Melding.objects.values().get(pk=melding.pk)
    for k in (koppelingen.gemeente_y, koppelingen.school_b, koppelingen.school_a):
        assert_probleem(k.client.post(url(melding, "in-behandeling")), 404)
        assert_probleem(k.client.post(url(melding, "ter-kennisgeving")), 404)
        assert_probleem(k.client.post(url(melding, "afsluiten"), afsluiten_body()), 404)
        assert_probleem(k.client.post(url(melding, "doorzetten"), {"gemeentecode": "1930", "reden": "verhuisd"}), 404)
    assert Melding.objects.values().get(pk=melding.pk) == voor


def test_methode_niet_toegestaan(personas, koppelingen, melding):
    assert_probleem(koppelingen.school_a.client.put(url(melding), {}, content_type="application/json"), 405)
    assert_probleem(koppelingen.school_a.client.delete(url(melding)), 405)


# ---- change feed -------------------------------------------------------------------------------------------


def test_gebeurtenissen(personas, koppelingen, melding):
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    school = koppelingen.school_a.client
    data = school.get("/api/v1/gebeurtenissen/").json()
    assert [(g["soort"], g["naar_status"]) for g in data["gebeurtenissen"]] == [
        ("ingediend", "geregistreerd"),
        ("status", "in_behandeling"),
    ]
    assert {g["meldingsnummer"] for g in data["gebeurtenissen"]} == {melding.meldingsnummer}
    cursor = data["volgende"]
    assert school.get(f"/api/v1/gebeurtenissen/?na={cursor}").json() == {"gebeurtenissen": [], "volgende": cursor}
    koppelingen.gemeente_x.client.post(url(melding, "afsluiten"), afsluiten_body())
    verder = school.get(f"/api/v1/gebeurtenissen/?na={cursor}").json()
    assert [(g["van_status"], g["naar_status"]) for g in verder["gebeurtenissen"]] == [("in_behandeling", "afgesloten")]
    eerste = school.get("/api/v1/gebeurtenissen/?aantal=1").json()
    assert len(eerste["gebeurtenissen"]) == 1 and eerste["volgende"] == eerste["gebeurtenissen"][0]["cursor"]
    assert len(koppelingen.gemeente_x.client.get("/api/v1/gebeurtenissen/").json()["gebeurtenissen"]) == 3
    for k in (koppelingen.school_b, koppelingen.gemeente_y):
        assert k.client.get("/api/v1/gebeurtenissen/").json()["gebeurtenissen"] == []
    assert_probleem(school.get("/api/v1/gebeurtenissen/?na=abc"), 400)


def test_gebeurtenissen_houden_de_laatste_seconden_achter(personas, koppelingen, melding, settings):
    settings.API_GEBEURTENISSEN_WACHTTIJD = 60
    assert koppelingen.school_a.client.get("/api/v1/gebeurtenissen/").json()["gebeurtenissen"] == []


# ---- reference data, schema, docs --------------------------------------------------------------------------


def test_referentie(personas, koppelingen):
    for k in (koppelingen.school_a, koppelingen.gemeente_x):
        soorten = k.client.get("/api/v1/referentie/verzuimsoorten/").json()
        assert "16_uur" in {s["code"] for s in soorten}
        assert {"code", "naam", "geldig_van", "geldig_tot", "einddatum_verplicht"} <= set(soorten[0])
        assert len(k.client.get("/api/v1/referentie/afsluitredenen/").json()) == 7
        assert len(k.client.get("/api/v1/referentie/toelichtingen-afsluiting/").json()) == 3
    assert koppelingen.school_a.client.get("/api/v1/referentie/leslocaties/").json() == [
        {"vestiging": "00AR00", "locatiecode": "HOOFD", "naam": "Hoofdgebouw", "actief": True}
    ]
    assert koppelingen.gemeente_x.client.get("/api/v1/referentie/leslocaties/").json() == []
    assert_probleem(KoppelingClient().get("/api/v1/referentie/verzuimsoorten/"), 401)


def test_schema_en_documentatie_openbaar(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paden = schema.json()["paths"]
    for pad in (
        "/api/v1/meldingen/",
        "/api/v1/meldingen/{meldingsnummer}/",
        "/api/v1/meldingen/{meldingsnummer}/intrekken/",
        "/api/v1/meldingen/{meldingsnummer}/in-behandeling/",
        "/api/v1/meldingen/{meldingsnummer}/afsluiten/",
        "/api/v1/meldingen/{meldingsnummer}/ter-kennisgeving/",
        "/api/v1/meldingen/{meldingsnummer}/doorzetten/",
        "/api/v1/gebeurtenissen/",
        "/api/v1/referentie/verzuimsoorten/",
        "/api/v1/referentie/afsluitredenen/",
        "/api/v1/referentie/toelichtingen-afsluiting/",
        "/api/v1/referentie/leslocaties/",
    ):
        assert pad in paden
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


def test_onbekend_pad_onder_api_geeft_probleemdocument(koppelingen):
    assert_probleem(koppelingen.school_a.client.get("/api/v1/bestaat-niet/"), 404)
    assert_probleem(KoppelingClient().delete("/api/v1/meldingen/x/y/z/"), 404)


def test_intrekken_certificaat_werkt_direct_ook_als_het_al_in_de_cache_stond(koppelingen):
    from api.services import certificaat_intrekken

    client = koppelingen.school_a.client
    assert client.get(MELDINGEN).status_code == 200  # now cached
    certificaat_intrekken(door=None, certificaat=koppelingen.school_a.certificaat)
    assert_probleem(client.get(MELDINGEN), 401)


def test_alle_fouten_in_een_keer(personas, leerling_a, koppelingen):
    melder = {"naam": "X", "telefoonnummer": "0201234567", "email": "x", "fax": "1"}
    response = koppelingen.school_a.client.post(
        MELDINGEN, body(leerling_a, persoonsgebonden_nummer="123456789", melder=melder, foo=1)
    )
    assert namen(assert_probleem(response, 400) and response) == {
        "foo",
        "persoonsgebonden_nummer",
        "melder.email",
        "melder.fax",
    }


def test_rbl_koppeling_ziet_meldingen_van_haar_gemeenten(personas, koppelingen, melding):
    from tests.api.conftest import registreer
    from tests.factories import RblFactory

    rbl = RblFactory(code="rbl-noord-limburg")
    personas.gemeente_x.rbl = rbl
    personas.gemeente_x.save()
    melding.rbl = rbl
    melding.save()
    regio = registreer(["rbl-noord-limburg"], "Zaaksysteem RBL")
    assert regio.client.get(url(melding)).status_code == 200
    assert regio.client.post(url(melding, "in-behandeling")).json()["status"] == "in_behandeling"
    assert [m["meldingsnummer"] for m in regio.client.get(MELDINGEN).json()["results"]] == [melding.meldingsnummer]


def test_ingetrokken_recht_geldt_direct_ook_als_het_certificaat_in_de_cache_staat(personas, koppelingen, melding):
    """The certificate lookup is cached per process (API_CERTIFICAAT_CACHE_SECONDEN); the account's rights are not.

    The rights are remembered on the user object for one request (meldvestigingen, gemeenterechten): the cached
    service account itself must not carry them into the next request.
    """
    from autorisatie.models import Rol
    from autorisatie.services import autorisatie_intrekken

    school, gemeente = koppelingen.school_a, koppelingen.gemeente_x
    assert school.client.get(url(melding)).status_code == 200  # certificate and rights read, the lookup cached
    assert gemeente.client.get(url(melding)).status_code == 200
    autorisatie_intrekken(door=None, gebruiker=school.gebruiker, rol=Rol.MELDER, organisatie=personas.school_a)
    autorisatie_intrekken(
        door=None, gebruiker=gemeente.gebruiker, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=personas.gemeente_x
    )
    assert_probleem(school.client.get(url(melding)), 404)
    assert school.client.get(MELDINGEN).json()["results"] == []
    assert_probleem(gemeente.client.get(url(melding)), 404)
