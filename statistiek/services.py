"""Retention: purge meldingen after their schooljaar plus one, keeping pseudonymised statistics; export for OCW.

A melding made in schooljaar 2024/25 (1 Aug 2024 - 31 Jul 2025) is kept through 2025/26 and purged from 1 Aug 2026.
"""

import csv
import datetime as dt
import io
import time
from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from berichten.models import Herinnering, Uitgaand, VerzondenMail
from meldingen.models import Melding, MeldingHistorie
from meldingen.services import schooljaar_van
from meldingen.workflow import Status
from protocollering.services import leerling_pseudoniem

from .models import MeldingStatistiek, Opschoonronde

ONDERDRUKKEN_ONDER = 5
BEHANDELD = (Status.IN_BEHANDELING, Status.AFGESLOTEN, Status.TER_KENNISGEVING)


def laatste_verlopen_schooljaar(peildatum):
    """Meldingen of this schooljaar (begin year) and earlier are past their retention on `peildatum`."""
    return schooljaar_van(peildatum) - 2


def _verlopen(peildatum):
    return Melding.objects.filter(schooljaar__lte=laatste_verlopen_schooljaar(peildatum))


def _einde_bewaring(peildatum):
    """Start of the first schooljaar whose meldingen are still kept: older mail rows go too."""
    jaar = laatste_verlopen_schooljaar(peildatum) + 1
    return timezone.make_aware(dt.datetime(jaar, 8, 1))


def wat_gaat_weg(*, peildatum=None):
    """What a purge on `peildatum` would delete (for --dry-run): {schooljaar: aantal} and loose mail rows."""
    peildatum = peildatum or timezone.localdate()
    per_jaar = dict(
        _verlopen(peildatum)
        .values("schooljaar")
        .annotate(n=Count("pk"))
        .values_list("schooljaar", "n")
        .order_by("schooljaar")
    )
    berichten = Uitgaand.objects.filter(melding__isnull=True, created_at__lt=_einde_bewaring(peildatum)).count()
    return {"per_schooljaar": per_jaar, "meldingen": sum(per_jaar.values()), "berichten": berichten}


def _statistiek_rijen(ids):
    meldingen = (
        Melding.objects.filter(pk__in=ids)
        .select_related("vestiging")
        .annotate(behandeld_op=Min("historie__created_at", filter=Q(historie__naar_status__in=BEHANDELD)))
        .only(
            "pk",
            "schooljaar",
            "created_at",
            "verzuimsoort_id",
            "gemeente_id",
            "vestiging__code",
            "vestiging__onderwijssoort",
            "status",
            "afsluitreden_id",
            "leerling_id",
        )
    )
    rijen = []
    for m in meldingen:
        dagen = (m.behandeld_op - m.created_at).days if m.behandeld_op else None
        rijen.append(
            MeldingStatistiek(
                schooljaar=m.schooljaar,
                maand=timezone.localtime(m.created_at).month,
                verzuimsoort=m.verzuimsoort_id,
                gemeente=m.gemeente_id,
                vestiging=m.vestiging.code,
                onderwijssoort=m.vestiging.onderwijssoort,
                status=m.status,
                dagen_tot_behandeling=max(dagen, 0) if dagen is not None else None,
                afsluitreden=m.afsluitreden_id or "",
                leerling_pseudoniem=leerling_pseudoniem(m.leerling_id),
            )
        )
    return rijen


def _batch_verwijderen(ids):
    """Everything holding personal data about these meldingen, children first, then the meldingen."""
    Herinnering.objects.filter(melding_id__in=ids).delete()
    VerzondenMail.objects.filter(melding_id__in=ids).delete()
    Uitgaand.objects.filter(melding_id__in=ids).delete()
    MeldingHistorie.objects.filter(melding_id__in=ids).delete()
    return Melding.objects.filter(pk__in=ids).delete()


def purge_verlopen(*, peildatum=None, batchgrootte=None):
    """Purge now. Each batch (small, by primary key) is its own transaction, so locks last milliseconds.

    Statistics rows are written in the same transaction as the delete: an interrupted run neither loses
    nor double-counts a melding. Returns the Opschoonronde (tombstone).
    """
    peildatum = peildatum or timezone.localdate()
    batchgrootte = batchgrootte or settings.PURGE_BATCHGROOTTE
    grens = laatste_verlopen_schooljaar(peildatum)
    ronde = Opschoonronde.objects.create(gestart_op=timezone.now(), peildatum=peildatum)
    per_jaar = Counter()
    laatste_pk = 0
    while True:
        begin = time.monotonic()
        with transaction.atomic():
            ids = list(
                Melding.objects.select_for_update(skip_locked=True)
                .filter(schooljaar__lte=grens, pk__gt=laatste_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[:batchgrootte]
            )
            if not ids:
                break
            rijen = _statistiek_rijen(ids)
            MeldingStatistiek.objects.bulk_create(rijen)
            _batch_verwijderen(ids)
        laatste_pk = ids[-1]
        per_jaar.update(r.schooljaar for r in rijen)
        ronde.batches += 1
        ronde.langste_batch_ms = max(ronde.langste_batch_ms, int((time.monotonic() - begin) * 1000))
    # Digests, reminders and overviews name meldingsnummers without a melding link: they go with their year.
    oud = Uitgaand.objects.filter(melding__isnull=True, created_at__lt=_einde_bewaring(peildatum))
    while True:
        with transaction.atomic():
            ids = list(oud.order_by("pk").values_list("pk", flat=True)[:batchgrootte])
            if not ids:
                break
            VerzondenMail.objects.filter(uitgaand_id__in=ids).delete()
            Uitgaand.objects.filter(pk__in=ids).delete()
        ronde.aantal_berichten += len(ids)
    ronde.klaar_op = timezone.now()
    ronde.aantal_meldingen = sum(per_jaar.values())
    ronde.aantal_per_schooljaar = {f"{j}-{j + 1}": n for j, n in sorted(per_jaar.items())}
    ronde.schooljaren = sorted(per_jaar)
    ronde.save()
    return ronde


# ---------------------------------------------------------------------------------------------------------------
# Export for OCW: pseudonymised rows and aggregates with small counts suppressed


RIJ_VELDEN = [
    "schooljaar",
    "maand",
    "verzuimsoort",
    "gemeente",
    "vestiging",
    "onderwijssoort",
    "status",
    "dagen_tot_behandeling",
    "afsluitreden",
    "leerling_pseudoniem",
]


def parse_schooljaar(tekst):
    """'2025-2026' -> 2025; raises ValueError with a Dutch message otherwise."""
    try:
        begin, eind = (int(d) for d in (tekst or "").strip().split("-"))
    except ValueError:
        raise ValueError(f"schooljaar: verwacht bijvoorbeeld 2025-2026, niet {tekst!r}") from None
    if eind != begin + 1 or not 2000 <= begin <= 2100:
        raise ValueError(f"schooljaar: verwacht bijvoorbeeld 2025-2026, niet {tekst!r}")
    return begin


def rijen_csv(schooljaar, uit):
    writer = csv.writer(uit)
    writer.writerow(RIJ_VELDEN)
    for rij in (
        MeldingStatistiek.objects.filter(schooljaar=schooljaar).order_by("pk").values_list(*RIJ_VELDEN).iterator()
    ):
        writer.writerow(["" if v is None else v for v in rij])


def _onderdrukt(n):
    return n if n >= ONDERDRUKKEN_ONDER else f"<{ONDERDRUKKEN_ONDER}"


def aggregaten(schooljaar):
    """Per gemeente and per vestiging: meldingen, distinct pupils, pupils with more than one melding, mean days."""
    groepen = defaultdict(lambda: {"meldingen": 0, "leerlingen": Counter(), "dagen": []})
    for gemeente, vestiging, pseudoniem, dagen in (
        MeldingStatistiek.objects.filter(schooljaar=schooljaar)
        .values_list("gemeente", "vestiging", "leerling_pseudoniem", "dagen_tot_behandeling")
        .iterator()
    ):
        for sleutel in (("gemeente", gemeente), ("vestiging", vestiging)):
            g = groepen[sleutel]
            g["meldingen"] += 1
            g["leerlingen"][pseudoniem] += 1
            if dagen is not None:
                g["dagen"].append(dagen)
    uit = []
    for (niveau, code), g in sorted(groepen.items()):
        herhaald = sum(1 for n in g["leerlingen"].values() if n > 1)
        gemiddeld = round(sum(g["dagen"]) / len(g["dagen"]), 1) if len(g["dagen"]) >= ONDERDRUKKEN_ONDER else ""
        uit.append(
            {
                "schooljaar": f"{schooljaar}-{schooljaar + 1}",
                "niveau": niveau,
                "code": code,
                "meldingen": _onderdrukt(g["meldingen"]),
                "leerlingen": _onderdrukt(len(g["leerlingen"])),
                "leerlingen_herhaald_verzuim": _onderdrukt(herhaald) if herhaald else 0,
                "gemiddeld_dagen_tot_behandeling": gemiddeld,
            }
        )
    return uit


AGGREGAAT_VELDEN = [
    "schooljaar",
    "niveau",
    "code",
    "meldingen",
    "leerlingen",
    "leerlingen_herhaald_verzuim",
    "gemiddeld_dagen_tot_behandeling",
]


def aggregaten_csv(schooljaar, uit):
    writer = csv.DictWriter(uit, fieldnames=AGGREGAAT_VELDEN)
    writer.writeheader()
    writer.writerows(aggregaten(schooljaar))


def als_tekst(schrijver, schooljaar):
    buffer = io.StringIO()
    schrijver(schooljaar, buffer)
    return buffer.getvalue()
