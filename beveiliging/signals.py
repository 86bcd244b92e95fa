"""Login and logout into the access log; the login time into the session for the 12-hour limit."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from protocollering.models import Resultaat
from protocollering.services import protocolleer

from .middleware import SESSIE_LOGIN_TIJD


@receiver(user_logged_in)
def ingelogd(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSIE_LOGIN_TIJD] = time.time()
    protocolleer(actor=user, actie="inloggen_wachtwoord", request=request)


@receiver(user_logged_out)
def uitgelogd(sender, request, user, **kwargs):
    if user is not None:
        protocolleer(actor=user, actie="uitloggen", request=request)


@receiver(user_login_failed)
def inloggen_mislukt(sender, credentials, request=None, **kwargs):
    # Only a username that exists is named: what was typed may be a password in the wrong field.
    naam = credentials.get("username") or ""
    bekend = get_user_model().objects.filter(username=naam).first() if naam else None
    protocolleer(
        actor=bekend if bekend is not None else "onbekend",
        actie="inloggen_mislukt",
        resultaat=Resultaat.GEWEIGERD,
        request=request,
    )
