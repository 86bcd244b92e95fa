"""Retention: purge meldingen after their schooljaar plus one, keeping pseudonymised statistics; export for OCW.

A melding made in schooljaar 2024/25 (1 Aug 2024 - 31 Jul 2025) is kept through 2025/26 and purged from 1 Aug 2026.
"""

import contextlib
import csv
import datetime as dt
import io
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.utils import timezone

from berichten.models import Uitgaand, VerzondenMail
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


def _batch_vastzetten(grens, van_pk, tot_pk):
    """Lock the expired meldingen in a primary key range (skipping rows a live transaction holds), read their statistics.

    One query: plain values, not model instances; the first handling moment is a subquery per melding.
    """
    behandeld_op = (
        MeldingHistorie.objects.filter(melding=OuterRef("pk"), naar_status__in=BEHANDELD)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return list(
        Melding.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(schooljaar__lte=grens, pk__gte=van_pk, pk__lt=tot_pk)
        .order_by("pk")
        .annotate(behandeld_op=Subquery(behandeld_op))
        .values_list(
            "pk",
            "schooljaar",
            "created_at",
            "verzuimsoort_id",
            "gemeente_id",
            "vestiging_id",
            "vestiging__onderwijssoort",
            "status",
            "afsluitreden_id",
            "leerling_id",
            "behandeld_op",
        )
    )


STATISTIEK_KOLOMMEN = (
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
    "created_at",
)


def _statistiek_schrijven(cursor, meldingen):
    """One MeldingStatistiek row per melding, by COPY (no model instances)."""
    nu = timezone.now()
    kolommen = ", ".join(STATISTIEK_KOLOMMEN)
    with cursor.cursor.copy(f"COPY {MeldingStatistiek._meta.db_table} ({kolommen}) FROM STDIN") as copy:
        for (
            _,
            jaar,
            gemaakt,
            soort,
            gemeente,
            vestiging,
            onderwijssoort,
            status,
            reden,
            leerling,
            behandeld,
        ) in meldingen:
            dagen = max((behandeld - gemaakt).days, 0) if behandeld else None
            maand = timezone.localtime(gemaakt).month
            pseudoniem = leerling_pseudoniem(leerling)
            copy.write_row(
                (jaar, maand, soort, gemeente, vestiging, onderwijssoort, status, dagen, reden or "", pseudoniem, nu)
            )


# Every row that references the meldingen, children first, as plain statements: Django's delete() loads each
# row as a model instance to cascade in Python. The on_delete of each foreign key is followed by hand (CASCADE
# deletes, SET_NULL clears); tests/statistiek/test_services.py checks this against the database's foreign keys.
VERWIJDEREN = (
    "DELETE FROM berichten_herinnering WHERE melding_id = ANY(%(ids)s)",
    "DELETE FROM berichten_verzondenmail WHERE melding_id = ANY(%(ids)s)",
    # Outbox rows of these meldingen and what hangs off them (sent-log, refusals; a digest link is cleared).
    "DELETE FROM berichten_verzondenmail WHERE uitgaand_id IN "
    "(SELECT id FROM berichten_uitgaand WHERE melding_id = ANY(%(ids)s))",
    "DELETE FROM berichten_afwijzing WHERE uitgaand_id IN "
    "(SELECT id FROM berichten_uitgaand WHERE melding_id = ANY(%(ids)s))",
    "UPDATE berichten_uitgaand SET dagoverzicht_id = NULL WHERE dagoverzicht_id IN "
    "(SELECT id FROM berichten_uitgaand WHERE melding_id = ANY(%(ids)s))",
    "DELETE FROM berichten_uitgaand WHERE melding_id = ANY(%(ids)s)",
    "DELETE FROM meldingen_meldinghistorie WHERE melding_id = ANY(%(ids)s)",
    "DELETE FROM api_idempotentiesleutel WHERE melding_id = ANY(%(ids)s)",
    "UPDATE rechten_correctieverzoek SET melding_id = NULL WHERE melding_id = ANY(%(ids)s)",
    "DELETE FROM meldingen_melding WHERE id = ANY(%(ids)s)",
)
# Locked before the deletes: a row that references an outbox row (a sent-log row, a refusal, a digest link) takes
# a key-share lock on it, so once this returns every such row is committed and visible, and no new one can come.
# (The meldingen themselves are locked by _batch_vastzetten.) Without the per-row checks this is what keeps a
# reference from being written between the statement that clears it and the one that deletes its target.
UITGAAND_VASTZETTEN = "SELECT 1 FROM berichten_uitgaand WHERE melding_id = ANY(%(ids)s) FOR UPDATE"
# SET LOCAL ends with the transaction, but inside a caller's transaction a batch is only a savepoint: so each batch
# sets the mode back itself. PostgreSQL decides per row whether a check fires, so setting it back re-queues nothing.
ZONDER_RIJCONTROLES = "SET LOCAL session_replication_role = replica"
MET_RIJCONTROLES = "SET LOCAL session_replication_role = origin"


def _tabellen(woord):
    return {sql.split()[2] if woord == "DELETE" else sql.split()[1] for sql in VERWIJDEREN if sql.startswith(woord)}


def onbehandelde_verwijzingen(cursor):
    """Foreign keys to a table the purge deletes from that no statement of VERWIJDEREN deletes or clears.

    Returns (table, column, referenced table) rows; empty when the purge handles every reference itself.
    """
    doelen = sorted(_tabellen("DELETE"))
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = ANY(%s::regclass[])
        ORDER BY 1, 2
        """,
        [doelen],
    )
    onbehandeld = []
    # The f-strings below are text to look for in VERWIJDEREN, never executed (hence the noqa S608).
    for tabel, kolom, naar in cursor.fetchall():
        if naar == Melding._meta.db_table:
            selectie = f"{kolom} = ANY(%(ids)s)"
        else:
            selectie = f"{kolom} IN (SELECT id FROM {naar} WHERE melding_id = ANY(%(ids)s))"  # noqa: S608
        if not any(
            sql.startswith((f"DELETE FROM {tabel} ", f"UPDATE {tabel} SET {kolom} = NULL "))  # noqa: S608
            and selectie in sql
            for sql in VERWIJDEREN
        ):
            onbehandeld.append((tabel, kolom, naar))
    return onbehandeld


def _eigen_triggers(cursor):
    """Triggers of our own (not PostgreSQL's constraint triggers) on the purge's tables that replica mode would skip."""
    tabellen = sorted(_tabellen("DELETE") | _tabellen("UPDATE") | {MeldingStatistiek._meta.db_table})
    cursor.execute(
        "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger "
        "WHERE NOT tgisinternal AND tgenabled = 'O' AND tgrelid = ANY(%s::regclass[]) ORDER BY 1",
        [tabellen],
    )
    return [rij[0] for rij in cursor.fetchall()]


def rijcontroles_overslaan():
    """May this run's batches skip PostgreSQL's per-row foreign key checks? Returns (yes/no, the reason in Dutch).

    A deleted melding costs a check per table that references it and its outbox rows (nine, ~18 µs each: more
    than half of the purge). They check what a batch does itself: it locks the meldingen and their outbox rows,
    so no new reference can be written, then deletes or clears every reference (VERWIJDEREN, compared here with
    the database's foreign keys). So a batch sets session_replication_role to replica for its own transaction,
    but only when the database role may (a superuser, or PostgreSQL 15+ GRANT SET ON PARAMETER), every foreign key
    is handled, and no trigger of our own is on these tables (replica mode would silently skip it).
    """
    with connection.cursor() as cursor:
        if onbehandeld := onbehandelde_verwijzingen(cursor):
            return False, "niet elke verwijzing wordt door de purge zelf verwijderd: " + ", ".join(
                f"{t}.{k}" for t, k, _ in onbehandeld
            )
        if triggers := _eigen_triggers(cursor):
            return False, "eigen triggers op de tabellen van de purge: " + ", ".join(triggers)
        try:
            with transaction.atomic():
                cursor.execute(ZONDER_RIJCONTROLES)
                transaction.set_rollback(True)  # a try only: a rolled-back savepoint undoes the SET LOCAL too
        except DatabaseError:
            return False, "de databaserol mag session_replication_role niet zetten"
    return True, "per batch zonder rijcontroles (session_replication_role = replica)"


@dataclass
class _Batchverslag:
    per_jaar: Counter = field(default_factory=Counter)
    batches: int = 0
    langste_batch_ms: int = 0

    def tel(self, batch):
        jaren, ms = batch
        if jaren:
            self.per_jaar.update(jaren)
            self.batches += 1
            self.langste_batch_ms = max(self.langste_batch_ms, ms)


def _batch_purgen(grens, van_pk, tot_pk, zonder_rijcontroles):
    """One transaction: lock the range's expired meldingen, write their statistics, delete them and what hangs
    off them. Returns (their schooljaren, milliseconds)."""
    begin = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        meldingen = _batch_vastzetten(grens, van_pk, tot_pk)
        if meldingen:
            ids = [m[0] for m in meldingen]
            cursor.execute(UITGAAND_VASTZETTEN, {"ids": ids})
            if zonder_rijcontroles:
                cursor.execute(ZONDER_RIJCONTROLES)
            _statistiek_schrijven(cursor, meldingen)
            for sql in VERWIJDEREN:
                cursor.execute(sql, {"ids": ids})
            if zonder_rijcontroles:
                cursor.execute(MET_RIJCONTROLES)
    return [m[1] for m in meldingen], int((time.monotonic() - begin) * 1000)


def _met_eigen_verbinding(functie):
    """Run `functie` in this (pool) thread and close the database connection Django opened for the thread."""
    try:
        return functie()
    finally:
        connection.close()


def purge_verlopen(*, peildatum=None, batchgrootte=None, parallel=None):
    """Purge now. Each batch (by primary key) is its own short transaction, so locks last well under a second.

    Statistics rows are written in the same transaction as the delete: an interrupted run neither loses
    nor double-counts a melding. `parallel` (default PURGE_PARALLEL) threads, each with its own database
    connection, take the batches in turn; most of a batch is PostgreSQL's work, which then runs in as many
    backends. Whether the batches skip the per-row foreign key checks is decided once (rijcontroles_overslaan)
    and recorded in the tombstone. Inside a caller's transaction (tests) it runs in one thread:
    other connections cannot see that transaction's rows. Returns the Opschoonronde (tombstone).
    """
    peildatum = peildatum or timezone.localdate()
    batchgrootte = batchgrootte or settings.PURGE_BATCHGROOTTE
    parallel = 1 if connection.in_atomic_block else (parallel or settings.PURGE_PARALLEL)
    grens = laatste_verlopen_schooljaar(peildatum)
    zonder_rijcontroles, werkwijze = rijcontroles_overslaan()
    ronde = Opschoonronde.objects.create(gestart_op=timezone.now(), peildatum=peildatum, werkwijze=werkwijze)
    # A batch is a range of primary keys, not "the next N expired": a LIMIT that cannot be filled (the last
    # batch) would scan every melding still kept while holding the batch's locks. The ranges run from the
    # lowest to the highest expired id (grouped per schooljaar, so PostgreSQL reads the schooljaar index).
    grenzen = _verlopen(peildatum).values("schooljaar").annotate(laagste=Min("pk"), hoogste=Max("pk"))
    van_pk = min((g["laagste"] for g in grenzen), default=0)
    einde = max((g["hoogste"] for g in grenzen), default=-1) + 1
    bereiken = iter(range(van_pk, einde, batchgrootte))
    volgende = threading.Lock()
    mislukt = threading.Event()  # set on a failure: every thread stops after its current batch
    verslagen = []  # one per thread; each counts only batches that committed

    def werker():
        verslag = _Batchverslag()
        verslagen.append(verslag)
        while not mislukt.is_set():
            with volgende:
                van = next(bereiken, None)
            if van is None:
                break
            try:
                verslag.tel(_batch_purgen(grens, van, van + batchgrootte, zonder_rijcontroles))
            except BaseException:
                mislukt.set()
                raise

    try:
        if parallel == 1:
            werker()
        else:
            with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="purge") as pool:
                taken = [pool.submit(_met_eigen_verbinding, werker) for _ in range(parallel)]
                try:
                    for taak in taken:
                        taak.result()
                except BaseException:  # a failed batch, or Ctrl-C / a Celery time limit: the others stop too
                    mislukt.set()
                    raise
    except BaseException:
        # The batches that committed stay purged: the tombstone says how many; klaar_op stays empty.
        _ronde_tellen(ronde, verslagen)
        with contextlib.suppress(DatabaseError):  # the original error matters more
            ronde.save()
        raise
    _ronde_tellen(ronde, verslagen)
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
    ronde.save()
    return ronde


def _ronde_tellen(ronde, verslagen):
    per_jaar = sum((v.per_jaar for v in verslagen), Counter())
    ronde.batches = sum(v.batches for v in verslagen)
    ronde.langste_batch_ms = max((v.langste_batch_ms for v in verslagen), default=0)
    ronde.aantal_meldingen = sum(per_jaar.values())
    ronde.aantal_per_schooljaar = {f"{j}-{j + 1}": n for j, n in sorted(per_jaar.items())}
    ronde.schooljaren = sorted(per_jaar)


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
