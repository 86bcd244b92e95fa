"""The start page after login: points each user to the portal(s) their roles give, and tells a school
which of its meldingen changed status since the user's previous visit."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from autorisatie.models import Rol
from autorisatie.predicates import rollen_van, vestigingen_met
from scholen.services import portaalbezoek_registreren

from .. import selectors

# The previous visit is fixed for the whole session, so the notice survives a reload of the start page.
VORIG_BEZOEK_SESSIE = "vorig_bezoek"


def _vorig_bezoek(request):
    if VORIG_BEZOEK_SESSIE not in request.session:
        vorige = portaalbezoek_registreren(door=request.user)
        request.session[VORIG_BEZOEK_SESSIE] = vorige.isoformat() if vorige else ""
    waarde = request.session[VORIG_BEZOEK_SESSIE]
    if not waarde:
        return None
    return datetime.fromisoformat(waarde)


@login_required
def dashboard(request):
    rollen = rollen_van(request.user)
    is_school = bool(rollen & {Rol.MELDER, Rol.BEHEERDER_ONDERWIJS})
    context = {
        "is_school": is_school,
        "is_melder": Rol.MELDER in rollen,
        "is_schoolbeheerder": vestigingen_met(request.user, "beheren_onderwijs").exists(),
        "is_gemeente": bool(rollen & {Rol.LEERPLICHTAMBTENAAR, Rol.BOA}),
        "is_gemeente_beheerder": Rol.GEMEENTE_BEHEERDER in rollen,
        "rollen": sorted(rollen),
    }
    if Rol.MELDER in rollen:
        vorige = _vorig_bezoek(request)
        context["vorig_bezoek"] = vorige
        context["gewijzigd"] = list(selectors.statuswijzigingen_sinds(request.user, vorige))
    return render(request, "meldingen/dashboard.html", context)
