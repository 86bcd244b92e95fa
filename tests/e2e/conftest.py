"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server on real PostgreSQL.

Generic helpers for every portal's e2e tests: the `browser` and `page` fixtures, `inloggen()` and
`controleer_pagina()` (screenshot into test-artifacts/e2e/ plus an axe-core run that fails on serious or
critical violations). Mark tests with @pytest.mark.e2e and @pytest.mark.django_db(transaction=True).
"""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import WACHTWOORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
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
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
ERNSTIG = {"serious", "critical"}
# Every e2e action waits at most this long; a slow shared CI box gets some slack, a hang still fails fast.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("VL_VEREIST_ECHTE_PROGRAMMAS") and any("e2e" in item.keywords for item in items):
        # CI (.ci/run) must not pass by skipping the browser tests.
        raise pytest.UsageError(f"Chromium ontbreekt op {CHROMIUM}; bin/test installeert het als root (apt-get)")
    overslaan = pytest.mark.skip(reason=f"Chromium niet gevonden op {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(overslaan)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and tests
    # are still synchronous and safe, so Django's async guard must not stop them (only while a browser runs).
    vorige = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if vorige is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = vorige


@pytest.fixture
def nieuwe_pagina(browser, live_server, settings):
    """Factory: a fresh browser context and page (Dutch locale) with extra context options, e.g.
    java_script_enabled=False to prove a flow works without JavaScript."""
    # live_server speaks plain http: a Secure session cookie would never come back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexten = []

    def maak(**opties):
        # bypass_csp: axe-core is injected as an inline script, which our CSP rightly refuses. The CSP
        # itself is tested in tests/beveiliging (headers, and a browser login without violations).
        opties = {
            "locale": "nl-NL",
            "viewport": {"width": 1280, "height": 900},
            "base_url": live_server.url,
            "bypass_csp": True,
            **opties,
        }
        context = browser.new_context(**opties)
        context.set_default_timeout(TIMEOUT_MS)
        contexten.append(context)
        return context.new_page()

    yield maak
    for context in contexten:
        context.close()


@pytest.fixture
def page(nieuwe_pagina):
    return nieuwe_pagina()


def inloggen(page, live_server, username, wachtwoord=WACHTWOORD):
    """Log in as a person would: password, then the TOTP code of the user's authenticator; ends on the start page.

    Starts from a clean context (no cookies), so a test can switch persona on the same page.
    """
    from django.contrib.auth import get_user_model

    from beveiliging.mfa import totp_apparaat_voor
    from tests.mfa import totp_code

    device, _ = totp_apparaat_voor(get_user_model().objects.get(username=username))
    device.last_t = -1  # a second login in the same 30 s would otherwise reuse a spent code
    device.save(update_fields=["last_t"])
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", wachtwoord)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/inloggen/(verificatie|mfa-instellen)/.*"))
    page.fill("input[name=otp_token]", totp_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/inloggen/).*$"))
    return page


def _bestandsnaam(naam):
    return re.sub(r"[^a-z0-9_-]+", "-", naam.lower()).strip("-") + ".png"


def schermafdruk(page, naam):
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    pad = ARTEFACTEN / _bestandsnaam(naam)
    page.screenshot(path=str(pad), full_page=True)
    return pad


def axe_schendingen(page, impacts=ERNSTIG):
    """Run axe-core (vendored, see vendor/README.md) on the current page; return the violations of those impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    resultaat = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [v for v in resultaat["violations"] if v.get("impact") in impacts]


def controleer_pagina(page, naam):
    """One step of a flow: keep a screenshot as a test artefact and fail on serious/critical axe violations."""
    schermafdruk(page, naam)
    schendingen = axe_schendingen(page)
    if schendingen:
        regels = [
            f"- {v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(
                ", ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:5]
            )
            for v in schendingen
        ]
        pytest.fail(f"axe-core op '{naam}' ({page.url}):\n" + "\n".join(regels), pytrace=False)
