"""The school's portal: melden, Mijn meldingen, detail, wijzigen, intrekken."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from autorisatie.predicates import vestigingen_met
from protocollering.services import protocolleer
from scholen.models import Vestiging

from .. import selectors, services
from ..forms import IntrekkenForm, MeldingForm, zet_fouten


def _vestigingen(user):
    return Vestiging.objects.filter(code__in=vestigingen_met(user, "melden")).order_by("naam")


@login_required
def meldingen_lijst(request):
    meldingen = selectors.meldingen_van_school(request.user).order_by("-created_at")
    if not _vestigingen(request.user).exists():
        raise Http404
    pagina = Paginator(meldingen, 50).get_page(request.GET.get("pagina"))
    protocolleer(actor=request.user, actie="meldingen_lijst_school", request=request)
    return render(request, "meldingen/school/lijst.html", {"pagina": pagina})


@login_required
@require_http_methods(["GET", "POST"])
def melding_nieuw(request):
    vestigingen = _vestigingen(request.user)
    if not vestigingen:
        raise Http404
    code = request.POST.get("vestiging") or request.GET.get("vestiging") or vestigingen[0].code
    vestiging = vestigingen.filter(code=code).first()
    if vestiging is None:
        raise Http404
    initial = {
        "melder_naam": request.user.get_full_name(),
        "melder_email": request.user.email,
    }
    form = MeldingForm(request.POST or None, vestiging=vestiging, initial=initial)
    if len(vestigingen) > 1:
        form.fields["vestiging"] = forms.ChoiceField(
            label="Vestiging", choices=[(v.code, str(v)) for v in vestigingen], initial=vestiging.code
        )
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.melding_indienen(
                door=request.user,
                vestiging=vestiging,
                persoonsgebonden_nummer=form.cleaned_data["persoonsgebonden_nummer"],
                gegevens=form.gegevens(),
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request, f"Melding {melding.meldingsnummer} is geregistreerd en doorgestuurd naar {melding.gemeente.naam}."
            )
            return redirect("school:detail", meldingsnummer=melding.meldingsnummer)
    return render(request, "meldingen/school/formulier.html", {"form": form, "vestiging": vestiging})


@login_required
def melding_detail(request, meldingsnummer):
    melding = selectors.melding_ophalen(selectors.meldingen_van_school(request.user), meldingsnummer)
    protocolleer(actor=request.user, actie="melding_inzien", object=melding.meldingsnummer, request=request)
    return render(
        request,
        "meldingen/school/detail.html",
        {"melding": melding, "historie": selectors.historie_van(melding, voor_school=True), "intrekken_form": IntrekkenForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def melding_wijzigen(request, meldingsnummer):
    melding = selectors.melding_ophalen(selectors.meldingen_van_school(request.user), meldingsnummer)
    form = MeldingForm(request.POST or None, instance=melding, vestiging=melding.vestiging, wijzigen=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.melding_wijzigen(door=request.user, melding=melding, gegevens=form.gegevens())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "De wijziging is opgeslagen.")
            return redirect("school:detail", meldingsnummer=meldingsnummer)
    return render(request, "meldingen/school/formulier.html", {"form": form, "melding": melding, "vestiging": melding.vestiging})


@login_required
@require_http_methods(["POST"])
def melding_intrekken(request, meldingsnummer):
    melding = selectors.melding_ophalen(selectors.meldingen_van_school(request.user), meldingsnummer)
    form = IntrekkenForm(request.POST)
    if form.is_valid():
        try:
            services.melding_intrekken(door=request.user, melding=melding, reden=form.cleaned_data["reden"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, "De melding is ingetrokken.")
    else:
        messages.error(request, "Geef de reden van het intrekken.")
    return redirect("school:detail", meldingsnummer=meldingsnummer)
