"""Reads of the access log for the privacy officer: filtering and the monthly anomaly list."""

import datetime as dt
import statistics
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from autorisatie.models import Rol
from autorisatie.predicates import heeft_loketrol

from .models import Resultaat, ToegangslogRegel
from .services import leerling_pseudoniem

# Office hours for the anomaly list: 07:00–19:00 on weekdays, local time.
KANTOORUREN = (7, 19)
# A user is flagged when they opened at least this many meldingen and this factor more than the
# median of colleagues with the same role.
VEEL_MINIMUM = 10
VEEL_FACTOR = 3


def mag_toegangslog_lezen(user):
    return heeft_loketrol(user, Rol.PRIVACY_OFFICER)


def toegangslog_voor(user):
    if not mag_toegangslog_lezen(user):
        return ToegangslogRegel.objects.none()
    return ToegangslogRegel.objects.all()


def _meldingsnummers_van(persoonsgebonden_nummer):
    from meldingen.models import Melding

    return list(Melding.objects.filter(leerling_id=persoonsgebonden_nummer).values_list("meldingsnummer", flat=True))


def leerling_objecten(persoonsgebonden_nummer):
    """What the log holds as `object` for this pupil: its pseudonym and the numbers of its meldingen."""
    return [
        leerling_pseudoniem(persoonsgebonden_nummer),
        *_meldingsnummers_van(persoonsgebonden_nummer),
    ]


def toegangslog_gefilterd(
    user,
    *,
    gebruiker="",
    organisatie="",
    objecten=None,
    van=None,
    tot=None,
    resultaat="",
):
    """The privacy officer's filter. `objecten` comes from leerling_objecten(), so no BSN reaches the query log."""
    regels = toegangslog_voor(user)
    if gebruiker:
        regels = regels.filter(actor__iexact=gebruiker)
    if organisatie:
        regels = regels.filter(organisatie__icontains=organisatie)
    if objecten:
        regels = regels.filter(object__in=objecten)
    if van:
        regels = regels.filter(tijdstip__gte=_begin_van_dag(van))
    if tot:
        regels = regels.filter(tijdstip__lt=_begin_van_dag(tot + dt.timedelta(days=1)))
    if resultaat:
        regels = regels.filter(resultaat=resultaat)
    return regels.order_by("-tijdstip", "-id")


def _begin_van_dag(datum):
    return timezone.make_aware(dt.datetime.combine(datum, dt.time.min))


def afwijkingen(user, *, maand):
    """The monthly anomaly list: {veel_geopend, buiten_kantoortijd, geweigerd}, each a list of dicts per user."""
    regels = toegangslog_voor(user)
    begin = _begin_van_dag(maand.replace(day=1))
    eind = _begin_van_dag((maand.replace(day=1) + dt.timedelta(days=32)).replace(day=1))
    regels = regels.filter(tijdstip__gte=begin, tijdstip__lt=eind)

    geopend = list(
        regels.filter(actie="melding_inzien", resultaat=Resultaat.TOEGESTAAN)
        .values("actor", "rol", "organisatie")
        .annotate(aantal=Count("object", distinct=True))
    )
    per_rol = defaultdict(list)
    for rij in geopend:
        per_rol[rij["rol"]].append(rij["aantal"])
    veel = []
    for rij in geopend:
        mediaan = statistics.median(per_rol[rij["rol"]])
        if rij["aantal"] >= VEEL_MINIMUM and rij["aantal"] > VEEL_FACTOR * mediaan:
            veel.append({**rij, "mediaan": mediaan})

    tz = timezone.get_current_timezone()
    buiten = (
        regels.annotate(
            uur=ExtractHour("tijdstip", tzinfo=tz),
            dag=ExtractIsoWeekDay("tijdstip", tzinfo=tz),
        )
        .filter(Q(uur__lt=KANTOORUREN[0]) | Q(uur__gte=KANTOORUREN[1]) | Q(dag__gte=6))
        .exclude(actor="systeem")
        .values("actor", "rol", "organisatie")
        .annotate(aantal=Count("id"))
        .order_by("-aantal")
    )
    geweigerd = (
        regels.filter(resultaat=Resultaat.GEWEIGERD)
        .values("actor", "rol", "organisatie")
        .annotate(aantal=Count("id"))
        .order_by("-aantal")
    )
    return {
        "veel_geopend": sorted(veel, key=lambda r: -r["aantal"]),
        "buiten_kantoortijd": list(buiten),
        "geweigerd": list(geweigerd),
    }
