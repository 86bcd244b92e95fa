"""The gemeente's portal in Chromium: lpa.x handles a melding, the school sees the outcome, lpa.y sees nothing."""

import pytest

from meldingen import services
from tests.e2e.conftest import controleer_pagina, inloggen, schermafdruk
from tests.factories import LeerlingFactory, schoolgegevens

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_lpa_behandelt_en_sluit_af_school_ziet_de_reden(page, live_server, personas):
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    melding = services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )
    nummer = melding.meldingsnummer

    # lpa.x: inbox -> detail -> in behandeling -> afsluiten with a reason
    inloggen(page, live_server, "lpa.x")
    page.goto(f"{live_server.url}/gemeente/meldingen/")
    page.get_by_role("link", name=nummer).wait_for()
    controleer_pagina(page, "gemeente-inbox")
    page.get_by_role("link", name=nummer).click()
    page.get_by_role("heading", name=f"Melding {nummer}").wait_for()
    controleer_pagina(page, "gemeente-detail")
    page.get_by_role("button", name="In behandeling nemen").click()
    page.get_by_text("De melding is in behandeling genomen.").wait_for()
    page.get_by_role("link", name="Afsluiten").click()
    page.get_by_role("heading", name=f"Melding {nummer} afsluiten").wait_for()
    controleer_pagina(page, "gemeente-stap-1")
    page.get_by_label("Geen verzuim, langdurig ziek").check()
    page.get_by_label("Er loopt geen actie meer richting leerling").check()
    page.get_by_label("Telefoonnummer").fill("0475123456")
    schermafdruk(page, "gemeente-afsluiten")
    page.get_by_role("button", name="Afsluiten").click()
    page.get_by_text("De melding is afgesloten; de school ziet de reden.").wait_for()
    controleer_pagina(page, "gemeente-stap-2")

    # Werkvoorraad and charts: the chart is drawn by our own static script from json_script data.
    page.get_by_role("link", name="Werkvoorraad").click()
    page.get_by_role("heading", name="Werkvoorraad").wait_for()
    controleer_pagina(page, "gemeente-stap-3")
    page.get_by_role("link", name="Grafieken").click()
    page.locator("[data-grafiek='per-soort-data'] svg rect").first.wait_for()
    controleer_pagina(page, "gemeente-grafieken")

    # melder.a sees the reason on the school's detail page
    inloggen(page, live_server, "melder.a")
    page.goto(f"{live_server.url}/school/meldingen/{nummer}/")
    page.get_by_text("Geen verzuim, langdurig ziek", exact=True).wait_for()
    assert page.get_by_text("Er loopt geen actie meer richting leerling", exact=True).is_visible()
    controleer_pagina(page, "school-detail-afgesloten")

    # lpa.y (another gemeente) gets 404 and no trace of the melding in the inbox
    inloggen(page, live_server, "lpa.y")
    antwoord = page.goto(f"{live_server.url}/gemeente/meldingen/{nummer}/")
    assert antwoord.status == 404
    page.goto(f"{live_server.url}/gemeente/meldingen/")
    assert nummer not in page.content()
