"""TEMPORARY stand-in for issue 3's tests/e2e/conftest.py (same fixture and helper names); drop at merge."""

import os
from pathlib import Path

import pytest

from tests.conftest import WACHTWOORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in the test itself are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(os.environ.get("AXE_PATH", "/tmp/issue4npm/node_modules/axe-core/axe.min.js"))
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-screenshots"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(_browser):
    context = _browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def inloggen(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", WACHTWOORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def controleer_toegankelijkheid(page):
    page.add_script_tag(path=str(AXE))
    resultaat = page.evaluate("async () => await axe.run(document)")
    ernstig = [v for v in resultaat["violations"] if v["impact"] in ("serious", "critical")]
    assert not ernstig, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in ernstig]


def screenshot(page, naam):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{naam}.png"), full_page=True)
