"""Middleware: refused access goes to the access log, MFA is enforced, sessions end after 12 hours."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from protocollering.models import Resultaat
from protocollering.services import protocolleer

GEWEIGERD_STATUS = {401, 403, 404}


class GeweigerdeToegangMiddleware:
    """The one place that logs refused attempts: every 401/403/404 a logged-in user gets on a known URL.

    Views log what they allow; "no access" is a 404 raised anywhere below (selectors, predicates,
    DRF), so catching it at the response covers them all without each view remembering to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in GEWEIGERD_STATUS and getattr(request, "resolver_match", None) is not None:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not getattr(request, "_geweigerd_geprotocolleerd", False):
                match = request.resolver_match
                # Only the meldingsnummer: other URL parts may be tokens, never log those.
                protocolleer(
                    actor=user,
                    actie=(match.view_name or "onbekend")[:64],
                    object=match.kwargs.get("meldingsnummer", ""),
                    resultaat=Resultaat.GEWEIGERD,
                    request=request,
                )
        return response


SESSIE_LOGIN_TIJD = "beveiliging_ingelogd_op"

# Paths an authenticated but not yet OTP-verified user may reach: the login steps themselves.
MFA_VRIJ = ("/inloggen/", "/uitloggen/", "/activeren/", "/i18n/", "/oidc/")


SESSIE_ACTIEF = "_actief_op"
SESSIE_VERNIEUWEN_NA = 60


class SessieLimietMiddleware:
    """BIO: a session ends 12 hours after login, however active, and after SESSION_COOKIE_AGE idle.

    The idle clock is renewed by saving the session at most once a minute (not on every request,
    which would cost a database write per page): idle expiry is exact to within that minute. Both
    limits are checked here, not left to the session store: a cached session is not re-checked
    against its database expiry date.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = time.time()
            ingelogd_op = request.session.get(SESSIE_LOGIN_TIJD)
            actief_op = request.session.get(SESSIE_ACTIEF)
            if ingelogd_op is None:
                request.session[SESSIE_LOGIN_TIJD] = nu
            elif nu - ingelogd_op > settings.SESSIE_ABSOLUUT_MAXIMUM or (
                actief_op is not None and nu - actief_op > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                return redirect(f"{reverse('login')}?verlopen=1")
            if nu - (actief_op or 0) > SESSIE_VERNIEUWEN_NA:
                request.session[SESSIE_ACTIEF] = nu
        return self.get_response(request)


class MFAVerplichtMiddleware:
    """Every page, the admin included, needs a session verified with a second factor.

    A user who logged in with a password only is sent to the TOTP step (or to enrolment when they
    have no confirmed device yet); an API call in that state gets 401.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._vrij(request.path):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "Tweede factor (MFA) vereist."}, status=401)
            from urllib.parse import urlencode

            return redirect(f"{reverse('mfa_verificatie')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _vrij(path):
        return path.startswith(MFA_VRIJ) or path.startswith(
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
        )


class BeveiligingsHeadersMiddleware:
    """Headers Django does not set itself: a Permissions-Policy, and no caching of pages with personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        )
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
