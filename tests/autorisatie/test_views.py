"""Beheer's authorisation pages and the activation link through the test client."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from autorisatie import services
from autorisatie.models import Autorisatie, Autorisatieverzoek, Rol, VerzoekStatus
from protocollering.models import Resultaat, ToegangslogRegel
from tests.mfa import login_met_mfa

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def verzoek(personas):
    return services.autorisatieverzoek_indienen(
        door=personas.schoolbeheer_a,
        voornaam="Nieuwe",
        achternaam="Melder",
        email="nieuw@school-a.example",
        rol=Rol.MELDER,
        organisatie=personas.school_a,
        verklaring=PDF,
        bestandsnaam="v.pdf",
    )


def _beheer_urls(verzoek, personas):
    autorisatie = Autorisatie.objects.get(gebruiker=personas.melder_a)
    return {
        "get": [
            reverse("autorisatie:verzoeken"),
            reverse("autorisatie:verzoek", args=[verzoek.pk]),
            reverse("autorisatie:verklaring", args=[verzoek.pk]),
            reverse("autorisatie:herziening"),
        ],
        "post": [
            reverse("autorisatie:goedkeuren", args=[verzoek.pk]),
            reverse("autorisatie:afwijzen", args=[verzoek.pk]),
            reverse("autorisatie:autorisatie_actie", args=[autorisatie.pk, "schorsen"]),
            reverse("autorisatie:autorisatie_actie", args=[autorisatie.pk, "intrekken"]),
            reverse(
                "autorisatie:gebruiker_actie",
                args=[personas.melder_a.pk, "ontgrendelen"],
            ),
        ],
    }


def test_anoniem_naar_inloggen(client, personas, verzoek):
    urls = _beheer_urls(verzoek, personas)
    for url in [*urls["get"], reverse("autorisatie:verzoek_nieuw")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["melder_a", "lpa_x", "schoolbeheer_a", "buitenstaander"])
def test_404_voor_wie_geen_beheer_is_en_niets_verandert(client, personas, verzoek, persona):
    login_met_mfa(client, getattr(personas, persona))
    urls = _beheer_urls(verzoek, personas)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"reden": "x"}).status_code == 404, url
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.INGEDIEND
    assert Autorisatie.objects.get(gebruiker=personas.melder_a).geschorst_op is None
    geweigerd = ToegangslogRegel.objects.filter(
        resultaat=Resultaat.GEWEIGERD, actor=getattr(personas, persona).username
    )
    assert geweigerd.count() == len(urls["get"]) + len(urls["post"])


def test_verzoek_indienen_met_pdf_en_foutmeldingen(client, personas):
    login_met_mfa(client, personas.schoolbeheer_a)
    data = {
        "voornaam": "A",
        "achternaam": "B",
        "email": "a@b.example",
        "rol": Rol.MELDER,
        "organisatie": "00AR00",
    }
    fout = client.post(
        reverse("autorisatie:verzoek_nieuw"),
        {**data, "verklaring": SimpleUploadedFile("v.pdf", b"GIF89a")},
    )
    assert fout.status_code == 200 and "geen PDF" in fout.content.decode()
    ander = client.post(
        reverse("autorisatie:verzoek_nieuw"),
        {
            **data,
            "organisatie": "00AV00",
            "verklaring": SimpleUploadedFile("v.pdf", PDF),
        },
    )
    assert "geen autorisatie aanvragen" in ander.content.decode()
    assert not Autorisatieverzoek.objects.exists()
    ok = client.post(
        reverse("autorisatie:verzoek_nieuw"),
        {**data, "verklaring": SimpleUploadedFile("v.pdf", PDF)},
    )
    assert ok.status_code == 302
    assert Autorisatieverzoek.objects.get().verklaring_bestandsnaam == "v.pdf"


def test_beheer_keurt_goed_en_gebruiker_activeert_eenmalig(
    client, personas, verzoek, django_capture_on_commit_callbacks
):
    login_met_mfa(client, personas.beheer)
    assert "Nieuwe Melder" in client.get(reverse("autorisatie:verzoeken")).content.decode()
    pdf = client.get(reverse("autorisatie:verklaring", args=[verzoek.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == PDF
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("autorisatie:goedkeuren", args=[verzoek.pk])).status_code == 302
    token = mail.outbox[0].body.split("/activeren/")[1].split("/")[0]
    client.post(reverse("logout"))

    url = reverse("autorisatie:activeren", args=[token])
    assert client.get(url).status_code == 200
    zwak = client.post(url, {"new_password1": "kort", "new_password2": "kort"})
    assert zwak.status_code == 200 and "foutsamenvatting" in zwak.content.decode()
    goed = client.post(
        url,
        {
            "new_password1": "paars-olifant-wandelt-traag",
            "new_password2": "paars-olifant-wandelt-traag",
        },
    )
    assert goed.status_code == 302 and goed.url == reverse("mfa_instellen")
    assert client.get(reverse("mfa_instellen")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(url).status_code == 404


def test_herziening_toont_en_schorst(client, personas):
    login_met_mfa(client, personas.beheer)
    html = client.get(reverse("autorisatie:herziening")).content.decode()
    assert "melder.a" in html or "Test Gebruiker" in html
    autorisatie = Autorisatie.objects.get(gebruiker=personas.melder_a)
    client.post(
        reverse("autorisatie:autorisatie_actie", args=[autorisatie.pk, "schorsen"]),
        {"reden": "onderzoek"},
    )
    autorisatie.refresh_from_db()
    assert autorisatie.geschorst_op is not None
    client.post(reverse("autorisatie:autorisatie_actie", args=[autorisatie.pk, "herstellen"]))
    autorisatie.refresh_from_db()
    assert autorisatie.geschorst_op is None
    client.post(reverse("autorisatie:autorisatie_actie", args=[autorisatie.pk, "intrekken"]))
    assert not Autorisatie.objects.filter(pk=autorisatie.pk).exists()
    assert ToegangslogRegel.objects.filter(actie="autorisatie_ingetrokken", actor="beheer").exists()


@pytest.mark.parametrize("aantal", [1, 30])
def test_lijsten_constant_aantal_queries(client, personas, django_assert_max_num_queries, aantal):
    from tests.factories import UserFactory

    for i in range(aantal):
        services.autorisatieverzoek_indienen(
            door=personas.schoolbeheer_a,
            voornaam="V",
            achternaam=f"A{i}",
            email=f"v{i}@example.org",
            rol=Rol.MELDER,
            organisatie=personas.school_a,
            verklaring=PDF,
            bestandsnaam="v.pdf",
        )
        services.autorisatie_verlenen(
            door=None, gebruiker=UserFactory(username=f"extra{i}"), rol=Rol.MELDER, organisatie=personas.school_b
        )
    login_met_mfa(client, personas.beheer)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("autorisatie:verzoeken")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("autorisatie:herziening")).status_code == 200
