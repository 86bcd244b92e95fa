"""Logging in for view tests: force_login plus a verified TOTP device, as the MFA middleware requires."""

from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def login_met_mfa(client, user):
    """force_login `user` and mark the session OTP-verified with a (created) confirmed TOTP device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    request = _SessieRequest(client, user)
    otp_login(request, device)
    request.session.save()
    client.cookies[_sessie_cookie()] = request.session.session_key
    return device


def _sessie_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


class _SessieRequest:
    """The minimum django_otp.login needs: a user and the client's session."""

    def __init__(self, client, user):
        self.session = client.session
        self.user = user


def totp_code(device):
    """The current 6-digit code of a TOTP device, as an authenticator app would show it.

    django-otp accepts each code only once (replay protection via device.last_t): a second login
    within the same 30 seconds needs the next code, or reset `device.last_t = -1` first.
    """
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


try:
    import pytest

    @pytest.fixture
    def mfa_login(client):
        """`mfa_login(user)`: the test client logged in as `user` with a verified second factor."""
        return lambda user: login_met_mfa(client, user)
except ImportError:  # pragma: no cover - pytest is a test dependency
    pass
