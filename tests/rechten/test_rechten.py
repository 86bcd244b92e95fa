"""Rights of the pupil: inzage (JSON and PDF, with who accessed) and the correctie workflow with the school."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meldingen import services as meldingen_services
from protocollering.models import Resultaat, ToegangslogRegel
from protocollering.services import protocolleer
from rechten import services
from rechten.models import CorrectieStatus, Correctieverzoek, Inzageverzoek
from tests.factories import schoolgegevens
from tests.mfa import login_met_mfa

pytestmark = pytest.mark.django_db

# Received more than a month ago: the deadline has passed.
LANG_GELEDEN = (dt.date.today() - dt.timedelta(days=40)).strftime("%d-%m-%Y")


@pytest.fixture
def melding(personas, leerling_a):
    return meldingen_services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )


def test_een_maand_termijn():
    assert services.een_maand_na(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert services.een_maand_na(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)


def test_inzage_bevat_bron_meldingen_historie_en_toegang(client, personas, leerling_a, melding):
    protocolleer(actor=personas.lpa_x, actie="melding_inzien", object=melding.meldingsnummer)
    login_met_mfa(client, personas.beheer)
    response = client.post(
        reverse("rechten:inzage_lijst"),
        {
            "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer,
            "verzoeker": "ouder",
            "ontvangen_op": "01-11-2026",
        },
    )
    verzoek = Inzageverzoek.objects.get()
    assert response.status_code == 302 and leerling_a.persoonsgebonden_nummer not in response.url
    assert verzoek.uiterlijk_op == dt.date(2026, 12, 1)
    assert client.get(response.url).status_code == 200
    data = json.loads(client.get(reverse("rechten:inzage_download", args=[verzoek.pk, "json"])).content)
    assert data["bron"]["achternaam"] == leerling_a.achternaam
    assert data["bron"]["inschrijvingen"][0]["vestiging"]
    assert [m["meldingsnummer"] for m in data["meldingen"]] == [melding.meldingsnummer]
    assert data["meldingen"][0]["historie"][0]["actie"] == "ingediend"
    assert any(r["organisatie"] == "1641" and r["actie"] == "melding_inzien" for r in data["toegang"])
    assert all("actor" not in r for r in data["toegang"])
    pdf = client.get(reverse("rechten:inzage_download", args=[verzoek.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    client.post(reverse("rechten:inzage_beantwoord", args=[verzoek.pk]))
    verzoek.refresh_from_db()
    assert verzoek.beantwoord_op is not None
    acties = set(ToegangslogRegel.objects.filter(actor="beheer").values_list("actie", flat=True))
    assert {
        "inzageverzoek_geregistreerd",
        "inzage_samengesteld",
        "inzage_export_json",
        "inzage_export_pdf",
        "inzageverzoek_beantwoord",
    } <= acties
    assert not ToegangslogRegel.objects.filter(object__contains=leerling_a.persoonsgebonden_nummer).exists()


def test_inzage_foute_invoer(client, personas):
    login_met_mfa(client, personas.beheer)
    response = client.post(
        reverse("rechten:inzage_lijst"),
        {"persoonsgebonden_nummer": "123456789", "verzoeker": "ouder", "ontvangen_op": "01-11-2026"},
    )
    assert response.status_code == 200 and "geen geldig BSN" in response.content.decode()
    assert not Inzageverzoek.objects.exists()


def test_correctie_workflow(client, personas, leerling_a, melding, django_capture_on_commit_callbacks, mailoutbox):
    login_met_mfa(client, personas.beheer)
    fout = client.post(
        reverse("rechten:correctie_lijst"),
        {
            "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer,
            "meldingsnummer": "VMT-9999999",
            "gegeven": "begindatum",
            "gevraagde_correctie": "x",
            "ontvangen_op": LANG_GELEDEN,
        },
    )
    assert "geen melding met dit nummer" in fout.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("rechten:correctie_lijst"),
            {
                "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer,
                "meldingsnummer": melding.meldingsnummer,
                "gegeven": "begindatum",
                "gevraagde_correctie": "De leerling was op de eerste dag wel aanwezig.",
                "ontvangen_op": LANG_GELEDEN,
            },
        )
    verzoek = Correctieverzoek.objects.get()
    assert verzoek.status == CorrectieStatus.BIJ_SCHOOL
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [melding.melder_email]
    assert (
        leerling_a.achternaam not in mailoutbox[0].body and leerling_a.persoonsgebonden_nummer not in mailoutbox[0].body
    )
    assert "termijn verstreken" in client.get(reverse("rechten:correctie_lijst")).content.decode()
    with pytest.raises(ValidationError, match="pas"):
        services.correctieverzoek_afhandelen(
            door=personas.beheer, verzoek=verzoek, uitkomst="gecorrigeerd", toelichting=""
        )

    # The school of another vestiging does not see it; the reporting school answers.
    login_met_mfa(client, personas.melder_b)
    assert client.get(reverse("rechten:school_correctie", args=[verzoek.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.correctie_school_antwoorden(door=personas.melder_b, verzoek=verzoek, antwoord="juist", toelichting="")
    login_met_mfa(client, personas.melder_a)
    assert melding.meldingsnummer in client.get(reverse("rechten:school_correcties")).content.decode()
    client.post(
        reverse("rechten:school_correctie", args=[verzoek.pk]),
        {"antwoord": "gecorrigeerd", "toelichting": "Begindatum aangepast."},
    )
    verzoek.refresh_from_db()
    assert verzoek.status == CorrectieStatus.SCHOOL_GEANTWOORD and verzoek.school_beantwoord_door == personas.melder_a

    login_met_mfa(client, personas.beheer)
    client.post(reverse("rechten:correctie", args=[verzoek.pk]), {"uitkomst": "gecorrigeerd", "toelichting": ""})
    verzoek.refresh_from_db()
    assert verzoek.status == CorrectieStatus.AFGEHANDELD and verzoek.uitkomst == "gecorrigeerd"
    acties = list(
        ToegangslogRegel.objects.filter(actie__startswith="correctieverzoek_").values_list("actie", flat=True)
    )
    assert {
        "correctieverzoek_geregistreerd",
        "correctieverzoek_school_antwoord",
        "correctieverzoek_afgehandeld",
    } <= set(acties)


def test_vermoedelijke_reden_is_niet_corrigeerbaar():
    from rechten.models import CORRIGEERBARE_GEGEVENS

    velden = {v for v, _ in CORRIGEERBARE_GEGEVENS}
    assert "vermoedelijke_reden" not in velden and "verzuimsoort" not in velden


BEHEER_URLS = ["rechten:inzage_lijst", "rechten:correctie_lijst"]


def test_anoniem_naar_inloggen(client):
    for naam in [*BEHEER_URLS, "rechten:school_correcties"]:
        response = client.get(reverse(naam))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["melder_a", "lpa_x", "buitenstaander"])
def test_404_voor_wie_geen_beheer_is(client, personas, leerling_a, persona):
    verzoek = services.inzageverzoek_registreren(
        door=personas.beheer, persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer, verzoeker="leerling"
    )
    login_met_mfa(client, getattr(personas, persona))
    urls = [reverse(n) for n in BEHEER_URLS] + [
        reverse("rechten:inzage", args=[verzoek.pk]),
        reverse("rechten:inzage_download", args=[verzoek.pk, "json"]),
        reverse("rechten:inzage_download", args=[verzoek.pk, "pdf"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("rechten:inzage_beantwoord", args=[verzoek.pk])).status_code == 404
    verzoek.refresh_from_db()
    assert verzoek.beantwoord_op is None
    user = getattr(personas, persona)
    assert ToegangslogRegel.objects.filter(actor=user.username, resultaat=Resultaat.GEWEIGERD).count() == len(urls) + 1
    if persona != "melder_a":
        assert client.get(reverse("rechten:school_correcties")).status_code == 404
