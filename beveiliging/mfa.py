"""TOTP devices: enrolment, verification, and the helper seed_demo uses to give personas a device."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_apparaat_voor(user, *, naam="authenticator"):
    """A confirmed TOTP device for `user` (created when missing) and its otpauth:// URI.

    For seed_demo and tests: print the URI so a tester can add it to an authenticator app, or
    compute codes with django_otp.oath.totp(device.bin_key).
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=naam, confirmed=True)
    return device, device.config_url


def onbevestigd_apparaat(user):
    """The device being enrolled: one unconfirmed TOTP device per user, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def heeft_apparaat(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def code_controleren(user, code):
    """The confirmed device that accepts `code`, or None (django-otp throttles repeated failures)."""
    return match_token(user, (code or "").strip().replace(" ", ""))


def qr_svg(uri):
    """The otpauth URI as an inline SVG QR code (no image request, no inline script: fits the CSP)."""
    afbeelding = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=14)
    buffer = BytesIO()
    afbeelding.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
