"""Login hardening: MFA on every page and the admin, enrolment, lockout, session limits, logout, passwords."""

import pytest
import time_machine
from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from beveiliging.mfa import totp_apparaat_voor
from protocollering.models import Resultaat, ToegangslogRegel
from tests.conftest import WACHTWOORD
from tests.mfa import login_met_mfa, totp_code

pytestmark = pytest.mark.django_db


def _wachtwoord(client, username, wachtwoord=WACHTWOORD, next=""):
    data = {"username": username, "password": wachtwoord}
    if next:
        data["next"] = next
    return client.post(reverse("login"), data)


def test_wachtwoord_alleen_komt_niet_binnen_ook_niet_in_admin(client, personas):
    personas.beheer.is_staff = personas.beheer.is_superuser = True
    personas.beheer.save()
    device, _ = totp_apparaat_voor(personas.beheer)
    response = _wachtwoord(client, "beheer", next="/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_verificatie"))
    for url in (
        "/",
        "/admin/",
        reverse("school:lijst"),
        reverse("protocollering:toegangslog"),
    ):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith(reverse("mfa_verificatie")), url
    assert client.get("/api/iets/").status_code == 401
    fout = client.post(reverse("mfa_verificatie"), {"otp_token": "000000", "next": "/admin/"})
    assert "klopt niet" in fout.content.decode()
    assert ToegangslogRegel.objects.filter(actie="inloggen_mfa_mislukt", resultaat=Resultaat.GEWEIGERD).exists()
    device.refresh_from_db()
    device.throttle_reset()
    goed = client.post(reverse("mfa_verificatie"), {"otp_token": totp_code(device), "next": "/admin/"})
    assert goed.status_code == 302 and goed.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert ToegangslogRegel.objects.filter(actie="inloggen", actor="beheer").exists()


def test_admin_login_gaat_via_dezelfde_stappen(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == reverse("login") + "?next=/admin/"


def test_eerste_login_stelt_mfa_in_met_qr_code(client, personas):
    _wachtwoord(client, "melder.a", next=reverse("school:lijst"))
    response = client.get(reverse("mfa_verificatie"), {"next": reverse("school:lijst")})
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_instellen"))
    pagina = client.get(response.url)
    html = pagina.content.decode()
    assert "<svg" in html and "otpauth://totp/" in html
    device = TOTPDevice.objects.get(user=personas.melder_a, confirmed=False)
    assert client.post(response.url, {"otp_token": "123456"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp backs off after a wrong code; a person waits a few seconds
    klaar = client.post(response.url, {"otp_token": totp_code(device), "next": reverse("school:lijst")})
    assert klaar.status_code == 302 and klaar.url == reverse("school:lijst")
    assert client.get(reverse("school:lijst")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_wie_al_een_apparaat_heeft_kan_met_wachtwoord_geen_tweede_toevoegen(client, personas):
    totp_apparaat_voor(personas.melder_a)
    _wachtwoord(client, "melder.a")
    response = client.get(reverse("mfa_instellen"))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_verificatie"))
    assert TOTPDevice.objects.filter(user=personas.melder_a).count() == 1


def test_totp_apparaat_voor_is_idempotent(personas):
    device, uri = totp_apparaat_voor(personas.lpa_x)
    again, uri2 = totp_apparaat_voor(personas.lpa_x)
    assert device == again and uri == uri2 and uri.startswith("otpauth://totp/") and "secret=" in uri


def _zonder_csrf(inhoud):
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", inhoud)


def test_blokkade_na_tien_fouten_zonder_hint_over_bestaan(client, personas):
    for _ in range(9):
        assert _wachtwoord(client, "melder.a", "fout-wachtwoord-123").status_code == 200
    assert _wachtwoord(client, "melder.a", "fout-wachtwoord-123").status_code == 429
    geblokkeerd = _wachtwoord(client, "melder.a")  # the right password no longer helps
    assert geblokkeerd.status_code == 429
    client2 = type(client)(REMOTE_ADDR="10.0.0.2")
    for _ in range(10):
        client2.post(reverse("login"), {"username": "bestaat.niet", "password": "x"})
    onbekend = client2.post(reverse("login"), {"username": "bestaat.niet", "password": "x"})
    assert onbekend.status_code == 429
    # Identical but for the per-response CSRF token masking (the language switch carries a token).
    assert _zonder_csrf(onbekend.content) == _zonder_csrf(geblokkeerd.content)
    assert ToegangslogRegel.objects.filter(actie="inloggen_mislukt", actor="melder.a").count() >= 10
    assert not ToegangslogRegel.objects.filter(actor="bestaat.niet").exists()
    # Beheer lifts the lockout.
    axes_reset(username="melder.a")
    axes_reset(ip="127.0.0.1")
    ok = _wachtwoord(client, "melder.a")
    assert ok.status_code == 302 and ok.url.startswith(reverse("mfa_verificatie"))


def test_blokkade_per_ip(client, personas):
    for i in range(10):
        client.post(reverse("login"), {"username": f"iemand{i}", "password": "x"})
    assert _wachtwoord(client, "lpa.x").status_code == 429


def test_nieuwe_sessie_bij_login_en_uitloggen_beeindigt_hem(client, personas):
    from django.contrib.sessions.models import Session

    client.get(reverse("login"))
    client.session.save()
    voor = client.session.session_key
    device, _ = totp_apparaat_voor(personas.melder_a)
    _wachtwoord(client, "melder.a")
    na = client.session.session_key
    assert voor != na
    client.post(reverse("mfa_verificatie"), {"otp_token": totp_code(device)})
    assert client.get(reverse("school:lijst")).status_code == 200
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=na).exists()
    assert client.get(reverse("school:lijst")).status_code == 302


def test_sessie_verloopt_na_30_minuten_stilte(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as reis:
        login_met_mfa(client, personas.melder_a)
        assert client.get(reverse("school:lijst")).status_code == 200
        reis.shift(25 * 60)
        assert client.get(reverse("school:lijst")).status_code == 200  # activity renews the idle limit
        reis.shift(31 * 60)
        assert client.get(reverse("school:lijst")).status_code == 302


def test_sessie_verloopt_na_12_uur_ook_bij_activiteit(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as reis:
        login_met_mfa(client, personas.melder_a)
        for _ in range(12 * 3 + 1):
            reis.shift(20 * 60)
            response = client.get(reverse("school:lijst"))
        assert response.status_code == 302 and "verlopen=1" in response.url


def test_wachtwoordregels():
    for slecht in ("Kort-1a", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(slecht)
    validate_password("paars-olifant-wandelt-traag")


def test_beveiligingsheaders_en_csp(client, personas):
    login_met_mfa(client, personas.melder_a)
    response = client.get(reverse("school:lijst"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"
    import re

    # Scripts only from our own static files: no inline <script> bodies.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


def test_oidc_koppelt_alleen_bestaande_gebruikers_op_geverifieerd_email(personas, settings):
    settings.OIDC_RP_CLIENT_ID = "x"
    settings.OIDC_RP_CLIENT_SECRET = "x"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    from beveiliging.oidc import AlleenBekendeGebruikersBackend

    backend = AlleenBekendeGebruikersBackend()
    assert list(backend.filter_users_by_claims({"email": personas.lpa_x.email.upper()})) == [personas.lpa_x]
    assert not backend.filter_users_by_claims({"email": personas.lpa_x.email, "email_verified": False}).exists()
    assert not backend.filter_users_by_claims({"email": "onbekend@example.org"}).exists()
    assert backend.create_user({"email": "nieuw@example.org"}) is None


def test_force_login_patch_voor_oudere_suites(client, personas, monkeypatch):
    from django.test import Client

    from tests.mfa import _DJANGO_FORCE_LOGIN, force_login_verifieert_ook

    monkeypatch.setattr(Client, "force_login", _DJANGO_FORCE_LOGIN)  # undo tests/conftest.py's autouse patch
    client.force_login(personas.melder_a)
    assert client.get(reverse("school:lijst")).status_code == 302  # password-equivalent only: not enough
    force_login_verifieert_ook(monkeypatch)
    client.force_login(personas.melder_a)
    assert client.get(reverse("school:lijst")).status_code == 200


def test_periodieke_taken_draaien(personas):
    from autorisatie.tasks import autorisaties_herzien_taak
    from protocollering.services import protocolleer
    from protocollering.tasks import toegangslog_opschonen_taak, toegangslog_verzegelen_taak

    protocolleer(actor=personas.lpa_x, actie="inbox_gemeente")
    assert toegangslog_verzegelen_taak() >= 1
    assert toegangslog_opschonen_taak() == 0
    assert autorisaties_herzien_taak() == 0


def test_client_ip_achter_proxy(rf, settings):
    from beveiliging.netwerk import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    settings.PROXY_HOPS = 0
    assert client_ip(request) == "10.0.0.1"
    settings.PROXY_HOPS = 1
    assert client_ip(request) == "192.0.2.7"  # the address our proxy saw, not the forgeable left part
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_blokkade_per_ip_achter_proxy_telt_per_client(client, personas, settings):
    settings.PROXY_HOPS = 1
    for i in range(10):
        client.post(reverse("login"), {"username": f"iemand{i}", "password": "x"}, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert _wachtwoord_via(client, "192.0.2.1").status_code == 429
    assert _wachtwoord_via(client, "192.0.2.2").status_code == 302


def _wachtwoord_via(client, ip):
    return client.post(reverse("login"), {"username": "lpa.x", "password": WACHTWOORD}, HTTP_X_FORWARDED_FOR=ip)
