"""Beheer's statistics screen: purge tombstones and the CSV export for OCW."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render

from autorisatie.predicates import is_loket_beheer
from protocollering.services import protocolleer

from . import services
from .models import MeldingStatistiek, Opschoonronde


@login_required
def beheer_statistiek(request):
    if not is_loket_beheer(request.user):
        raise Http404
    soort = request.GET.get("download")
    if soort:
        schrijver = {"rijen": services.rijen_csv, "aggregaten": services.aggregaten_csv}.get(soort)
        try:
            jaar = services.parse_schooljaar(request.GET.get("schooljaar"))
        except ValueError:
            jaar = None
        if schrijver is None or jaar is None:
            raise Http404
        protocolleer(
            actor=request.user, actie=f"statistiek_export_{soort}", object=f"{jaar}-{jaar + 1}", request=request
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="statistiek_{jaar}-{jaar + 1}_{soort}.csv"'
        schrijver(jaar, response)
        return response
    jaren = MeldingStatistiek.objects.values("schooljaar").annotate(n=Count("pk")).order_by("-schooljaar")
    return render(
        request,
        "statistiek/beheer.html",
        {
            "jaren": [{"label": f"{j['schooljaar']}-{j['schooljaar'] + 1}", "n": j["n"]} for j in jaren],
            "rondes": Opschoonronde.objects.all()[:50],
        },
    )
