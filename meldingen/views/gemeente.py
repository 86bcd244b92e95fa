"""The gemeente's portal: the leerplichtambtenaar's inbox and the handling of a melding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from protocollering.services import protocolleer

from .. import selectors, services
from ..forms import AfsluitenForm, DoorzettenForm, zet_fouten


def _melding(request, meldingsnummer):
    return selectors.melding_ophalen(selectors.meldingen_van_gemeente(request.user), meldingsnummer)


@login_required
def inbox(request):
    meldingen = selectors.meldingen_van_gemeente(request.user).order_by("-created_at")
    pagina = Paginator(meldingen, 50).get_page(request.GET.get("pagina"))
    protocolleer(actor=request.user, actie="inbox_gemeente", request=request)
    return render(request, "meldingen/gemeente/inbox.html", {"pagina": pagina})


@login_required
def melding_detail(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    protocolleer(actor=request.user, actie="melding_inzien", object=melding.meldingsnummer, request=request)
    profiel = {
        "contactpersoon_naam": request.user.get_full_name(),
        "contactpersoon_email": request.user.email,
    }
    return render(
        request,
        "meldingen/gemeente/detail.html",
        {
            "melding": melding,
            "historie": selectors.historie_van(melding),
            "afsluiten_form": AfsluitenForm(initial=profiel),
            "doorzetten_form": DoorzettenForm(),
        },
    )


def _uitvoeren(request, melding, actie, succes):
    try:
        actie()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return False
    messages.success(request, succes)
    return True


@login_required
@require_POST
def in_behandeling_nemen(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    _uitvoeren(
        request,
        melding,
        lambda: services.melding_in_behandeling_nemen(door=request.user, melding=melding),
        "De melding is in behandeling genomen.",
    )
    return redirect("gemeente:detail", meldingsnummer=meldingsnummer)


@login_required
@require_POST
def ter_kennisgeving_aannemen(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    _uitvoeren(
        request,
        melding,
        lambda: services.melding_ter_kennisgeving_aannemen(door=request.user, melding=melding),
        "De melding is ter kennisgeving aangenomen.",
    )
    return redirect("gemeente:detail", meldingsnummer=meldingsnummer)


@login_required
@require_http_methods(["GET", "POST"])
def afsluiten(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    form = AfsluitenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.melding_afsluiten(
                door=request.user,
                melding=melding,
                afsluitreden=form.cleaned_data["afsluitreden"],
                toelichting_afsluiting=form.cleaned_data["toelichting_afsluiting"],
                contactpersoon=form.contactpersoon(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "De melding is afgesloten; de school ziet de reden.")
            return redirect("gemeente:detail", meldingsnummer=meldingsnummer)
    return render(request, "meldingen/gemeente/afsluiten.html", {"melding": melding, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def doorzetten(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    form = DoorzettenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.melding_doorzetten(
                door=request.user, melding=melding, gemeente=form.cleaned_data["gemeente"], reden=form.cleaned_data["reden"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, f"De melding is doorgezet naar {form.cleaned_data['gemeente'].naam}.")
            return redirect("gemeente:inbox")
    return render(request, "meldingen/gemeente/doorzetten.html", {"melding": melding, "form": form})
