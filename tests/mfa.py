"""Logging in for tests now that every session needs a second factor (see docs/beveiliging.md).

- `login_met_mfa(client, user)`: force_login plus an OTP-verified session (view tests).
- `totp_code(device)`: the current code, for tests that type it (browser tests).
- `mfa_login` fixture, and `force_login_verifieert_ook(monkeypatch)` for suites written before MFA.
"""

import pytest
from django.conf import settings
from django.test import Client
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# Django's own, also when force_login_verifieert_ook has patched Client.
_DJANGO_FORCE_LOGIN = Client.force_login


class _SessieRequest:
    """The minimum django_otp.login needs: a user and the client's session."""

    def __init__(self, client, user):
        self.session = client.session
        self.user = user


def _verifieer(client, user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    request = _SessieRequest(client, user)
    otp_login(request, device)
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return device


def login_met_mfa(client, user):
    """force_login `user` and mark the session OTP-verified with a (created) confirmed TOTP device."""
    _DJANGO_FORCE_LOGIN(client, user)
    return _verifieer(client, user)


def totp_code(device):
    """The current 6-digit code of a TOTP device, as an authenticator app would show it.

    django-otp accepts each code only once (replay protection via device.last_t): a second login
    within the same 30 seconds needs the next code, or reset `device.last_t = -1` first.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def mfa_login(client):
    """`mfa_login(user)`: the test client logged in as `user` with a verified second factor."""
    return lambda user: login_met_mfa(client, user)


def force_login_verifieert_ook(monkeypatch):
    """Make every `client.force_login(user)` also OTP-verify the session (for suites written before MFA).

    From a conftest: `@pytest.fixture(autouse=True) def _mfa(monkeypatch): force_login_verifieert_ook(monkeypatch)`.
    Tests of the login steps themselves post to /inloggen/ and are not affected.
    """

    def force_login(self, user, backend=None):
        _DJANGO_FORCE_LOGIN(self, user, backend)
        _verifieer(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
