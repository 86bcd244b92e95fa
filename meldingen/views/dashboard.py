"""The start page after login: points each user to the portal(s) their roles give."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from autorisatie.models import Rol
from autorisatie.predicates import rollen_van


@login_required
def dashboard(request):
    rollen = rollen_van(request.user)
    return render(
        request,
        "meldingen/dashboard.html",
        {
            "is_school": bool(rollen & {Rol.MELDER, Rol.BEHEERDER_ONDERWIJS}),
            "is_gemeente": bool(rollen & {Rol.LEERPLICHTAMBTENAAR, Rol.BOA}),
            "is_gemeente_beheerder": Rol.GEMEENTE_BEHEERDER in rollen,
            "rollen": sorted(rollen),
        },
    )
