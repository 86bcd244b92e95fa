"""Aggregate queries for the gemeente's werkvoorraad and charts. Counts and medians only, never a pupil."""

from datetime import timedelta

from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from gemeenten.models import GemeenteInstellingen
from scholen.vakanties import REGIOS, STANDAARD_REGIO, schooldag_terug

from .models import Melding, MeldingHistorie
from .selectors import naam_van_gebruiker
from .services import schooljaar_van
from .workflow import OPEN, Status

STANDAARD_SCHOOLDAGEN = GemeenteInstellingen._meta.get_field("termijn_in_behandeling_schooldagen").default
STANDAARD_WEKEN = GemeenteInstellingen._meta.get_field("termijn_open_weken").default
MAANDEN = ["aug", "sep", "okt", "nov", "dec", "jan", "feb", "mrt", "apr", "mei", "jun", "jul"]


class Mediaan(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class DagenTussen(Func):
    """Days (fractional) between two timestamps: later - earlier."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "
    output_field = FloatField()


class DatumVerschil(Func):
    """Whole days between two dates (PostgreSQL date - date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def met_termijnen(meldingen):
    """Annotate each melding with its gemeente's thresholds and its school's vakantieregio."""
    return meldingen.annotate(
        _schooldagen=Coalesce(
            "gemeente__instellingen__termijn_in_behandeling_schooldagen", Value(STANDAARD_SCHOOLDAGEN)
        ),
        _weken=Coalesce("gemeente__instellingen__termijn_open_weken", Value(STANDAARD_WEKEN)),
        _regio=Case(*[When(vestiging__vakantieregio=r, then=Value(r)) for r in REGIOS], default=Value(STANDAARD_REGIO)),
    )


def te_laat_filter(meldingen, *, vandaag=None):
    """Q for new meldingen not taken in behandeling within their gemeente's number of school days.

    The thresholds differ per gemeente and the holidays per region, so the cut-off date is computed
    for each (threshold, region) pair present and the query ORs them: still one query.
    """
    vandaag = vandaag or timezone.localdate()
    termijnen = set(meldingen.filter(status=Status.GEREGISTREERD).values_list("_schooldagen", flat=True).distinct())
    q = Q(pk__in=[])
    for n in termijnen:
        for regio in REGIOS:
            grens = schooldag_terug(vandaag, n + 1, regio)
            q |= Q(_schooldagen=n, _regio=regio, created_at__date__lt=grens)
    return Q(status=Status.GEREGISTREERD) & q


def lang_open_filter(meldingen, *, nu=None):
    nu = nu or timezone.now()
    q = Q(pk__in=[])
    for weken in set(meldingen.filter(status__in=OPEN).values_list("_weken", flat=True).distinct()):
        q |= Q(_weken=weken, created_at__lt=nu - timedelta(weeks=weken))
    return Q(status__in=OPEN) & q


def werkvoorraad(meldingen, *, vandaag=None):
    """Counts of the open meldingen in `meldingen` (a user-scoped queryset): in total and per behandelaar.

    Returns {"totaal": {...}, "per_behandelaar": [{"behandelaar": id, "naam": ..., counts...}]}.
    """
    meldingen = met_termijnen(meldingen.filter(status__in=OPEN).order_by())
    tellers = {
        "nieuw": Count("pk", filter=Q(status=Status.GEREGISTREERD)),
        "in_behandeling": Count("pk", filter=Q(status=Status.IN_BEHANDELING)),
        "te_laat": Count("pk", filter=te_laat_filter(meldingen, vandaag=vandaag)),
        "lang_open": Count("pk", filter=lang_open_filter(meldingen)),
    }
    totaal = meldingen.aggregate(**tellers)
    rijen = (
        meldingen.values("behandelaar", "behandelaar__first_name", "behandelaar__last_name", "behandelaar__username")
        .annotate(**tellers)
        .order_by("behandelaar__last_name", "behandelaar__username")
    )
    per_behandelaar = [
        {
            "behandelaar": r["behandelaar"],
            "naam": (
                naam_van_gebruiker(
                    r["behandelaar__first_name"], r["behandelaar__last_name"], r["behandelaar__username"]
                )
                if r["behandelaar"]
                else "Nog niet toegewezen"
            ),
            **{k: r[k] for k in tellers},
        }
        for r in rijen
    ]
    return {"totaal": totaal, "per_behandelaar": per_behandelaar}


def _per_maand(meldingen, schooljaar):
    rijen = (
        meldingen.filter(schooljaar=schooljaar)
        .annotate(maand=TruncMonth("created_at"))
        .values("maand")
        .annotate(aantal=Count("pk"))
        .order_by()
    )
    waarden = [0] * 12
    for r in rijen:
        waarden[(r["maand"].month - 8) % 12] += r["aantal"]
    return waarden


def _mediaan(meldingen, expressie):
    waarde = meldingen.aggregate(m=Mediaan(expressie))["m"]
    return None if waarde is None else round(waarde, 1)


def gemeente_statistieken(gemeente, *, vandaag=None):
    """Aggregates for the charts page of one gemeente, over this and last school year."""
    vandaag = vandaag or timezone.localdate()
    dit = schooljaar_van(vandaag)
    meldingen = Melding.objects.filter(gemeente=gemeente, schooljaar__in=[dit, dit - 1]).order_by()
    eerste_in_behandeling = Subquery(
        MeldingHistorie.objects.filter(melding=OuterRef("pk"), naar_status=Status.IN_BEHANDELING)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    per_soort = list(
        meldingen.values("verzuimsoort__naam").annotate(aantal=Count("pk")).order_by("-aantal", "verzuimsoort__naam")
    )
    per_school = list(
        meldingen.values("vestiging_id", "vestiging__naam")
        .annotate(aantal=Count("pk"))
        .order_by("-aantal", "vestiging__naam")[:20]
    )
    return {
        "schooljaren": [f"{dit}-{dit + 1}", f"{dit - 1}-{dit}"],
        "per_maand": {
            "labels": MAANDEN,
            "series": [
                {"naam": f"{dit}-{dit + 1}", "waarden": _per_maand(meldingen, dit)},
                {"naam": f"{dit - 1}-{dit}", "waarden": _per_maand(meldingen, dit - 1)},
            ],
        },
        "per_soort": {
            "labels": [r["verzuimsoort__naam"] for r in per_soort],
            "series": [{"naam": "meldingen", "waarden": [r["aantal"] for r in per_soort]}],
        },
        "per_school": {
            "labels": [f"{r['vestiging__naam']} ({r['vestiging_id']})" for r in per_school],
            "series": [{"naam": "meldingen", "waarden": [r["aantal"] for r in per_school]}],
        },
        "medianen": {
            "begindatum_tot_melding": _mediaan(meldingen, DatumVerschil(TruncDate("created_at"), F("begindatum"))),
            "tot_in_behandeling": _mediaan(
                meldingen.annotate(_start=eerste_in_behandeling).filter(_start__isnull=False),
                DagenTussen(F("_start"), F("created_at")),
            ),
            "tot_afsluiten": _mediaan(
                meldingen.filter(status=Status.AFGESLOTEN), DagenTussen(F("status_gewijzigd_op"), F("created_at"))
            ),
        },
    }
