"""The beheerder onderwijs's pages: the school's leslocaties and who may report for it (contactpersonen)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from autorisatie import services as autorisatie_services
from autorisatie.models import Rol
from meldingen.forms import zet_fouten
from protocollering.services import protocolleer

from . import selectors, services
from .forms import AutoriserenVerzoekForm, IntrekkenVerzoekForm, LeslocatieForm, LeslocatieNaamForm

# Both forms on the page have a "naam" field: distinct ids keep every label pointing at its own input.
LESLOCATIE_ID = "id_leslocatie_%s"
VERZOEK_ID = "id_verzoek_%s"


@login_required
def beheer(request):
    vestigingen = list(selectors.beheerde_vestigingen(request.user))
    if not vestigingen:
        raise Http404
    if len(vestigingen) == 1:
        return redirect("scholen:vestiging", code=vestigingen[0].code)
    return render(request, "scholen/beheer.html", {"vestigingen": vestigingen})


def _pagina(request, vestiging, *, leslocatie_form=None, verzoek_form=None, status=200):
    protocolleer(actor=request.user, actie="schoolbeheer_inzien", object=vestiging.code, request=request)
    return render(
        request,
        "scholen/vestiging.html",
        {
            "vestiging": vestiging,
            "leslocaties": selectors.leslocaties_van(vestiging),
            "contactpersonen": selectors.contactpersonen_van(vestiging),
            "verzoeken": selectors.verzoeken_van(vestiging)[:20],
            "leslocatie_form": leslocatie_form or LeslocatieForm(auto_id=LESLOCATIE_ID),
            "verzoek_form": verzoek_form or AutoriserenVerzoekForm(auto_id=VERZOEK_ID),
        },
        status=status,
    )


@login_required
def vestiging(request, code):
    return _pagina(request, selectors.beheerde_vestiging(request.user, code))


def _uitvoeren(form, actie):
    """Run a service; a refusal goes onto the form next to the field. Returns the result or None."""
    try:
        return True, actie()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as fout:
        zet_fouten(form, fout)
        return False, None


@login_required
@require_POST
def leslocatie_toevoegen(request, code):
    vestiging = selectors.beheerde_vestiging(request.user, code)
    form = LeslocatieForm(request.POST, auto_id=LESLOCATIE_ID)
    if form.is_valid():
        gelukt, leslocatie = _uitvoeren(
            form, lambda: services.leslocatie_toevoegen(door=request.user, vestiging=vestiging, **form.cleaned_data)
        )
        if gelukt:
            messages.success(request, _("Leslocatie %(code)s is toegevoegd.") % {"code": leslocatie.locatiecode})
            return redirect("scholen:vestiging", code=code)
    return _pagina(request, vestiging, leslocatie_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def leslocatie_wijzigen(request, code, pk):
    vestiging = selectors.beheerde_vestiging(request.user, code)
    leslocatie = selectors.leslocatie_van(vestiging, pk)
    form = LeslocatieNaamForm(request.POST or None, initial={"naam": leslocatie.naam})
    if request.method == "POST" and form.is_valid():
        gelukt, _verzoek = _uitvoeren(
            form,
            lambda: services.leslocatie_wijzigen(
                door=request.user, leslocatie=leslocatie, naam=form.cleaned_data["naam"]
            ),
        )
        if gelukt:
            messages.success(request, _("Leslocatie %(code)s is gewijzigd.") % {"code": leslocatie.locatiecode})
            return redirect("scholen:vestiging", code=code)
    return render(request, "scholen/leslocatie.html", {"vestiging": vestiging, "leslocatie": leslocatie, "form": form})


@login_required
@require_POST
def leslocatie_actief(request, code, pk):
    vestiging = selectors.beheerde_vestiging(request.user, code)
    leslocatie = selectors.leslocatie_van(vestiging, pk)
    actief = request.POST.get("actief") == "1"
    try:
        services.leslocatie_activeren(door=request.user, leslocatie=leslocatie, actief=actief)
    except PermissionDenied:
        raise Http404 from None
    if actief:
        messages.success(request, _("Leslocatie %(code)s is weer actief.") % {"code": leslocatie.locatiecode})
    else:
        messages.success(
            request,
            _("Leslocatie %(code)s is gedeactiveerd; melders kunnen haar niet meer kiezen.")
            % {"code": leslocatie.locatiecode},
        )
    return redirect("scholen:vestiging", code=code)


@login_required
@require_POST
def leslocatie_verwijderen(request, code, pk):
    vestiging = selectors.beheerde_vestiging(request.user, code)
    leslocatie = selectors.leslocatie_van(vestiging, pk)
    try:
        verwijderd = services.leslocatie_verwijderen(door=request.user, leslocatie=leslocatie)
    except PermissionDenied:
        raise Http404 from None
    if verwijderd:
        messages.success(request, _("Leslocatie %(code)s is verwijderd.") % {"code": leslocatie.locatiecode})
    else:
        messages.info(
            request,
            _("Leslocatie %(code)s staat in meldingen en is daarom gedeactiveerd in plaats van verwijderd.")
            % {"code": leslocatie.locatiecode},
        )
    return redirect("scholen:vestiging", code=code)


@login_required
@require_POST
def autoriseren_aanvragen(request, code):
    vestiging = selectors.beheerde_vestiging(request.user, code)
    form = AutoriserenVerzoekForm(request.POST, request.FILES, auto_id=VERZOEK_ID)
    if form.is_valid():
        d = form.cleaned_data
        gelukt, _verzoek = _uitvoeren(
            form,
            lambda: autorisatie_services.autorisatieverzoek_indienen(
                door=request.user,
                voornaam=d["voornaam"],
                achternaam=d["achternaam"],
                email=d["email"],
                rol=d["rol"],
                organisatie=vestiging,
                verklaring=d["verklaring"].read(),
                bestandsnaam=d["verklaring"].name,
            ),
        )
        if gelukt:
            messages.success(
                request, _("Uw verzoek is naar het loketbeheer gestuurd. Beheer beslist en legt de autorisatie vast.")
            )
            return redirect("scholen:vestiging", code=code)
    return _pagina(request, vestiging, verzoek_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def intrekken_aanvragen(request, code, pk):
    vestiging = selectors.beheerde_vestiging(request.user, code)
    autorisatie = selectors.contactpersoon_van(vestiging, pk)
    form = IntrekkenVerzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gelukt, _verzoek = _uitvoeren(
            form,
            lambda: autorisatie_services.intrekkingsverzoek_indienen(
                door=request.user,
                gebruiker=autorisatie.gebruiker,
                rol=autorisatie.rol,
                organisatie=vestiging,
                toelichting=form.cleaned_data["toelichting"],
            ),
        )
        if gelukt:
            messages.success(request, _("Uw verzoek tot intrekken is naar het loketbeheer gestuurd."))
            return redirect("scholen:vestiging", code=code)
    return render(
        request,
        "scholen/intrekken.html",
        {"vestiging": vestiging, "autorisatie": autorisatie, "form": form, "rol_label": Rol(autorisatie.rol).label},
    )
