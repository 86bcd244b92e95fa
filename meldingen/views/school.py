"""The school's portal: melden (with a Bron preview), Mijn meldingen, detail, wijzigen, intrekken.

Every flow works without JavaScript: melden is a two-step form (pupil first, then the legal data set).
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from autorisatie.predicates import meldvestigingen
from autorisatie.services import profiel_van
from protocollering.services import leerling_pseudoniem, protocolleer

from .. import selectors, services
from ..forms import IntrekkenForm, LeerlingZoekenForm, MeldingenFilterForm, MeldingForm, zet_fouten
from ..paginering import BegrensdePaginator
from ..templatetags.meldinglijsten import SCHOOL_KOLOMMEN
from ..workflow import WIJZIGBAAR

PER_PAGINA = 25
FILTERS_SESSIE = "school_meldingen_filters"
# The services name an earlier melding in their refusal (duplicate, 7-day rule); the view links to it.
MELDINGSNUMMER = re.compile(r"\b(VM\d{2}-\d{7})\b")


def _veldlabel(naam):
    veld = MeldingForm.base_fields.get(naam)
    return veld.label if veld is not None and veld.label else naam


def _melding(request, meldingsnummer):
    return selectors.melding_ophalen(selectors.meldingen_van_school(request.user), meldingsnummer)


@login_required
@require_http_methods(["GET", "POST"])
def meldingen_lijst(request):
    if not meldvestigingen(request.user):
        raise Http404
    keuzes = {"schooljaren": selectors.bewaarde_schooljaren(), "verzuimsoorten": selectors.verzuimsoort_keuzes()}
    if request.method == "POST":
        if "wissen" in request.POST:
            request.session.pop(FILTERS_SESSIE, None)
            return redirect("school:lijst")
        form = MeldingenFilterForm(request.POST, **keuzes)
        if form.is_valid():
            request.session[FILTERS_SESSIE] = {k: form.data.get(k, "") for k in form.fields}
            return redirect("school:lijst")
    else:
        bewaard = request.session.get(FILTERS_SESSIE)
        form = MeldingenFilterForm(bewaard, **keuzes) if bewaard else MeldingenFilterForm(**keuzes)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    meldingen = selectors.meldingen_van_school_gefilterd(
        request.user,
        status=filters.get("status", ""),
        verzuimsoort=filters.get("verzuimsoort"),
        schooljaar=filters.get("schooljaar"),
        zoek=filters.get("zoek", ""),
    )
    pagina = BegrensdePaginator(meldingen, PER_PAGINA).get_page(request.GET.get("pagina"))
    # Only what the rows show, as values (meldinglijsten.school_rijen), on the page's slice: the COUNT(*) stays
    # without joins.
    pagina.object_list = selectors.met_verzuimsoortnaam(pagina.object_list.values(*SCHOOL_KOLOMMEN))
    protocolleer(actor=request.user, actie="meldingen_lijst_school", request=request)
    return render(
        request,
        "meldingen/school/lijst.html",
        {"pagina": pagina, "filter_form": form, "gefilterd": any(v for v in filters.values())},
    )


def _profiel(user):
    """The melder's details: name and e-mail from the account, function and phone from "Mijn gegevens"."""
    profiel = profiel_van(user)
    return {
        "melder_naam": user.get_full_name(),
        "melder_email": user.email,
        "melder_functie": profiel.functie,
        "melder_telefoonnummer": profiel.telefoonnummer,
    }


def _voorbeeld(request, vestiging, nummer, begindatum, afwijkend_gemeente=None):
    """The Bron preview; logged, because looking up a pupil is an access to personal data."""
    routering = selectors.leerling_voorbeeld(
        request.user,
        vestiging=vestiging,
        persoonsgebonden_nummer=nummer,
        peildatum=begindatum,
        afwijkend_gemeente=afwijkend_gemeente,
    )
    protocolleer(
        actor=request.user,
        actie="leerling_opzoeken",
        object=leerling_pseudoniem(nummer),
        organisatie=vestiging.code,
        request=request,
    )
    return routering


def _eerdere_meldingen(request, form):
    """Meldingsnummers named in a refusal that this user may open (for a link to the first melding)."""
    nummers = {m for fout in form.errors.values() for tekst in fout for m in MELDINGSNUMMER.findall(str(tekst))}
    if not nummers:
        return []
    return list(
        selectors.meldingen_van_school(request.user)
        .filter(meldingsnummer__in=nummers)
        .values_list("meldingsnummer", flat=True)
    )


def _ook_domeinfouten(form, vestiging):
    """With format errors on the form, also show the rule errors (einddatum verplicht ...) in the same round."""
    try:
        services.schoolvelden_controleren(vestiging=vestiging, gegevens=form.cleaned_data)
    except ValidationError as fout:
        for veld, fouten in fout.error_dict.items():
            if veld in form.fields and veld not in form.errors and veld in form.cleaned_data:
                form.add_error(veld, fouten)


@login_required
@require_http_methods(["GET", "POST"])
def melding_nieuw(request):
    vestigingen = list(selectors.meldbare_vestigingen(request.user))
    if not vestigingen:
        raise Http404
    code = request.POST.get("vestiging") or vestigingen[0].code
    vestiging = next((v for v in vestigingen if v.code == code), None)
    if vestiging is None:
        raise Http404
    stap = request.POST.get("stap", "")
    context = {"vestiging": vestiging, "vestigingen": vestigingen}

    if request.method == "GET" or stap == "terug":
        # Back to step 1 keeps what was entered, so only the wrong part needs retyping.
        initial = {k: request.POST.get(k, "") for k in ("persoonsgebonden_nummer", "begindatum", "vestiging")}
        zoek_form = LeerlingZoekenForm(initial=initial if stap == "terug" else None, vestigingen=vestigingen)
        return render(request, "meldingen/school/zoeken.html", {**context, "form": zoek_form})

    if stap == "opzoeken":
        zoek_form = LeerlingZoekenForm(request.POST, vestigingen=vestigingen)
        if zoek_form.is_valid():
            nummer, begindatum = zoek_form.cleaned_data["persoonsgebonden_nummer"], zoek_form.cleaned_data["begindatum"]
            try:
                routering = _voorbeeld(request, vestiging, nummer, begindatum)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as fout:
                zet_fouten(zoek_form, fout)
            else:
                form = MeldingForm(
                    vestiging=vestiging,
                    initial={**_profiel(request.user), "persoonsgebonden_nummer": nummer, "begindatum": begindatum},
                )
                return render(
                    request,
                    "meldingen/school/formulier.html",
                    {
                        **context,
                        "form": form,
                        "routering": routering,
                        "persoonsgebonden_nummer": nummer,
                        "bestaande": selectors.eerdere_meldingen_voor_leerling(
                            request.user, vestiging=vestiging, leerling=routering.leerling
                        ),
                    },
                )
        return render(request, "meldingen/school/zoeken.html", {**context, "form": zoek_form})

    # Step 2: the legal data set, with the preview shown again above it.
    form = MeldingForm(request.POST, vestiging=vestiging)
    nummer = (request.POST.get("persoonsgebonden_nummer") or "").strip()
    if form.is_valid():
        try:
            melding = services.melding_indienen(
                door=request.user,
                vestiging=vestiging,
                persoonsgebonden_nummer=form.cleaned_data["persoonsgebonden_nummer"],
                gegevens=form.gegevens(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            naar = melding.rbl.naam if melding.rbl_id else _("gemeente %(naam)s") % {"naam": melding.gemeente.naam}
            messages.success(
                request,
                _("Melding %(nummer)s is geregistreerd en doorgestuurd naar %(naar)s.")
                % {"nummer": melding.meldingsnummer, "naar": naar},
            )
            return redirect("school:detail", meldingsnummer=melding.meldingsnummer)
    else:
        _ook_domeinfouten(form, vestiging)
    routering = None
    begindatum = form.cleaned_data.get("begindatum") if hasattr(form, "cleaned_data") else None
    if begindatum and "persoonsgebonden_nummer" not in form.errors:
        try:
            routering = _voorbeeld(
                request, vestiging, nummer, begindatum, afwijkend_gemeente=form.cleaned_data.get("afwijkend_gemeente")
            )
        except (ValidationError, PermissionDenied):
            routering = None
    return render(
        request,
        "meldingen/school/formulier.html",
        {
            **context,
            "form": form,
            "routering": routering,
            "persoonsgebonden_nummer": nummer,
            "eerdere_meldingen": _eerdere_meldingen(request, form),
        },
    )


def _detail(request, melding, intrekken_form=None):
    historie = list(selectors.historie_van(melding, voor_school=True))
    for regel in historie:
        # Readable field names in the history ("Verzuimuren", not "verzuimuren").
        regel.gewijzigde_velden = [str(_veldlabel(v)) for v in regel.gewijzigde_velden]
    return render(
        request,
        "meldingen/school/detail.html",
        {
            "melding": melding,
            "historie": historie,
            "intrekken_form": intrekken_form or IntrekkenForm(),
            "wijzigbaar": melding.status in WIJZIGBAAR,
        },
    )


@login_required
def melding_detail(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    protocolleer(actor=request.user, actie="melding_inzien", object=melding.meldingsnummer, request=request)
    return _detail(request, melding)


@login_required
@require_http_methods(["GET", "POST"])
def melding_wijzigen(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    if melding.status not in WIJZIGBAAR:
        messages.error(
            request,
            _("Een melding met status '%(status)s' kan niet meer worden gewijzigd.")
            % {"status": melding.get_status_display()},
        )
        return redirect("school:detail", meldingsnummer=meldingsnummer)
    form = MeldingForm(request.POST or None, instance=melding, vestiging=melding.vestiging, wijzigen=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.melding_wijzigen(door=request.user, melding=melding, gegevens=form.gegevens())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, _("De wijziging is opgeslagen."))
            return redirect("school:detail", meldingsnummer=meldingsnummer)
    return render(
        request,
        "meldingen/school/formulier.html",
        {
            "form": form,
            "melding": melding,
            "vestiging": melding.vestiging,
            "eerdere_meldingen": _eerdere_meldingen(request, form),
        },
    )


@login_required
@require_http_methods(["POST"])
def melding_intrekken(request, meldingsnummer):
    melding = _melding(request, meldingsnummer)
    form = IntrekkenForm(request.POST)
    if form.is_valid():
        try:
            services.melding_intrekken(door=request.user, melding=melding, reden=form.cleaned_data["reden"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("Melding %(nummer)s is ingetrokken.") % {"nummer": melding.meldingsnummer})
        return redirect("school:detail", meldingsnummer=meldingsnummer)
    # Show the form again with the error next to the field (not only a message at the top).
    return _detail(request, melding, intrekken_form=form)
