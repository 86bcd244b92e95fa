"""The school's portal in a real browser: melden with the Bron preview, Mijn meldingen, wijzigen, intrekken."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from autorisatie.models import Autorisatieverzoek
from meldingen import services
from meldingen.models import Melding
from meldingen.workflow import Status
from tests.e2e.conftest import controleer_pagina, inloggen, schermafdruk
from tests.factories import LeerlingFactory, schoolgegevens

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _melding_van_a(personas, leerling):
    return services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )


def _ja_nee(page, vraag, antwoord):
    page.get_by_role("group", name=re.compile(vraag)).get_by_label(antwoord, exact=True).check()


def test_melder_meldt_vindt_wijzigt_en_trekt_in(page, live_server, personas, leerling_a):
    andere = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x, voornamen="Bram")
    in_te_trekken = _melding_van_a(personas, andere)
    begindatum = timezone.localdate() - dt.timedelta(days=15)
    einddatum = timezone.localdate() - dt.timedelta(days=1)

    page.goto(f"{live_server.url}/inloggen/")
    controleer_pagina(page, "00-inloggen")
    inloggen(page, live_server, "melder.a")
    controleer_pagina(page, "01-dashboard")

    page.get_by_role("link", name="Verzuim melden").first.click()
    page.get_by_role("heading", name="Verzuim melden").wait_for()
    controleer_pagina(page, "02-melden-stap1")

    page.get_by_label("BSN of onderwijsnummer").fill(leerling_a.persoonsgebonden_nummer)
    page.get_by_label("Begindatum verzuim").fill(begindatum.isoformat())
    page.get_by_role("button", name="Leerling opzoeken").click()

    # The routing preview: the right child, and where the melding will go and why, before submitting.
    voorbeeld = page.locator("section.voorbeeld")
    voorbeeld.get_by_text(leerling_a.naam).wait_for()
    assert "17-05-2012" in voorbeeld.inner_text()
    assert "De melding gaat naar: gemeente Maasgouw" in voorbeeld.inner_text()
    assert "Volgens Bron woont de leerling in Maasgouw" in voorbeeld.inner_text()
    assert page.locator("#id_melder_naam").input_value() == personas.melder_a.get_full_name()
    controleer_pagina(page, "03-melden-voorbeeld")

    # First a form with mistakes: nothing is saved, the values stay, the summary links to the fields.
    page.get_by_label(re.compile(r"^16 uur in 4 weken")).check()
    _ja_nee(page, "Alle lessen gemist", "Nee")
    _ja_nee(page, "Actie door gemeente gewenst", "Ja")
    page.locator("#id_vermoedelijke_reden").fill("Ouders onbereikbaar")
    page.locator("#id_verzuimuren").fill("17")
    page.locator("#id_melder_telefoonnummer").fill("bel mij")
    page.get_by_role("button", name="Melding versturen").click()
    samenvatting = page.locator("#foutsamenvatting")
    samenvatting.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "foutsamenvatting"
    assert "Einddatum verzuim" in samenvatting.inner_text()
    assert "Telefoonnummer melder" in samenvatting.inner_text()
    assert page.locator("#id_vermoedelijke_reden").input_value() == "Ouders onbereikbaar"
    assert page.locator("#id_verzuimuren").input_value() == "17"
    assert page.get_by_label(re.compile(r"^16 uur in 4 weken")).is_checked()
    assert voorbeeld.get_by_text(leerling_a.naam).is_visible()
    assert Melding.objects.filter(leerling=leerling_a).count() == 0
    controleer_pagina(page, "04-melden-fouten")
    samenvatting.get_by_role("link", name=re.compile("Telefoonnummer melder")).click()
    assert page.evaluate("() => document.activeElement.id") == "id_melder_telefoonnummer"

    page.locator("#id_einddatum").fill(einddatum.isoformat())
    page.locator("#id_melder_telefoonnummer").fill("0475 123456")
    page.get_by_role("button", name="Melding versturen").click()
    bericht = page.locator(".bericht--success")
    bericht.wait_for()
    melding = Melding.objects.get(leerling=leerling_a)
    assert (
        f"Melding {melding.meldingsnummer} is geregistreerd en doorgestuurd naar gemeente Maasgouw"
        in bericht.inner_text()
    )
    controleer_pagina(page, "05-melding-detail")

    # Mijn meldingen: the new one is on top; search by pupil name finds it.
    page.get_by_role("link", name="Mijn meldingen").first.click()
    eerste_rij = page.locator("table.tabel tbody tr").first
    assert melding.meldingsnummer in eerste_rij.inner_text()
    assert "geregistreerd" in eerste_rij.inner_text()
    page.get_by_label("Zoek op meldingsnummer of naam leerling").fill(leerling_a.achternaam)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("1 melding").first.wait_for()
    assert in_te_trekken.meldingsnummer not in page.locator("table.tabel").inner_text()
    assert leerling_a.achternaam not in page.url
    controleer_pagina(page, "06-mijn-meldingen-gezocht")

    # Wijzigen: the history records which field changed.
    page.get_by_role("link", name=melding.meldingsnummer).click()
    page.get_by_role("link", name="Wijzigen").click()
    controleer_pagina(page, "07-wijzigen")
    page.locator("#id_verzuimuren").fill("21")
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.get_by_text("De wijziging is opgeslagen.").wait_for()
    assert "gewijzigd: Verzuimuren" in page.locator("#kop-historie").locator("..").inner_text()
    melding.refresh_from_db()
    assert melding.verzuimuren == 21

    # Intrekken another melding, with a reason.
    page.goto(f"{live_server.url}/school/meldingen/{in_te_trekken.meldingsnummer}/")
    page.get_by_label("Reden van intrekken").fill("Verkeerde leerling gekozen")
    page.get_by_role("button", name="Melding intrekken").click()
    page.get_by_text(f"Melding {in_te_trekken.meldingsnummer} is ingetrokken.").wait_for()
    controleer_pagina(page, "08-ingetrokken")
    in_te_trekken.refresh_from_db()
    assert in_te_trekken.status == Status.INGETROKKEN
    assert in_te_trekken.intrekkingsreden == "Verkeerde leerling gekozen"


def test_melder_b_kan_melding_van_a_niet_openen(page, live_server, personas, leerling_a):
    melding = _melding_van_a(personas, leerling_a)
    inloggen(page, live_server, "melder.b")
    response = page.goto(f"{live_server.url}/school/meldingen/{melding.meldingsnummer}/")
    assert response.status == 404
    assert leerling_a.naam not in page.content()
    page.get_by_role("heading", name="Niet gevonden").wait_for()
    controleer_pagina(page, "09-melder-b-404")


def test_beheerder_onderwijs_beheert_leslocaties_en_vraagt_autorisatie(page, live_server, personas):
    inloggen(page, live_server, "schoolbeheer.a")
    page.get_by_role("link", name="Leslocaties en contactpersonen beheren").click()
    page.get_by_role("heading", name="Leslocaties", exact=True).wait_for()
    controleer_pagina(page, "10-schoolbeheer")

    page.get_by_label("Locatiecode").fill("DEP2")
    page.get_by_label("Naam leslocatie").fill("Dependance Kerkstraat")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Leslocatie DEP2 is toegevoegd.").wait_for()
    assert personas.school_a.leslocaties.filter(locatiecode="DEP2", actief=True).exists()

    page.get_by_label("Voornaam collega").fill("Nieuwe")
    page.get_by_label("Achternaam collega").fill("Mentor")
    page.get_by_label("E-mailadres collega").fill("mentor@school.example")
    # The smallest file the loket accepts as the signed declaration: it checks the %PDF- magic bytes.
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    page.get_by_label("Ondertekende verklaring (PDF)").set_input_files(
        {"name": "verklaring.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="Verzoek versturen").click()
    page.get_by_text("Uw verzoek is naar het loketbeheer gestuurd.").wait_for()
    assert "mentor@school.example" in page.locator("#kop-verzoeken").locator("..").inner_text()
    assert Autorisatieverzoek.objects.filter(email="mentor@school.example", vestiging=personas.school_a).exists()
    controleer_pagina(page, "11-schoolbeheer-verzoek")


def test_melden_werkt_zonder_javascript(nieuwe_pagina, live_server, personas, leerling_a):
    page = nieuwe_pagina(java_script_enabled=False)
    inloggen(page, live_server, "melder.a")
    page.goto(f"{live_server.url}/school/meldingen/nieuw/")
    page.get_by_label("BSN of onderwijsnummer").fill(leerling_a.persoonsgebonden_nummer)
    page.get_by_label("Begindatum verzuim").fill((timezone.localdate() - dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Leerling opzoeken").click()
    page.locator("section.voorbeeld").get_by_text(leerling_a.naam).wait_for()
    page.get_by_label(re.compile(r"^Luxe verzuim")).check()
    _ja_nee(page, "Alle lessen gemist", "Ja")
    _ja_nee(page, "Actie door gemeente gewenst", "Nee")
    page.locator("#id_toelichting_geen_actie").fill("Ouders hebben excuses aangeboden")
    page.locator("#id_melder_telefoonnummer").fill("0475123456")
    page.get_by_role("button", name="Melding versturen").click()
    page.locator(".bericht--success").wait_for()
    melding = Melding.objects.get(leerling=leerling_a)
    assert melding.verzuimsoort_id == "luxe" and melding.actie_gemeente_gewenst is False
    schermafdruk(page, "12-zonder-javascript")
