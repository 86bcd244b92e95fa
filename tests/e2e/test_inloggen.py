"""In a real browser: password, then the TOTP code, lands on the portal; the CSP blocks nothing of ours."""

import pytest

from tests.factories import UserFactory

from .conftest import inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_inloggen_met_wachtwoord_en_totp_zonder_csp_schendingen(nieuwe_pagina, live_server):
    UserFactory(username="e2e.gebruiker")
    # Without bypass_csp: here the page runs under our real Content Security Policy.
    page = nieuwe_pagina(bypass_csp=False)
    schendingen = []
    page.on("console", lambda msg: schendingen.append(msg.text) if "Content Security Policy" in msg.text else None)
    inloggen(page, live_server, "e2e.gebruiker")
    assert page.url == f"{live_server.url}/"
    assert "Uitloggen" in page.content()
    assert not schendingen, schendingen
