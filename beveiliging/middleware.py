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
