"""The gemeente's portal: the leerplichtambtenaar's inbox, the handling of a melding, werkvoorraad and charts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from autorisatie.services import profiel_van
from gemeenten.selectors import behandelde_gemeenten
from gemeenten.services import instellingen_van
from protocollering.services import leerling_pseudoniem, protocolleer

from .. import selectors, services, statistieken
from ..forms import AfsluitenForm, DoorzettenForm, zet_fouten
from ..forms_gemeente import BehandelaarForm, BulkForm, InboxFilterForm
from ..paginering import BegrensdePaginator
from ..templatetags.meldinglijsten import INBOX_KOLOMMEN

PAGINAGROOTTE = 25


def _melding(request, meldingsnummer):
    return selectors.melding_ophalen(selectors.meldingen_van_gemeente(request.user), meldingsnummer)


# The search term (a name or BSN) is personal data: it travels in a POST and lives in the session,
# never in a URL (which ends up in browser history and proxy logs). The other filters may be in the URL.
ZOEK_SESSIE = "gemeente_inbox_zoek"
ZOEKVELDEN = ("zoek", "doel")


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    basis = selectors.meldingen_van_gemeente(request.user)
    verzuimsoorten = selectors.verzuimsoort_keuzes()
    if request.method == "POST":
        if "wissen" in request.POST:
            request.session.pop(ZOEK_SESSIE, None)
            return redirect("gemeente:inbox")
        form = InboxFilterForm(request.POST, verzuimsoorten=verzuimsoorten)
        if form.is_valid():
            request.session[ZOEK_SESSIE] = {veld: request.POST.get(veld, "") for veld in ZOEKVELDEN}
            query = QueryDict(mutable=True)
            for veld in form.fields:
                if veld not in ZOEKVELDEN and request.POST.get(veld):
                    query[veld] = request.POST[veld]
            return redirect(f"{reverse('gemeente:inbox')}?{query.urlencode()}" if query else "gemeente:inbox")
    else:
        data = request.GET.copy()
        for veld in ZOEKVELDEN:
            data.pop(veld, None)
        data.update(request.session.get(ZOEK_SESSIE, {}))
        data.pop("pagina", None)
        form = InboxFilterForm(data or None, verzuimsoorten=verzuimsoorten)
    meldingen = basis.select_related(None).order_by("-created_at", "-pk")
    if form.is_bound and form.is_valid():
        meldingen = selectors.meldingen_filteren(meldingen, user=request.user, **form.cleaned_data)
    elif form.is_bound:
        meldingen = meldingen.none()
    if form.is_bound and form.is_valid() and form.bsn:
        # A BSN search is an access to personal data: log who, why and a pseudonym, never the BSN itself.
        protocolleer(
            actor=request.user,
            actie="zoeken_op_bsn",
            object=leerling_pseudoniem(form.bsn),
            doel=form.cleaned_data["doel"],
            request=request,
        )
    else:
        protocolleer(actor=request.user, actie="inbox_gemeente", request=request)
    grootte = (form.cleaned_data.get("per_pagina") if form.is_bound and form.is_valid() else None) or PAGINAGROOTTE
    pagina = BegrensdePaginator(meldingen, grootte).get_page(request.GET.get("pagina"))
    # Only what the rows show, as values (meldinglijsten.inbox_rijen): five joins and ~50 columns per row were half
    # the page's database time, and a model instance per melding and joined row cost more than the row's markup.
    # On the page's slice, not before the paginator: its COUNT(*) would carry the joins and read every pupil.
    pagina.object_list = selectors.met_verzuimsoortnaam(pagina.object_list.values(*INBOX_KOLOMMEN))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "meldingen/gemeente/inbox.html",
        {
            "pagina": pagina,
            "form": form,
            "query": query.urlencode(),
            "bulk_form": BulkForm(keuzes=selectors.collega_keuzes(request.user), prefix="bulk"),
        },
    )


@login_required
@require_POST
def bulk(request):
    nummers = request.POST.getlist("bulk-meldingen")[:100]
    form = BulkForm(request.POST, collegas=selectors.collegas(request.user), meldingsnummers=nummers, prefix="bulk")
    if not form.is_valid():
        if form.has_error("behandelaar", "invalid_choice"):
            # A colleague the inbox still listed (selectors.collega_keuzes, a minute old) but who has lost the right.
            messages.error(request, "De gekozen collega mag deze meldingen niet (meer) behandelen. Kies een ander.")
        else:
            messages.error(
                request,
                "Kies een of meer meldingen en een actie"
                + (" en de collega." if "behandelaar" in form.errors else "."),
            )
        return redirect("gemeente:inbox")
    meldingen = list(selectors.meldingen_van_gemeente(request.user).filter(meldingsnummer__in=nummers))
    if len(meldingen) != len(set(nummers)):
        raise Http404("Melding niet gevonden")
    behandelaar = form.cleaned_data["behandelaar"]
    try:
        if form.cleaned_data["actie"] == "in_behandeling":
            gelukt, overgeslagen = services.meldingen_in_behandeling_nemen(
                door=request.user, meldingen=meldingen, behandelaar=behandelaar
            )
            tekst = "in behandeling genomen"
        else:
            gelukt, overgeslagen = services.meldingen_toewijzen(
                door=request.user, meldingen=meldingen, behandelaar=behandelaar
            )
            tekst = f"toegewezen aan {selectors.naam_van(behandelaar)}"
    except PermissionDenied:
        raise Http404 from None
    if gelukt:
        messages.success(request, f"{len(gelukt)} melding(en) {tekst}.")
    for nummer, reden in overgeslagen:
        messages.error(request, f"{nummer} overgeslagen: {reden}")
    return redirect("gemeente:inbox")


@login_required
def melding_detail(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    protocolleer(actor=request.user, actie="melding_inzien", object=melding.meldingsnummer, request=request)
    collegas = selectors.collegas(request.user, melding)
    return render(
        request,
        "meldingen/gemeente/detail.html",
        {
            "melding": melding,
            "historie": selectors.historie_van(melding),
            "instellingen": instellingen_van(melding.gemeente),
            "in_behandeling_form": BehandelaarForm(collegas=collegas, prefix="ib"),
            "toewijzen_form": BehandelaarForm(
                collegas=collegas, verplicht=True, initial={"behandelaar": melding.behandelaar_id}
            ),
        },
    )


def _uitvoeren(request, actie, succes):
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
    form = BehandelaarForm(request.POST, collegas=selectors.collegas(request.user, melding), prefix="ib")
    if not form.is_valid():
        messages.error(request, "Kies een collega van deze gemeente.")
        return redirect("gemeente:detail", meldingsnummer=meldingsnummer)
    _uitvoeren(
        request,
        lambda: services.melding_in_behandeling_nemen(
            door=request.user, melding=melding, behandelaar=form.cleaned_data["behandelaar"]
        ),
        "De melding is in behandeling genomen.",
    )
    return redirect("gemeente:detail", meldingsnummer=meldingsnummer)


@login_required
@require_POST
def toewijzen(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    form = BehandelaarForm(request.POST, collegas=selectors.collegas(request.user, melding), verplicht=True)
    if not form.is_valid():
        messages.error(request, "Kies een collega van deze gemeente.")
        return redirect("gemeente:detail", meldingsnummer=meldingsnummer)
    behandelaar = form.cleaned_data["behandelaar"]
    _uitvoeren(
        request,
        lambda: services.melding_toewijzen(door=request.user, melding=melding, behandelaar=behandelaar),
        f"De melding is toegewezen aan {selectors.naam_van(behandelaar)}.",
    )
    return redirect("gemeente:detail", meldingsnummer=meldingsnummer)


@login_required
@require_POST
def ter_kennisgeving_aannemen(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    _uitvoeren(
        request,
        lambda: services.melding_ter_kennisgeving_aannemen(door=request.user, melding=melding),
        "De melding is ter kennisgeving aangenomen.",
    )
    return redirect("gemeente:detail", meldingsnummer=meldingsnummer)


@login_required
@require_POST
def overdragen_aan_boa(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    gelukt = _uitvoeren(
        request,
        lambda: services.melding_overdragen_aan_boa(door=request.user, melding=melding),
        f"Melding {meldingsnummer} is overgedragen aan de boa; alleen de boa kan haar nog openen.",
    )
    if gelukt and not selectors.meldingen_van_gemeente(request.user).filter(pk=melding.pk).exists():
        return redirect("gemeente:inbox")
    return redirect("gemeente:detail", meldingsnummer=meldingsnummer)


def _contactpersoon_uit_profiel(user):
    profiel = profiel_van(user)
    return {
        "contactpersoon_naam": user.get_full_name(),
        "contactpersoon_functie": profiel.functie,
        "contactpersoon_telefoonnummer": profiel.telefoonnummer,
        "contactpersoon_email": user.email,
    }


@login_required
@require_http_methods(["GET", "POST"])
def afsluiten(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    form = AfsluitenForm(request.POST or None, initial=_contactpersoon_uit_profiel(request.user))
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
                door=request.user,
                melding=melding,
                gemeente=form.cleaned_data["gemeente"],
                reden=form.cleaned_data["reden"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, f"De melding is doorgezet naar {form.cleaned_data['gemeente'].naam}.")
            return redirect("gemeente:inbox")
    return render(request, "meldingen/gemeente/doorzetten.html", {"melding": melding, "form": form})


@login_required
def werkvoorraad(request):
    gemeenten = list(behandelde_gemeenten(request.user).select_related("instellingen"))
    if not gemeenten:
        raise Http404
    return render(
        request,
        "meldingen/gemeente/werkvoorraad.html",
        {
            "werkvoorraad": statistieken.werkvoorraad(selectors.meldingen_van_gemeente(request.user)),
            "termijnen": [(g, instellingen_van(g)) for g in gemeenten],
        },
    )


@login_required
def statistieken_overzicht(request):
    gemeenten = list(behandelde_gemeenten(request.user))
    if not gemeenten:
        raise Http404
    if len(gemeenten) == 1:
        return redirect("gemeente:statistieken", gemeentecode=gemeenten[0].code)
    return render(request, "meldingen/gemeente/statistieken_overzicht.html", {"gemeenten": gemeenten})


@login_required
def statistieken_gemeente(request, gemeentecode):
    gemeente = get_object_or_404(behandelde_gemeenten(request.user), code=gemeentecode)
    stats = statistieken.gemeente_statistieken(gemeente)
    return render(
        request,
        "meldingen/gemeente/statistieken.html",
        {
            "gemeente": gemeente,
            "stats": stats,
            **{f"{naam}_rijen": _rijen(stats[naam]) for naam in ("per_maand", "per_soort", "per_school")},
        },
    )


def _rijen(data):
    """The chart's numbers as table rows: (label, [value per series])."""
    return [(label, [serie["waarden"][i] for serie in data["series"]]) for i, label in enumerate(data["labels"])]
