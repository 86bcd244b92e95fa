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
