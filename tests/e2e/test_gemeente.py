"""The gemeente's portal in Chromium: lpa.x handles a melding, the school sees the outcome, lpa.y sees nothing."""

import pytest

from meldingen import services
from tests.e2e.conftest import controleer_toegankelijkheid, inloggen, screenshot
from tests.factories import LeerlingFactory, schoolgegevens

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_lpa_behandelt_en_sluit_af_school_ziet_de_reden(pagina, live_server, personas):
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    melding = services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )
    nummer = melding.meldingsnummer

    # lpa.x: inbox -> detail -> in behandeling -> afsluiten with a reason
    inloggen(pagina, live_server, "lpa.x")
    pagina.goto(f"{live_server.url}/gemeente/meldingen/")
    pagina.get_by_role("link", name=nummer).wait_for()
    controleer_toegankelijkheid(pagina)
    screenshot(pagina, "gemeente-inbox")
    pagina.get_by_role("link", name=nummer).click()
    pagina.get_by_role("heading", name=f"Melding {nummer}").wait_for()
    controleer_toegankelijkheid(pagina)
    screenshot(pagina, "gemeente-detail")
    pagina.get_by_role("button", name="In behandeling nemen").click()
    pagina.get_by_text("De melding is in behandeling genomen.").wait_for()
    pagina.get_by_role("link", name="Afsluiten").click()
    pagina.get_by_role("heading", name=f"Melding {nummer} afsluiten").wait_for()
    controleer_toegankelijkheid(pagina)
    pagina.get_by_label("Geen verzuim, langdurig ziek").check()
    pagina.get_by_label("Er loopt geen actie meer richting leerling").check()
    pagina.get_by_label("Telefoonnummer").fill("0475123456")
    screenshot(pagina, "gemeente-afsluiten")
    pagina.get_by_role("button", name="Afsluiten").click()
    pagina.get_by_text("De melding is afgesloten; de school ziet de reden.").wait_for()
    controleer_toegankelijkheid(pagina)

    # Werkvoorraad and charts: the chart is drawn by our own static script from json_script data.
    pagina.get_by_role("link", name="Werkvoorraad").click()
    pagina.get_by_role("heading", name="Werkvoorraad").wait_for()
    controleer_toegankelijkheid(pagina)
    pagina.get_by_role("link", name="Grafieken").click()
    pagina.locator("[data-grafiek='per-soort-data'] svg rect").first.wait_for()
    controleer_toegankelijkheid(pagina)
    screenshot(pagina, "gemeente-grafieken")

    # melder.a sees the reason on the school's detail page
    inloggen(pagina, live_server, "melder.a")
    pagina.goto(f"{live_server.url}/school/meldingen/{nummer}/")
    pagina.get_by_text("Geen verzuim, langdurig ziek", exact=True).wait_for()
    assert pagina.get_by_text("Er loopt geen actie meer richting leerling", exact=True).is_visible()
    controleer_toegankelijkheid(pagina)
    screenshot(pagina, "school-detail-afgesloten")

    # lpa.y (another gemeente) gets 404 and no trace of the melding in the inbox
    inloggen(pagina, live_server, "lpa.y")
    antwoord = pagina.goto(f"{live_server.url}/gemeente/meldingen/{nummer}/")
    assert antwoord.status == 404
    pagina.goto(f"{live_server.url}/gemeente/meldingen/")
    assert nummer not in pagina.content()
