"""The privacy officer's screens: the filtered access log, its CSV export and the monthly anomaly list.

The filter is POSTed and kept in the session (pupil as pseudonym only), so a BSN never lands in a URL.
"""

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import selectors
from .forms import MaandForm, ToegangslogFilterForm
from .services import protocolleer

CSV_KOLOMMEN = [
    "tijdstip",
    "actor",
    "organisatie",
    "rol",
    "actie",
    "object",
    "resultaat",
    "herkomst",
    "user_agent",
    "doel",
]
SESSIE_FILTER = "toegangslog_filter"


def _alleen_privacy_officer(request):
    if not selectors.mag_toegangslog_lezen(request.user):
        raise Http404


def _filter_bewaren(request, form):
    d = form.cleaned_data
    nummer = d.get("persoonsgebonden_nummer")
    objecten = selectors.leerling_objecten(nummer) if nummer else []
    request.session[SESSIE_FILTER] = {
        "gebruiker": d.get("gebruiker", ""),
        "organisatie": d.get("organisatie", ""),
        "resultaat": d.get("resultaat", ""),
        "van": d["van"].isoformat() if d.get("van") else "",
        "tot": d["tot"].isoformat() if d.get("tot") else "",
        "leerling": objecten[0] if objecten else "",
        "objecten": objecten,
    }


def _gefilterd(request, filter):
    doel = "; ".join(
        f"{k}={filter[k]}" for k in ("gebruiker", "organisatie", "resultaat", "van", "tot") if filter.get(k)
    )
    regels = selectors.toegangslog_gefilterd(
        request.user,
        gebruiker=filter["gebruiker"],
        organisatie=filter["organisatie"],
        objecten=filter["objecten"],
        van=dt.date.fromisoformat(filter["van"]) if filter["van"] else None,
        tot=dt.date.fromisoformat(filter["tot"]) if filter["tot"] else None,
        resultaat=filter["resultaat"],
    )
    return regels, filter["leerling"], doel


@login_required
@require_http_methods(["GET", "POST"])
def toegangslog(request):
    _alleen_privacy_officer(request)
    if request.method == "POST":
        form = ToegangslogFilterForm(request.POST)
        if form.is_valid():
            _filter_bewaren(request, form)
            return redirect("protocollering:toegangslog")
        return render(request, "protocollering/toegangslog.html", {"form": form, "pagina": None})
    filter = request.session.get(SESSIE_FILTER)
    form = ToegangslogFilterForm(
        initial={
            k: v for k, v in (filter or {}).items() if k in ("gebruiker", "organisatie", "resultaat", "van", "tot")
        }
    )
    pagina = None
    if filter is not None:
        regels, object, doel = _gefilterd(request, filter)
        # Log first: the page is counted and sliced later, and must include this very row consistently.
        protocolleer(
            actor=request.user,
            actie="toegangslog_inzien",
            object=object,
            request=request,
            doel=doel,
        )
        pagina = Paginator(regels, 100).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "pagina": pagina,
        "leerling_gefilterd": bool(filter and filter["leerling"]),
    }
    return render(request, "protocollering/toegangslog.html", context)


class _Echo:
    def write(self, value):
        return value


def _csv_cel(waarde):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    tekst = str(waarde)
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@") else waarde


@login_required
def toegangslog_csv(request):
    _alleen_privacy_officer(request)
    filter = request.session.get(SESSIE_FILTER)
    if filter is None:
        return redirect("protocollering:toegangslog")
    regels, object, doel = _gefilterd(request, filter)
    protocolleer(
        actor=request.user,
        actie="toegangslog_export",
        object=object,
        request=request,
        doel=doel,
    )
    schrijver = csv.writer(_Echo(), delimiter=";")

    def rijen():
        yield schrijver.writerow(CSV_KOLOMMEN)
        for regel in regels.values_list(*CSV_KOLOMMEN).iterator(chunk_size=2000):
            rij = [timezone.localtime(regel[0]).isoformat(), *regel[1:]]
            yield schrijver.writerow([_csv_cel(c) for c in rij])

    response = StreamingHttpResponse(rijen(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{timezone.localdate():%Y%m%d}.csv"'
    return response


@login_required
def afwijkingen(request):
    _alleen_privacy_officer(request)
    form = MaandForm(request.GET or None)
    maand = timezone.localdate().replace(day=1)
    if form.is_bound and form.is_valid() and form.cleaned_data["maand"]:
        maand = form.cleaned_data["maand"]
    lijst = selectors.afwijkingen(request.user, maand=maand)
    protocolleer(
        actor=request.user,
        actie="toegangslog_afwijkingen",
        request=request,
        doel=f"{maand:%Y-%m}",
    )
    return render(
        request,
        "protocollering/afwijkingen.html",
        {"form": form, "maand": maand, **lijst},
    )
