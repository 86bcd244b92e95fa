"""Importing a Bron delivery (CSV): every pupil in it is upserted and their enrolments replaced.

All rows or none: one bad row refuses the whole delivery. Error messages name the line and the
column, never a value: a delivery is full of BSNs and names, and this output ends up in
terminals and logs.
"""

import csv
import io
import logging
import queue
import re
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter
from pathlib import Path

import psycopg
from django.db import DatabaseError, connection, transaction

from gemeenten.models import Gemeente
from protocollering.services import protocolleer
from scholen.models import Vestiging

from .models import Inschrijving, Leerling
from .validators import BSN, ONDERWIJSNUMMER, is_geldig_bsn, is_geldig_onderwijsnummer

logger = logging.getLogger(__name__)

KOLOMMEN = (
    "persoonsgebonden_nummer",
    "soort_nummer",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "geslacht",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "plaats",
    "gemeentecode",
    "vestigingscode",
    "inschrijfdatum",
    "uitschrijfdatum",
)
VERPLICHT = (
    "persoonsgebonden_nummer",
    "soort_nummer",
    "voornamen",
    "achternaam",
    "geslacht",
    "geboortedatum",
    "gemeentecode",
    "vestigingscode",
    "inschrijfdatum",
)
_verplicht = itemgetter(*(KOLOMMEN.index(k) for k in VERPLICHT))
LEERLINGKOLOMMEN = KOLOMMEN[:14]  # the pupil's own data: equal on every row of one pupil
MAX_FOUTEN = 50
BLOKGROOTTE = 100_000  # rows per block: read and checked while the previous block is loaded

_POSTCODE = re.compile(r"[1-9][0-9]{3} ?[A-Z]{2}")
_HUISLETTER = re.compile(r"[A-Za-z]")
_TOEVOEGING = re.compile(r"[0-9A-Za-z]{1,4}")
# Characters that COPY's text format would misread, and that have no place in Bron data anyway.
_BESTURINGSTEKEN = re.compile(r"[\x00-\x1f\x7f\\]")
# One import at a time: two concurrent deliveries for the same pupil would interleave.
_SLOT = 0x42524F4E  # "BRON"
_LEERLINGEN = "bron_import_leerling"
_INSCHRIJVINGEN = "bron_import_inschrijving"
_NIEUW = "bron_import_nieuw"  # the pupils of a block that were not in the database yet


@dataclass(frozen=True)
class Fout:
    regel: int | None  # line in the file (the header is line 1); None for the file as a whole
    kolom: str | None
    reden: str

    def __str__(self):
        plaats = f"regel {self.regel}" if self.regel else "bestand"
        if self.kolom:
            plaats += f", kolom {self.kolom}"
        return f"{plaats}: {self.reden}"


class ImportFout(Exception):
    """The delivery was refused and nothing was imported. `fouten` holds at most max_fouten errors."""

    def __init__(self, fouten, aantal=None):
        self.fouten = list(fouten)
        self.aantal = len(self.fouten) if aantal is None else aantal
        super().__init__(self.bericht())

    def bericht(self):
        regels = [f"Bron-levering geweigerd, niets geïmporteerd: {self.aantal} fout(en)."]
        regels += [f"  {fout}" for fout in self.fouten]
        if self.aantal > len(self.fouten):
            regels.append(f"  ... en nog {self.aantal - len(self.fouten)} fout(en)")
        return "\n".join(regels)


@dataclass(frozen=True)
class Resultaat:
    rijen: int
    leerlingen: int
    leerlingen_nieuw: int
    leerlingen_bijgewerkt: int
    inschrijvingen_toegevoegd: int
    inschrijvingen_verwijderd: int  # of pupils in the file, no longer in it
    seconden: float

    @property
    def leerlingen_ongewijzigd(self):
        return self.leerlingen - self.leerlingen_nieuw - self.leerlingen_bijgewerkt

    @property
    def rijen_per_seconde(self):
        return self.rijen / self.seconden if self.seconden else 0.0

    def samenvatting(self):
        return (
            f"{self.rijen} regels, {self.leerlingen} leerlingen ({self.leerlingen_nieuw} nieuw, "
            f"{self.leerlingen_bijgewerkt} bijgewerkt, {self.leerlingen_ongewijzigd} ongewijzigd), "
            f"inschrijvingen {self.inschrijvingen_toegevoegd} toegevoegd en {self.inschrijvingen_verwijderd} "
            f"verwijderd, in {self.seconden:.1f} s ({self.rijen_per_seconde:,.0f} regels/s)"
        )


def importeer_bron(bestand, *, stdout=None, max_fouten=MAX_FOUTEN, actor="import_bron"):
    """Import a Bron delivery: upsert every pupil in it and replace that pupil's enrolments.

    `bestand` is a path or an open file. Raises ImportFout, having imported nothing, when any
    row is bad. `actor` names who ran the import in the access log. Progress goes to `stdout`.
    """
    begin = time.perf_counter()
    stroom, loslaten = _open(bestand)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            lader = _Lader(cursor)
            lezer = _Lezer(
                gemeentecodes=_codes_vastgezet(cursor, Gemeente),
                vestigingscodes=_codes_vastgezet(cursor, Vestiging),
                max_fouten=max_fouten,
                blokgrootte=BLOKGROOTTE,
            )
            with _Achtergrond(lezer.blokken(stroom), lezer.stop) as blokken:
                for blok in blokken:
                    if lezer.aantal_fouten:
                        continue  # refused anyway: let the reader finish counting the errors
                    lader.laad(blok)
                    _meld(stdout, f"{lader.rijen} regels verwerkt ({time.perf_counter() - begin:.1f} s)")
            if lezer.aantal_fouten:
                raise ImportFout(lezer.fouten_met_kolommen(bestand, stroom), lezer.aantal_fouten)
            lader.afronden()
            if lader.tijden:
                _meld(stdout, "tijd per stap: " + ", ".join(f"{stap} {s:.1f} s" for stap, s in lader.tijden.items()))
            resultaat = Resultaat(
                rijen=lezer.rijen,
                leerlingen=lader.leerlingen,
                leerlingen_nieuw=lader.leerlingen_nieuw,
                leerlingen_bijgewerkt=lader.leerlingen_bijgewerkt,
                inschrijvingen_toegevoegd=lader.inschrijvingen_toegevoegd,
                inschrijvingen_verwijderd=lader.inschrijvingen_verwijderd,
                seconden=0.0,
            )
            protocolleer(
                actor=actor,
                actie="bron_importeren",
                object=f"{resultaat.rijen} regels, {resultaat.leerlingen} leerlingen",
                doel="Bron-levering verwerken",
            )
    except (DatabaseError, psycopg.Error) as exc:
        # The server's detail and context lines quote row values (BSNs, names): keep only the
        # primary message and the SQLSTATE, and drop the chained exception.
        oorzaak = exc if isinstance(exc, psycopg.Error) else exc.__cause__
        reden = getattr(getattr(oorzaak, "diag", None), "message_primary", None) or type(exc).__name__
        code = getattr(oorzaak, "sqlstate", None) or "?"
        logger.error("Bron-import afgebroken door databasefout %s", code)
        raise ImportFout([Fout(None, None, f"databasefout ({code}): {reden}")]) from None
    except ImportFout as fout:
        logger.warning("Bron-import geweigerd: %d fout(en)", fout.aantal)
        raise
    finally:
        loslaten()
    resultaat = replace(resultaat, seconden=time.perf_counter() - begin)
    logger.info(
        "Bron-import: %d regels, %d leerlingen (%d nieuw, %d bijgewerkt), inschrijvingen +%d -%d, %.1f s",
        resultaat.rijen,
        resultaat.leerlingen,
        resultaat.leerlingen_nieuw,
        resultaat.leerlingen_bijgewerkt,
        resultaat.inschrijvingen_toegevoegd,
        resultaat.inschrijvingen_verwijderd,
        resultaat.seconden,
    )
    return resultaat


def _codes_vastgezet(cursor, model):
    """The codes a delivery may use, locked until commit as a foreign key would lock them.

    bron_leerling and bron_inschrijving have no database constraint to the gemeenten and vestigingen
    (docs/adr/0002): their checks, one per row, were about a third of PostgreSQL's work in a national import.
    Every code is checked against this set instead, and FOR KEY SHARE keeps a code from being deleted or
    changed before the import commits. Other updates of these rows (a name, a mailbox) do not wait for it.
    """
    cursor.execute(f"SELECT code FROM {model._meta.db_table} FOR KEY SHARE")  # noqa: S608 - a model's table
    return {code for (code,) in cursor.fetchall()}


def _meld(stdout, tekst):
    if stdout is not None:
        stdout.write(tekst + "\n")


def _open(bestand):
    """A text stream over the file, and what to call when done: a file opened here is closed, a
    caller's binary file is detached from its text wrapper (closing that would close it)."""
    if isinstance(bestand, (str, Path)):
        stroom = open(bestand, encoding="utf-8-sig", newline="", buffering=1 << 20)
        return stroom, stroom.close
    if isinstance(bestand, io.TextIOBase):
        return bestand, lambda: None
    stroom = io.TextIOWrapper(bestand, encoding="utf-8-sig", newline="")
    return stroom, stroom.detach


@dataclass(frozen=True)
class _Blok:
    """COPY text for the staging tables: the pupils first seen in this block, and the enrolments."""

    rijen: int
    aantal_leerlingen: int
    leerlingen: str
    inschrijvingen: str


class _Achtergrond:
    """Runs a generator in a thread, so reading and checking the next block overlaps with loading
    this one. The loading thread waits for PostgreSQL without holding the GIL."""

    _KLAAR = object()

    def __init__(self, generator, stop, diepte=2):
        self.generator = generator
        self.wachtrij = queue.Queue(maxsize=diepte)
        self.stop = stop  # set when the consumer gives up; the generator should watch it too
        self.draad = threading.Thread(target=self._draai, name="bron-import-lezer", daemon=True)

    def _zet(self, item):
        while not self.stop.is_set():
            try:
                self.wachtrij.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _draai(self):
        try:
            for item in self.generator:
                if not self._zet(item):
                    return
        except BaseException as exc:  # handed to the caller's thread, which re-raises it
            self._zet((self._KLAAR, exc))
        else:
            self._zet((self._KLAAR, None))

    def __enter__(self):
        self.draad.start()
        return self

    def __iter__(self):
        while True:
            item = self.wachtrij.get()
            if isinstance(item, tuple) and item[0] is self._KLAAR:
                if item[1] is not None:
                    raise item[1]
                return
            yield item

    def __exit__(self, *exc_info):
        self.stop.set()
        self.draad.join()
        self.generator.close()


class _Lader:
    """Loads blocks through temporary staging tables, all inside the caller's transaction."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.rijen = 0
        self.leerlingen = 0
        self.leerlingen_nieuw = 0
        self.leerlingen_bijgewerkt = 0
        self.inschrijvingen_toegevoegd = 0
        self.inschrijvingen_verwijderd = 0
        self.tijden = {}  # seconds per step, summed over the blocks (for the benchmark)
        self._vorige = 0.0
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SLOT])
        # Room to sort and hash a block in memory; for this transaction only.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # Check the foreign keys per block, while the next block is being read, instead of all
        # at once at commit. Restored in afronden().
        cursor.execute(
            """
            SELECT quote_ident(conname) FROM pg_constraint
             WHERE contype = 'f' AND condeferrable AND condeferred
               AND conrelid IN (%s::regclass, %s::regclass)
            """,
            [Leerling._meta.db_table, Inschrijving._meta.db_table],
        )
        self.uitgestelde_sleutels = ", ".join(naam for (naam,) in cursor.fetchall())
        if self.uitgestelde_sleutels:
            cursor.execute(f"SET CONSTRAINTS {self.uitgestelde_sleutels} IMMEDIATE")
        # Temporary tables: private to this session, dropped at commit, no WAL. The DROP is
        # for a second import inside one outer transaction (tests). No indexes: maintaining
        # them row by row costs more than the hash joins they would save.
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{_LEERLINGEN}, pg_temp.{_INSCHRIJVINGEN}, pg_temp.{_NIEUW}")
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE {_LEERLINGEN} (
                persoonsgebonden_nummer varchar(9) NOT NULL,
                soort_nummer varchar(16) NOT NULL,
                voornamen varchar(200) NOT NULL,
                voorvoegsel varchar(20) NOT NULL,
                achternaam varchar(200) NOT NULL,
                geslacht varchar(1) NOT NULL,
                geboortedatum date NOT NULL,
                straat varchar(200) NOT NULL,
                huisnummer integer,
                huisletter varchar(1) NOT NULL,
                huisnummertoevoeging varchar(4) NOT NULL,
                postcode varchar(6) NOT NULL,
                plaats varchar(100) NOT NULL,
                gemeentecode varchar(4) NOT NULL
            ) ON COMMIT DROP
            """
        )
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE {_INSCHRIJVINGEN} (
                leerling_id varchar(9) NOT NULL,
                vestiging_id varchar(6) NOT NULL,
                inschrijfdatum date NOT NULL,
                uitschrijfdatum date
            ) ON COMMIT DROP
            """
        )
        cursor.execute(f"CREATE TEMPORARY TABLE {_NIEUW} (persoonsgebonden_nummer varchar(9) NOT NULL) ON COMMIT DROP")

        leerling = Leerling._meta.db_table
        inschrijving = Inschrijving._meta.db_table
        kolommen = ", ".join(LEERLINGKOLOMMEN)
        gegevens = LEERLINGKOLOMMEN[1:]
        # Per block: insert the new pupils, update the changed ones, and give the pupils their
        # enrolments. Pupils that are new have nothing to compare with, so only the others
        # are looked up in the real tables. Those lookups are index probes: "= ANY (ARRAY(...))"
        # is an index scan, and "OFFSET 0" keeps a NOT EXISTS a correlated subquery. A hash
        # join would read the whole table for every block, which does not scale to a national
        # delivery. Rows go in in key order, so index inserts walk the btrees instead of jumping.
        self.sql_nieuw = f"""
            WITH nieuw AS (
                INSERT INTO {leerling} ({kolommen}, bijgewerkt_op)
                SELECT {kolommen}, now() FROM {_LEERLINGEN} ORDER BY persoonsgebonden_nummer
                    ON CONFLICT (persoonsgebonden_nummer) DO NOTHING
                RETURNING persoonsgebonden_nummer
            )
            INSERT INTO {_NIEUW} SELECT persoonsgebonden_nummer FROM nieuw
        """  # noqa: S608 - only constant names are interpolated
        bestaand = f"""ARRAY(
            SELECT persoonsgebonden_nummer FROM {_LEERLINGEN} s
             WHERE NOT EXISTS (SELECT FROM {_NIEUW} n WHERE n.persoonsgebonden_nummer = s.persoonsgebonden_nummer))"""  # noqa: S608
        # Unchanged pupils are not written: a full delivery is mostly unchanged.
        self.sql_bijwerken = f"""
            UPDATE {leerling} l
               SET {", ".join(f"{k} = s.{k}" for k in gegevens)}, bijgewerkt_op = now()
              FROM {_LEERLINGEN} s
             WHERE l.persoonsgebonden_nummer = ANY ({bestaand})
               AND s.persoonsgebonden_nummer = l.persoonsgebonden_nummer
               AND ({", ".join(f"l.{k}" for k in gegevens)}) IS DISTINCT FROM ({", ".join(f"s.{k}" for k in gegevens)})
        """  # noqa: S608 - only constant names are interpolated
        # A pupil's enrolments are replaced as a difference: those already there stay (same id,
        # no write), the others are deleted or added. The end state equals delete-all-then-
        # insert; identical rows in the file become one enrolment. Deleting is limited to the
        # pupils first seen in this block: a pupil's rows in a later block only add.
        gelijk = """n.leerling_id = i.leerling_id AND n.vestiging_id = i.vestiging_id
                AND n.inschrijfdatum = i.inschrijfdatum
                AND n.uitschrijfdatum IS NOT DISTINCT FROM i.uitschrijfdatum"""
        self.sql_verwijderen = f"""
            DELETE FROM {inschrijving} i
             WHERE i.leerling_id = ANY ({bestaand})
               AND NOT EXISTS (SELECT FROM {_INSCHRIJVINGEN} n WHERE {gelijk})
        """  # noqa: S608 - only constant names are interpolated
        self.sql_toevoegen = f"""
            INSERT INTO {inschrijving} (leerling_id, vestiging_id, inschrijfdatum, uitschrijfdatum)
            SELECT DISTINCT leerling_id, vestiging_id, inschrijfdatum, uitschrijfdatum
              FROM {_INSCHRIJVINGEN} n
             WHERE EXISTS (SELECT FROM {_NIEUW} x WHERE x.persoonsgebonden_nummer = n.leerling_id)
                OR NOT EXISTS (SELECT FROM {inschrijving} i WHERE {gelijk} OFFSET 0)
             ORDER BY leerling_id, vestiging_id, inschrijfdatum, uitschrijfdatum
        """  # noqa: S608 - only constant names are interpolated

    def _stap(self, naam):
        nu = time.perf_counter()
        self.tijden[naam] = self.tijden.get(naam, 0.0) + nu - self._vorige
        self._vorige = nu

    def laad(self, blok):
        cursor = self.cursor
        self._vorige = time.perf_counter()
        cursor.execute(f"TRUNCATE {_LEERLINGEN}, {_INSCHRIJVINGEN}, {_NIEUW}")
        with cursor.copy(f"COPY {_LEERLINGEN} ({', '.join(LEERLINGKOLOMMEN)}) FROM STDIN") as copy:
            copy.write(blok.leerlingen)
        with cursor.copy(
            f"COPY {_INSCHRIJVINGEN} (leerling_id, vestiging_id, inschrijfdatum, uitschrijfdatum) FROM STDIN"
        ) as copy:
            copy.write(blok.inschrijvingen)
        self._stap("kopiëren")
        cursor.execute(self.sql_nieuw)
        nieuw = cursor.rowcount
        self._stap("nieuwe leerlingen")
        cursor.execute(self.sql_bijwerken)
        bijgewerkt = cursor.rowcount
        self._stap("leerlingen bijwerken")
        cursor.execute(self.sql_verwijderen)
        self.inschrijvingen_verwijderd += cursor.rowcount
        self._stap("inschrijvingen verwijderen")
        cursor.execute(self.sql_toevoegen)
        self.inschrijvingen_toegevoegd += cursor.rowcount
        self._stap("inschrijvingen toevoegen")
        self.rijen += blok.rijen
        self.leerlingen += blok.aantal_leerlingen
        self.leerlingen_nieuw += nieuw
        self.leerlingen_bijgewerkt += bijgewerkt

    def afronden(self):
        if self.uitgestelde_sleutels:
            self.cursor.execute(f"SET CONSTRAINTS {self.uitgestelde_sleutels} DEFERRED")


class _Lezer:
    """Reads and checks the delivery, and turns it into blocks of COPY text.

    Once a row is bad no more blocks are produced, but reading goes on to report more errors.
    """

    def __init__(self, *, gemeentecodes, vestigingscodes, max_fouten=MAX_FOUTEN, blokgrootte=BLOKGROOTTE):
        self.gemeentecodes = gemeentecodes
        self.vestigingscodes = vestigingscodes
        self.max_fouten = max_fouten
        self.blokgrootte = blokgrootte
        self.fouten = []
        self.aantal_fouten = 0
        self.rijen = 0
        self.begin_stroom = None
        self._csv = None
        self.stop = threading.Event()
        # Conflicting pupil data: (index in self.fouten, line of the first occurrence, pupil data).
        self.conflicten = []

    def fout(self, regel, kolom, reden):
        self.aantal_fouten += 1
        if len(self.fouten) < self.max_fouten:
            self.fouten.append(Fout(regel, kolom, reden))

    def blokken(self, stroom):
        if stroom.seekable():
            self.begin_stroom = stroom.tell()
        try:
            yield from self._blokken(stroom)
        except UnicodeDecodeError:
            # Read ahead in large chunks: the line is where reading stopped, or a little after.
            self.fout(self._regel(1), None, "het bestand is geen geldige UTF-8-tekst (vanaf hier of iets verder)")
        except csv.Error as exc:
            # The csv module's messages describe the syntax, never the field's content.
            self.fout(self._regel(0), None, f"geen geldige CSV ({exc})")

    def _regel(self, verder):
        return self._csv.line_num + verder if self._csv is not None else None

    def _kopregel(self, lezer):
        try:
            kop = next(lezer)
        except StopIteration:
            self.fout(None, None, "het bestand is leeg: de kopregel ontbreekt")
            return None
        namen = [naam.strip().lstrip("\ufeff").lower() for naam in kop]
        ontbrekend = [k for k in KOLOMMEN if k not in namen]
        if ontbrekend and namen and namen[0].isdigit():
            # Do not echo it: this "header" is a row of personal data.
            self.fout(1, None, f"de kopregel ontbreekt; de eerste regel moet zijn: {','.join(KOLOMMEN)}")
            return None
        if ontbrekend:
            self.fout(1, ", ".join(ontbrekend), "kolom ontbreekt in de kopregel")
        onbekend = [n if re.fullmatch(r"[a-z_]{1,40}", n) else "?" for n in namen if n not in KOLOMMEN]
        if onbekend:
            self.fout(1, ", ".join(onbekend), f"onbekende kolom; verwacht: {','.join(KOLOMMEN)}")
        dubbel = sorted({n for n in namen if n in KOLOMMEN and namen.count(n) > 1})
        if dubbel:
            self.fout(1, ", ".join(dubbel), "kolom komt meer dan eens voor in de kopregel")
        if self.aantal_fouten:
            return None
        return itemgetter(*(namen.index(k) for k in KOLOMMEN))

    def _blokken(self, stroom):  # one long loop on purpose: it runs a million times
        lezer = self._csv = csv.reader(stroom, strict=True)
        volgorde = self._kopregel(lezer)
        if volgorde is None:
            return
        aantal_kolommen = len(KOLOMMEN)
        gemeentecodes = self.gemeentecodes
        vestigingscodes = self.vestigingscodes
        fout = self.fout
        strip = str.strip
        besturingsteken = _BESTURINGSTEKEN.search
        postcode_patroon = _POSTCODE.fullmatch
        huisletter_patroon = _HUISLETTER.fullmatch
        toevoeging_patroon = _TOEVOEGING.fullmatch
        geldige_datums = set()
        gezien = {}  # nummer -> hash of the pupil data << 32 | line of its first row
        leerlingen = []
        inschrijvingen = []
        blokrijen = 0
        blokleerlingen = 0

        def datum(regel, kolom, waarde):
            if waarde in geldige_datums:
                return True
            # date.fromisoformat alone also takes 20240101 and 2024-W01-1.
            if len(waarde) == 10 and waarde[4] == "-" and waarde[7] == "-":
                try:
                    date.fromisoformat(waarde)
                except ValueError:
                    pass
                else:
                    geldige_datums.add(waarde)
                    return True
            fout(regel, kolom, "geen geldige datum (verwacht JJJJ-MM-DD)")
            return False

        vorige = lezer.line_num
        for rij in lezer:
            regel = vorige + 1  # where the record starts; a quoted field may span lines
            vorige = lezer.line_num
            if not rij or (len(rij) == 1 and not rij[0].strip()):
                continue
            self.rijen += 1
            if not self.rijen & 0xFFF and self.stop.is_set():
                return  # the import was abandoned (a database error, an interrupt)
            if len(rij) != aantal_kolommen:
                fout(regel, None, f"{len(rij)} kolommen in plaats van {aantal_kolommen}")
                continue
            if besturingsteken("".join(rij)):
                for kolom, waarde in zip(KOLOMMEN, volgorde(rij), strict=True):
                    if besturingsteken(waarde):
                        fout(regel, kolom, "bevat een tab, regeleinde, backslash of ander stuurteken")
                continue
            fouten_voor = self.aantal_fouten
            (
                nummer,
                soort,
                voornamen,
                voorvoegsel,
                achternaam,
                geslacht,
                geboortedatum,
                straat,
                huisnummer,
                huisletter,
                toevoeging,
                postcode,
                plaats,
                gemeentecode,
                vestigingscode,
                inschrijfdatum,
                uitschrijfdatum,
            ) = waarden = tuple(map(strip, volgorde(rij)))

            if not (
                nummer
                and soort
                and voornamen
                and achternaam
                and geslacht
                and geboortedatum
                and gemeentecode
                and vestigingscode
                and inschrijfdatum
            ):
                for kolom, waarde in zip(VERPLICHT, _verplicht(waarden), strict=True):
                    if not waarde:
                        fout(regel, kolom, "verplicht veld is leeg")
            soort = soort.lower()
            if soort and soort != BSN and soort != ONDERWIJSNUMMER:
                fout(regel, "soort_nummer", "moet 'bsn' of 'onderwijsnummer' zijn")
            elif nummer and nummer not in gezien:  # a number seen before passed already
                if len(nummer) != 9 or not (nummer.isascii() and nummer.isdigit()):
                    fout(regel, "persoonsgebonden_nummer", "moet uit precies 9 cijfers bestaan")
                elif soort == BSN:
                    if not is_geldig_bsn(nummer):
                        fout(regel, "persoonsgebonden_nummer", "geen geldig BSN (de elfproef klopt niet)")
                elif soort == ONDERWIJSNUMMER and not is_geldig_onderwijsnummer(nummer):
                    fout(
                        regel,
                        "persoonsgebonden_nummer",
                        "geen geldig onderwijsnummer (begint niet met 10 of de elfproef klopt niet)",
                    )
            geslacht = geslacht.upper()
            if geslacht and geslacht not in ("M", "V", "O"):
                fout(regel, "geslacht", "moet M, V of O zijn")
            if geboortedatum:
                datum(regel, "geboortedatum", geboortedatum)
            # Longer values would make the database refuse the row with a message quoting it.
            if len(voornamen) > 200:
                fout(regel, "voornamen", "langer dan 200 tekens")
            if len(voorvoegsel) > 20:
                fout(regel, "voorvoegsel", "langer dan 20 tekens")
            if len(achternaam) > 200:
                fout(regel, "achternaam", "langer dan 200 tekens")
            if len(straat) > 200:
                fout(regel, "straat", "langer dan 200 tekens")
            if len(plaats) > 100:
                fout(regel, "plaats", "langer dan 100 tekens")
            if huisnummer:
                if huisnummer.isascii() and huisnummer.isdigit() and 0 < int(huisnummer) < 100000:
                    huisnummer = str(int(huisnummer))
                else:
                    fout(regel, "huisnummer", "geen geheel getal van 1 tot en met 99999")
            else:
                huisnummer = r"\N"
            if huisletter and not huisletter_patroon(huisletter):
                fout(regel, "huisletter", "moet één letter zijn")
            if toevoeging and not toevoeging_patroon(toevoeging):
                fout(regel, "huisnummertoevoeging", "hoogstens 4 letters of cijfers")
            if postcode:
                postcode = postcode.upper()
                if postcode_patroon(postcode):
                    postcode = postcode.replace(" ", "")
                else:
                    fout(regel, "postcode", "geen Nederlandse postcode (verwacht 1234AB)")
            if gemeentecode and gemeentecode not in gemeentecodes:
                fout(regel, "gemeentecode", "onbekende gemeentecode (verwacht een CBS-code van 4 cijfers, bijv. 0363)")
            vestigingscode = vestigingscode.upper()
            if vestigingscode and vestigingscode not in vestigingscodes:
                fout(regel, "vestigingscode", "onbekende vestigingscode (verwacht BRIN + volgnummer, bijv. 00AR00)")
            if inschrijfdatum and datum(regel, "inschrijfdatum", inschrijfdatum):
                if not uitschrijfdatum:
                    uitschrijfdatum = r"\N"
                # Valid ISO dates compare correctly as text.
                elif datum(regel, "uitschrijfdatum", uitschrijfdatum) and uitschrijfdatum < inschrijfdatum:
                    fout(regel, "uitschrijfdatum", "ligt vóór de inschrijfdatum")
            elif uitschrijfdatum:
                datum(regel, "uitschrijfdatum", uitschrijfdatum)
            if self.aantal_fouten != fouten_voor:
                continue

            leerling = (
                soort,
                voornamen,
                voorvoegsel,
                achternaam,
                geslacht,
                geboortedatum,
                straat,
                huisnummer,
                huisletter,
                toevoeging,
                postcode,
                plaats,
                gemeentecode,
            )
            # A hash of the data and the line, packed in one int: a national delivery's pupils
            # would not fit in memory otherwise.
            kenmerk = hash(leerling)
            eerder = gezien.get(nummer)
            if eerder is None:
                gezien[nummer] = (kenmerk << 32) | regel
                if self.aantal_fouten:
                    continue
                if blokrijen >= self.blokgrootte:
                    # Cut before a new pupil, so that a pupil's adjacent rows share a block.
                    yield _Blok(blokrijen, blokleerlingen, "".join(leerlingen), "".join(inschrijvingen))
                    leerlingen.clear()
                    inschrijvingen.clear()
                    blokrijen = blokleerlingen = 0
                leerlingen.append(nummer + "\t" + "\t".join(leerling) + "\n")
                blokleerlingen += 1
            elif eerder >> 32 != kenmerk:
                eerste = eerder & 0xFFFFFFFF
                if len(self.fouten) < self.max_fouten:
                    self.conflicten.append((len(self.fouten), eerste, leerling))
                fout(regel, None, f"andere leerlinggegevens dan regel {eerste} bij hetzelfde nummer")
                continue
            if self.aantal_fouten:
                continue
            inschrijvingen.append(f"{nummer}\t{vestigingscode}\t{inschrijfdatum}\t{uitschrijfdatum}\n")
            blokrijen += 1
        if blokrijen and not self.aantal_fouten:
            yield _Blok(blokrijen, blokleerlingen, "".join(leerlingen), "".join(inschrijvingen))

    def fouten_met_kolommen(self, bestand, stroom):
        """The errors, with the differing columns filled in for conflicting pupil data.

        The first pass keeps only a hash per pupil, so the columns are found by reading the
        first rows of those pupils again.
        """
        if not self.conflicten:
            return self.fouten
        nodig = {eerste for _, eerste, _ in self.conflicten}
        eerste_rijen = {}
        if isinstance(bestand, (str, Path)):
            opnieuw, loslaten = _open(bestand)
        elif self.begin_stroom is not None:
            stroom.seek(self.begin_stroom)
            opnieuw, loslaten = stroom, lambda: None
        else:
            return self.fouten
        try:
            lezer = csv.reader(opnieuw)
            kop = [naam.strip().lstrip("\ufeff").lower() for naam in next(lezer)]
            volgorde = itemgetter(*(kop.index(k) for k in LEERLINGKOLOMMEN))
            vorige = lezer.line_num
            for rij in lezer:
                regel, vorige = vorige + 1, lezer.line_num
                if regel in nodig:
                    eerste_rijen[regel] = [w.strip() for w in volgorde(rij)]
                    if len(eerste_rijen) == len(nodig):
                        break
        finally:
            loslaten()
        fouten = list(self.fouten)
        for index, eerste, leerling in self.conflicten:
            if eerste in eerste_rijen:
                oud = eerste_rijen[eerste][1:]
                verschil = [
                    kolom
                    for kolom, waarde, oude_waarde in zip(LEERLINGKOLOMMEN[1:], leerling, oud, strict=True)
                    if _zoals_opgeslagen(kolom, oude_waarde) != waarde
                ]
                fouten[index] = replace(fouten[index], kolom=", ".join(verschil) or None)
        return fouten


def _zoals_opgeslagen(kolom, waarde):
    """A raw value normalised the way the reader stores it (to name the columns of a conflict)."""
    if kolom == "soort_nummer":
        return waarde.lower()
    if kolom in ("geslacht", "postcode"):
        return waarde.upper().replace(" ", "")
    if kolom == "huisnummer":
        return str(int(waarde)) if waarde.isdigit() else r"\N"
    return waarde
