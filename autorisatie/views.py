"""Beheer's authorisation screens (requests, review, suspend, revoke), the activation link, and "Mijn gegevens"."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from meldingen.forms import zet_fouten
from protocollering.services import protocolleer

from . import selectors, services
from .forms import ActiverenForm, AfwijzenForm, ProfielForm, SchorsenForm, VerzoekForm
from .models import VerzoekSoort
from .predicates import is_loket_beheer


def _alleen_beheer(request):
    if not is_loket_beheer(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def verzoek_nieuw(request):
    """An organisation's beheerder (or loket beheer) asks for a person to be authorised."""
    form = VerzoekForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            organisatie = services.organisatie_voor_code(d["organisatie"]) if d["organisatie"] else None
            services.autorisatieverzoek_indienen(
                door=request.user,
                voornaam=d["voornaam"],
                achternaam=d["achternaam"],
                email=d["email"],
                rol=d["rol"],
                organisatie=organisatie,
                verklaring=d["verklaring"].read(),
                bestandsnaam=d["verklaring"].name,
            )
        except PermissionDenied:
            # Not your organisation looks the same as an unknown one.
            form.add_error(
                "organisatie",
                "U kunt voor deze organisatie geen autorisatie aanvragen.",
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request,
                "Het verzoek is ingediend. Beheer van het verzuimloket beoordeelt het.",
            )
            return redirect("dashboard")
    return render(request, "autorisatie/verzoek_nieuw.html", {"form": form})


@login_required
def verzoeken(request):
    _alleen_beheer(request)
    return render(
        request,
        "autorisatie/verzoeken.html",
        {"verzoeken": selectors.verzoeken_voor(request.user)[:200]},
    )


def _verzoek(request, pk):
    _alleen_beheer(request)
    verzoek = selectors.verzoeken_voor(request.user).filter(pk=pk).first()
    if verzoek is None:
        raise Http404
    return verzoek


@login_required
def verzoek_detail(request, pk):
    verzoek = _verzoek(request, pk)
    protocolleer(actor=request.user, actie="autorisatieverzoek_inzien", object=f"verzoek:{verzoek.pk}", request=request)
    return render(
        request,
        "autorisatie/verzoek_detail.html",
        {"verzoek": verzoek, "afwijzen_form": AfwijzenForm()},
    )


@login_required
def verklaring(request, pk):
    verzoek = _verzoek(request, pk)
    protocolleer(
        actor=request.user,
        actie="verklaring_inzien",
        object=f"verzoek:{verzoek.pk}",
        request=request,
    )
    inhoud = type(verzoek).objects.values_list("verklaring", flat=True).get(pk=verzoek.pk)
    response = HttpResponse(bytes(inhoud), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verklaring-verzoek-{verzoek.pk}.pdf"'
    return response


@login_required
@require_POST
def verzoek_goedkeuren(request, pk):
    verzoek = _verzoek(request, pk)
    try:
        services.autorisatieverzoek_goedkeuren(door=request.user, verzoek=verzoek)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        if verzoek.soort == VerzoekSoort.INTREKKEN:
            messages.success(request, "Goedgekeurd. De autorisatie is ingetrokken.")
        else:
            messages.success(request, "Goedgekeurd. De gebruiker krijgt een activatiemail.")
    return redirect("autorisatie:verzoek", pk=pk)


@login_required
@require_POST
def verzoek_afwijzen(request, pk):
    verzoek = _verzoek(request, pk)
    form = AfwijzenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Geef de reden van de afwijzing.")
        return redirect("autorisatie:verzoek", pk=pk)
    try:
        services.autorisatieverzoek_afwijzen(door=request.user, verzoek=verzoek, reden=form.cleaned_data["reden"])
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, "Het verzoek is afgewezen.")
    return redirect("autorisatie:verzoek", pk=pk)


@login_required
def herziening(request):
    """The yearly review: per organisation who has which role since when, confirmed when; overdue flagged."""
    _alleen_beheer(request)
    protocolleer(actor=request.user, actie="autorisaties_inzien", request=request)
    markeren, schorsen = services.herziening_grenzen()
    rijen = []
    for a in selectors.autorisaties_voor_herziening(request.user):
        bevestigd = a.laatst_bevestigd_op or a.sinds
        a.te_bevestigen = a.geschorst_op is None and bevestigd < markeren
        a.wordt_geschorst = a.geschorst_op is None and bevestigd < schorsen
        rijen.append(a)
    return render(
        request,
        "autorisatie/herziening.html",
        {"autorisaties": rijen, "schorsen_form": SchorsenForm(), "markeren": markeren},
    )


def _autorisatie(request, pk):
    _alleen_beheer(request)
    autorisatie = selectors.autorisaties_voor_herziening(request.user).filter(pk=pk).first()
    if autorisatie is None:
        raise Http404
    return autorisatie


@login_required
@require_POST
def autorisatie_actie(request, pk, actie):
    autorisatie = _autorisatie(request, pk)
    if actie == "bevestigen":
        services.autorisatie_bevestigen(door=request.user, autorisatie=autorisatie)
        messages.success(request, "Autorisatie bevestigd.")
    elif actie == "schorsen":
        form = SchorsenForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Geef de reden van de schorsing.")
        else:
            services.autorisatie_schorsen(
                door=request.user,
                autorisatie=autorisatie,
                reden=form.cleaned_data["reden"],
            )
            messages.success(request, "Autorisatie geschorst.")
    elif actie == "herstellen":
        services.autorisatie_herstellen(door=request.user, autorisatie=autorisatie)
        messages.success(request, "Schorsing opgeheven.")
    elif actie == "intrekken":
        services.autorisatie_intrekken(
            door=request.user,
            gebruiker=autorisatie.gebruiker,
            rol=autorisatie.rol,
            organisatie=autorisatie.organisatie,
        )
        messages.success(request, "Autorisatie ingetrokken.")
    else:
        raise Http404
    return redirect("autorisatie:herziening")


@login_required
@require_POST
def gebruiker_actie(request, pk, actie):
    _alleen_beheer(request)
    # Beheer acts only on users who hold or held an authorisation, not on arbitrary accounts.
    gebruiker = get_user_model().objects.filter(pk=pk, autorisaties__isnull=False).distinct().first()
    if gebruiker is None:
        raise Http404
    if actie == "activatielink":
        services.activatielink_versturen(door=request.user, gebruiker=gebruiker)
        messages.success(
            request,
            "Er is een nieuwe activatielink gemaild; de gebruiker stelt ook de authenticator opnieuw in.",
        )
    elif actie == "ontgrendelen":
        services.inlogblokkade_opheffen(door=request.user, gebruiker=gebruiker)
        messages.success(request, "De inlogblokkade is opgeheven.")
    else:
        raise Http404
    return redirect("autorisatie:herziening")


@require_http_methods(["GET", "POST"])
def activeren(request, token):
    """The one-time link from the activation mail: set a password, then enrol the authenticator."""
    link = services.activatielink_geldig(token)
    if link is None:
        return render(request, "autorisatie/activeren_ongeldig.html", status=404)
    form = ActiverenForm(link.gebruiker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            gebruiker = services.activatie_voltooien(token=token, wachtwoord=form.cleaned_data["new_password1"])
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            login(request, gebruiker, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(reverse("mfa_instellen"))
    return render(
        request,
        "autorisatie/activeren.html",
        {"form": form, "gebruiker": link.gebruiker},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profiel(request):
    huidig = services.profiel_van(request.user)
    initial = {
        "naam": request.user.get_full_name(),
        "functie": huidig.functie,
        "telefoonnummer": huidig.telefoonnummer,
        "email": request.user.email,
    }
    form = ProfielForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profiel_wijzigen(door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "Uw gegevens zijn opgeslagen.")
            return redirect("autorisatie:profiel")
    return render(request, "autorisatie/profiel.html", {"form": form})
