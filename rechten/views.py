"""Beheer's screens for inzage and correctie, and the school's page to answer a correctie request.

BSNs are POSTed, never put in URLs; requests are addressed by their id.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from autorisatie.predicates import is_loket_beheer
from meldingen.forms import zet_fouten
from protocollering.services import protocolleer

from . import selectors, services
from .forms import (
    AfhandelenForm,
    CorrectieverzoekForm,
    InzageverzoekForm,
    SchoolAntwoordForm,
)
from .pdf import inzage_pdf


def _alleen_beheer(request):
    if not is_loket_beheer(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def inzage_lijst(request):
    _alleen_beheer(request)
    form = InzageverzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verzoek = services.inzageverzoek_registreren(door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            return redirect("rechten:inzage", pk=verzoek.pk)
    verzoeken = selectors.inzageverzoeken_voor(request.user)[:200]
    return render(
        request, "rechten/inzage_lijst.html", {"form": form, "verzoeken": verzoeken, "vandaag": timezone.localdate()}
    )


def _inzageverzoek(request, pk):
    _alleen_beheer(request)
    verzoek = selectors.inzageverzoeken_voor(request.user).filter(pk=pk).first()
    if verzoek is None:
        raise Http404
    return verzoek


@login_required
def inzage_detail(request, pk):
    verzoek = _inzageverzoek(request, pk)
    gegevens = selectors.inzage_gegevens(request.user, verzoek)
    protocolleer(
        actor=request.user,
        actie="inzage_samengesteld",
        object=verzoek.leerling_pseudoniem,
        request=request,
        doel="inzage",
    )
    return render(request, "rechten/inzage_detail.html", {"verzoek": verzoek, "gegevens": gegevens})


@login_required
def inzage_download(request, pk, formaat):
    verzoek = _inzageverzoek(request, pk)
    gegevens = selectors.inzage_gegevens(request.user, verzoek)
    protocolleer(
        actor=request.user,
        actie=f"inzage_export_{formaat}",
        object=verzoek.leerling_pseudoniem,
        request=request,
        doel="inzage",
    )
    if formaat == "json":
        response = HttpResponse(
            json.dumps(gegevens, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(inzage_pdf(gegevens), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{verzoek.pk}.{formaat}"'
    return response


@login_required
@require_POST
def inzage_beantwoord(request, pk):
    verzoek = _inzageverzoek(request, pk)
    services.inzageverzoek_beantwoorden(door=request.user, verzoek=verzoek)
    messages.success(request, "Het verzoek is als beantwoord geregistreerd.")
    return redirect("rechten:inzage", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def correctie_lijst(request):
    _alleen_beheer(request)
    form = CorrectieverzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verzoek = services.correctieverzoek_registreren(door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "Het correctieverzoek is geregistreerd en aan de school voorgelegd.")
            return redirect("rechten:correctie", pk=verzoek.pk)
    verzoeken = selectors.correctieverzoeken_voor(request.user)[:200]
    return render(
        request, "rechten/correctie_lijst.html", {"form": form, "verzoeken": verzoeken, "vandaag": timezone.localdate()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def correctie_detail(request, pk):
    _alleen_beheer(request)
    verzoek = selectors.correctieverzoeken_voor(request.user).filter(pk=pk).first()
    if verzoek is None:
        raise Http404
    protocolleer(actor=request.user, actie="correctieverzoek_inzien", object=verzoek.meldingsnummer, request=request)
    form = AfhandelenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correctieverzoek_afhandelen(
                door=request.user,
                verzoek=verzoek,
                uitkomst=form.cleaned_data["uitkomst"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "De uitkomst is vastgelegd.")
            return redirect("rechten:correctie", pk=pk)
    return render(request, "rechten/correctie_detail.html", {"verzoek": verzoek, "form": form})


@login_required
def school_correcties(request):
    verzoeken = selectors.correctieverzoeken_voor_school(request.user).order_by("status", "uiterlijk_op")
    if not verzoeken.exists() and not _is_school(request.user):
        raise Http404
    return render(request, "rechten/school_correcties.html", {"verzoeken": verzoeken[:200]})


def _is_school(user):
    from autorisatie.predicates import vestigingen_met

    return vestigingen_met(user, "melden").exists() or vestigingen_met(user, "beheren_onderwijs").exists()


@login_required
@require_http_methods(["GET", "POST"])
def school_correctie(request, pk):
    verzoek = selectors.correctieverzoeken_voor_school(request.user).filter(pk=pk).first()
    if verzoek is None:
        raise Http404
    form = SchoolAntwoordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correctie_school_antwoorden(
                door=request.user,
                verzoek=verzoek,
                antwoord=form.cleaned_data["antwoord"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "Uw antwoord is doorgegeven aan beheer van het verzuimloket.")
            return redirect("rechten:school_correcties")
    protocolleer(actor=request.user, actie="correctieverzoek_inzien", object=verzoek.meldingsnummer, request=request)
    return render(request, "rechten/school_correctie.html", {"verzoek": verzoek, "form": form})
