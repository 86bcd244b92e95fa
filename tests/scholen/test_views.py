"""The beheerder onderwijs's pages: leslocaties and contactpersonen, and 404 for everyone else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from autorisatie.models import Autorisatie, Autorisatieverzoek, Rol
from scholen.models import Leslocatie

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _verklaring(inhoud=PDF):
    return SimpleUploadedFile("verklaring.pdf", inhoud, content_type="application/pdf")


def _url(personas, naam="scholen:vestiging", *args):
    return reverse(naam, args=[personas.school_a.code, *args])


def test_beheer_leidt_naar_de_enige_vestiging(client, personas):
    client.force_login(personas.schoolbeheer_a)
    response = client.get(reverse("scholen:beheer"))
    assert response.status_code == 302 and response.url == _url(personas)


def test_pagina_toont_leslocaties_en_contactpersonen(client, personas):
    client.force_login(personas.schoolbeheer_a)
    html = client.get(_url(personas)).content.decode()
    assert "HOOFD" in html and "Hoofdgebouw" in html
    assert personas.melder_a.get_full_name() in html
    assert personas.melder_b.get_full_name() not in html


def test_dashboard_linkt_naar_schoolbeheer(client, personas):
    client.force_login(personas.schoolbeheer_a)
    assert reverse("scholen:beheer") in client.get(reverse("dashboard")).content.decode()


def test_leslocatie_toevoegen_en_fout_bij_het_veld(client, personas):
    client.force_login(personas.schoolbeheer_a)
    response = client.post(_url(personas, "scholen:leslocatie_toevoegen"), {"locatiecode": "DEP", "naam": "Dependance"})
    assert response.status_code == 302
    assert personas.school_a.leslocaties.filter(locatiecode="DEP").exists()
    html = client.post(
        _url(personas, "scholen:leslocatie_toevoegen"), {"locatiecode": "dep", "naam": "Dubbel"}
    ).content.decode()
    assert "al een leslocatie met deze code" in html
    assert 'value="Dubbel"' in html
    assert personas.school_a.leslocaties.count() == 2


def test_gedeactiveerde_leslocatie_niet_te_kiezen_bij_melden(client, personas, leerling_a):
    locatie = personas.school_a.leslocaties.get()
    client.force_login(personas.schoolbeheer_a)
    client.post(_url(personas, "scholen:leslocatie_actief", locatie.pk), {"actief": "0"})
    locatie.refresh_from_db()
    assert not locatie.actief
    client.force_login(personas.melder_a)
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer, "begindatum": "2026-01-05"},
    ).content.decode()
    assert "Hoofdgebouw" not in html


def test_verzoek_autoriseren_en_intrekken(client, personas):
    client.force_login(personas.schoolbeheer_a)
    gegevens = {"voornaam": "Nieuwe", "achternaam": "Collega", "email": "nieuw@school.example", "rol": Rol.MELDER}
    html = client.post(
        _url(personas, "scholen:autoriseren"), {**gegevens, "verklaring": _verklaring(b"GIF89a")}
    ).content.decode()
    assert "geen PDF" in html and 'href="#id_verzoek_verklaring"' in html
    assert not Autorisatieverzoek.objects.exists()
    response = client.post(_url(personas, "scholen:autoriseren"), {**gegevens, "verklaring": _verklaring()})
    assert response.status_code == 302
    verzoek = Autorisatieverzoek.objects.get(soort="toekennen", email="nieuw@school.example")
    assert (verzoek.vestiging, verzoek.ingediend_door) == (personas.school_a, personas.schoolbeheer_a)
    assert bytes(verzoek.verklaring) == PDF
    assert "nieuw@school.example" in client.get(_url(personas)).content.decode()  # "Uw verzoeken"
    autorisatie = Autorisatie.objects.get(gebruiker=personas.melder_a, vestiging=personas.school_a)
    url = _url(personas, "scholen:intrekken", autorisatie.pk)
    assert personas.melder_a.get_full_name() in client.get(url).content.decode()
    assert "foutsamenvatting" in client.post(url, {"toelichting": ""}).content.decode()
    assert client.post(url, {"toelichting": "Uit dienst"}).status_code == 302
    verzoek = Autorisatieverzoek.objects.get(soort="intrekken")
    assert (verzoek.gebruiker, verzoek.toelichting) == (personas.melder_a, "Uit dienst")
    assert Autorisatie.objects.filter(pk=autorisatie.pk).exists()  # beheer decides, not the school


def test_beheer_keurt_intrekkingsverzoek_goed_in_het_verzoekscherm(client, personas):
    client.force_login(personas.schoolbeheer_a)
    autorisatie = Autorisatie.objects.get(gebruiker=personas.melder_a, vestiging=personas.school_a)
    client.post(_url(personas, "scholen:intrekken", autorisatie.pk), {"toelichting": "Uit dienst"})
    verzoek = Autorisatieverzoek.objects.get()
    client.force_login(personas.beheer)
    assert "Intrekken" in client.get(reverse("autorisatie:verzoeken")).content.decode()
    html = client.get(reverse("autorisatie:verzoek", args=[verzoek.pk])).content.decode()
    assert "Uit dienst" in html and "autorisatie intrekken" in html
    client.post(reverse("autorisatie:goedkeuren", args=[verzoek.pk]))
    assert not Autorisatie.objects.filter(pk=autorisatie.pk).exists()


@pytest.mark.parametrize("persona", ["melder_a", "melder_b", "lpa_x", "beheer", "buitenstaander"])
def test_404_voor_wie_geen_beheerder_onderwijs_is(client, personas, persona):
    client.force_login(getattr(personas, persona))
    locatie = personas.school_a.leslocaties.get()
    autorisatie = Autorisatie.objects.get(gebruiker=personas.melder_a, vestiging=personas.school_a)
    assert client.get(reverse("scholen:beheer")).status_code == 404
    assert client.get(_url(personas)).status_code == 404
    assert client.get(_url(personas, "scholen:leslocatie_wijzigen", locatie.pk)).status_code == 404
    assert client.get(_url(personas, "scholen:intrekken", autorisatie.pk)).status_code == 404
    for naam, args, data in (
        ("scholen:leslocatie_toevoegen", (), {"locatiecode": "X", "naam": "X"}),
        ("scholen:leslocatie_wijzigen", (locatie.pk,), {"naam": "X"}),
        ("scholen:leslocatie_actief", (locatie.pk,), {"actief": "0"}),
        ("scholen:leslocatie_verwijderen", (locatie.pk,), {}),
        (
            "scholen:autoriseren",
            (),
            {"voornaam": "X", "achternaam": "Y", "email": "x@x.nl", "rol": "melder", "verklaring": _verklaring()},
        ),
        ("scholen:intrekken", (autorisatie.pk,), {"toelichting": "x"}),
    ):
        assert client.post(_url(personas, naam, *args), data).status_code == 404
    assert Leslocatie.objects.filter(vestiging=personas.school_a).count() == 1
    locatie.refresh_from_db()
    assert (locatie.naam, locatie.actief) == ("Hoofdgebouw", True)
    assert not Autorisatieverzoek.objects.exists()


def test_leslocatie_van_andere_school_404(client, personas):
    client.force_login(personas.schoolbeheer_a)
    andere = personas.school_b.leslocaties.get()
    assert client.get(_url(personas, "scholen:leslocatie_wijzigen", andere.pk)).status_code == 404
    assert client.post(_url(personas, "scholen:leslocatie_verwijderen", andere.pk)).status_code == 404
    assert Leslocatie.objects.filter(pk=andere.pk).exists()
