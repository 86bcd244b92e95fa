"""In a real browser: password, then the TOTP code, lands on the portal; the CSP blocks nothing of ours."""

import pytest

from beveiliging.mfa import totp_apparaat_voor
from tests.conftest import WACHTWOORD
from tests.factories import UserFactory
from tests.mfa import totp_code

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_inloggen_met_wachtwoord_en_totp_in_de_browser(live_server):
    # A user without roles and the start page: no reference data needed after other tests' flushes.
    playwright = pytest.importorskip("playwright.sync_api")
    user = UserFactory(username="e2e.gebruiker")
    device, _ = totp_apparaat_voor(user)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            schendingen = []
            page.on(
                "console", lambda msg: schendingen.append(msg.text) if "Content Security Policy" in msg.text else None
            )
            page.goto(f"{live_server.url}/")
            page.fill("input[name=username]", "e2e.gebruiker")
            page.fill("input[name=password]", WACHTWOORD)
            page.click("main button[type=submit]")
            page.wait_for_url("**/inloggen/verificatie/**")
            page.fill("input[name=otp_token]", totp_code(device))
            # "main": once the password is accepted the header holds a logout button, also type=submit.
            page.click("main button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            assert "Uitloggen" in page.content()
            assert not schendingen, schendingen
        finally:
            browser.close()
