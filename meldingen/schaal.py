"""A national-size register for benchmarks: Bron pupils, enrolments, meldingen and history, bulk-loaded with COPY.

Only for benchmark and development databases (seed_scale refuses when DEBUG is off). The rows are
consistent by construction (every melding's pupil is enrolled at its vestiging, routed to the
woongemeente or an afwijkend verblijfadres, status and history agree), so the database's own
checks all hold.
"""

import bisect
import json
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone

from berichten.models import Herinnering, Soort, Toestand, Uitgaand, VerzondenMail
from berichten.services import attendering_sleutel, message_id
from bron.models import Inschrijving, Leerling
from bron.testdata import genereer_rijen
from gemeenten.models import Gemeente, Rbl
from scholen.models import Vestiging

from .models import Melding, MeldingHistorie
from .services import schooljaar_van
from .workflow import Status

STANDAARD_SEED = 20261123
MELDINGSNUMMER_SEQ = "meldingen_meldingsnummer_seq"
_BLOK = 2000  # rows per COPY write

# Spreads. Roughly what the loket sees; the exact figures are not in our sources.
SOORTEN = (("16_uur", 55), ("lrv", 10), ("rmc", 5), ("luxe", 20), ("overig", 10))
EINDDATUM_VERPLICHT = {"16_uur", "lrv", "rmc"}
# Per age of the school year: 0 = the current one, 1 = the previous one (mostly handled by now).
STATUSSEN = {
    0: (
        (Status.GEREGISTREERD, 30),
        (Status.IN_BEHANDELING, 35),
        (Status.AFGESLOTEN, 25),
        (Status.TER_KENNISGEVING, 5),
        (Status.INGETROKKEN, 5),
    ),
    1: (
        (Status.GEREGISTREERD, 2),
        (Status.IN_BEHANDELING, 8),
        (Status.AFGESLOTEN, 70),
        (Status.TER_KENNISGEVING, 15),
        (Status.INGETROKKEN, 5),
    ),
}
MELDINGEN_PER_LEERLING = ((1, 80), (2, 15), (3, 5))  # mean 1.25
AANDEEL_AFWIJKEND_ADRES = 0.02
AANDEEL_GEWIJZIGD = 0.05
AANDEEL_RBL_GEMEENTEN = 0.25  # when the database has no RBLs yet, this share of gemeenten gets one
GROTE_STEDEN = {"0363", "0599", "0518", "0344"}  # Amsterdam, Rotterdam, Den Haag, Utrecht handle their own

REDENEN = (
    "Leerling geeft aan zich niet lekker te voelen; ouders niet bereikbaar.",
    "Vermoedelijk problemen thuis.",
    "Leerling spijbelt met vrienden in de middagpauze.",
    "Familiebezoek in het buitenland buiten de vakantie.",
    "Onbekend; leerling reageert niet op berichten.",
    "Motivatieproblemen, haakt af bij praktijkvakken.",
)
ACTIES = (
    "Ouders gebeld en uitgenodigd voor een gesprek.",
    "Gesprek met mentor en zorgcoördinator gevoerd.",
    "Brief naar ouders gestuurd, geen reactie.",
    "Leerling aangesproken, afspraken gemaakt over aanwezigheid.",
)
FUNCTIES = ("mentor", "verzuimcoördinator", "teamleider", "administratie")
INTREKREDENEN = ("Abusievelijk gemeld.", "Verzuim bleek geoorloofd (ziekmelding nagekomen).")


@dataclass(frozen=True)
class Verslag:
    leerlingen: int
    inschrijvingen: int
    meldingen: int
    historie: int
    seconden: dict

    def samenvatting(self):
        tijden = ", ".join(f"{stap} {sec:.0f} s" for stap, sec in self.seconden.items())
        return (
            f"{self.leerlingen:,} leerlingen, {self.inschrijvingen:,} inschrijvingen, {self.meldingen:,} meldingen, "
            f"{self.historie:,} historieregels in {sum(self.seconden.values()):.0f} s ({tijden})"
        )


def _gewogen(paren):
    """(values, cumulative weights) for bisect-based choice, faster than random.choices in a hot loop."""
    waarden, grenzen, totaal = [], [], 0
    for waarde, gewicht in paren:
        totaal += gewicht
        waarden.append(waarde)
        grenzen.append(totaal)
    return waarden, [g / totaal for g in grenzen]


def _kies(rng, gewogen):
    waarden, grenzen = gewogen
    return waarden[bisect.bisect_left(grenzen, rng.random())]


def _tekst(waarde):
    """A value in COPY text format: None is NULL; backslash, tab and newlines escaped."""
    if waarde is None:
        return "\\N"
    if isinstance(waarde, bool):
        return "t" if waarde else "f"
    tekst = str(waarde)
    if "\\" in tekst or "\t" in tekst or "\n" in tekst or "\r" in tekst:
        tekst = tekst.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return tekst


def _regel(waarden):
    return "\t".join(map(_tekst, waarden)) + "\n"


@contextmanager
def _kopieer(cursor, tabel, kolommen):
    """COPY into `tabel`; yields a write(row) that buffers blocks of rows."""
    buffer = []
    with cursor.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as copy:

        def schrijf(rij):
            buffer.append(_regel(rij))
            if len(buffer) >= _BLOK:
                copy.write("".join(buffer))
                buffer.clear()

        yield schrijf
        if buffer:
            copy.write("".join(buffer))


@contextmanager
def _indexen_na_laden(cursor, tabel, *, nieuw, bestaand, stdout):
    """Drop the table's plain indexes for the load and recreate them from their exact definitions.

    Only when the load at least doubles the table (otherwise maintaining them is cheaper), and
    inside the caller's transaction, so a failure rolls back to the original indexes. Indexes
    that back a constraint (primary key, unique) stay.
    """
    if nieuw < bestaand:
        yield
        return
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = %s
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                          WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass)
        ORDER BY i.indexname
        """,
        [tabel],
    )
    indexen = cursor.fetchall()
    for naam, _ in indexen:
        cursor.execute(f'DROP INDEX "{naam}"')
    yield
    begin = time.perf_counter()
    for _, definitie in indexen:
        cursor.execute(definitie)
    _meld(stdout, f"  {len(indexen)} indexen op {tabel} opnieuw gebouwd in {time.perf_counter() - begin:.0f} s")


def _meld(stdout, tekst):
    if stdout is not None:
        stdout.write(tekst + "\n")
        stdout.flush()


def _zorg_voor_rbls(rng, stdout):
    """Use the RBLs the database has; without any, group a share of the smaller gemeenten per province."""
    if Rbl.objects.exists():
        return
    per_provincie = {}
    for gemeente in Gemeente.objects.exclude(code__in=GROTE_STEDEN).order_by("code"):
        per_provincie.setdefault(gemeente.provincie, []).append(gemeente.code)
    for provincie, codes in sorted(per_provincie.items()):
        gekozen = [c for c in codes if rng.random() < AANDEEL_RBL_GEMEENTEN]
        if not gekozen:
            continue
        rbl = Rbl.objects.create(
            code=f"rbl-schaal-{provincie.lower().replace(' ', '-')}", naam=f"RBL {provincie} (benchmark)"
        )
        Gemeente.objects.filter(code__in=gekozen).update(rbl=rbl)
    _meld(stdout, f"  {Rbl.objects.count()} RBL's gemaakt voor de benchmark")


class _Tijden(dict):
    @contextmanager
    def stap(self, naam):
        begin = time.perf_counter()
        yield
        self[naam] = time.perf_counter() - begin


def seed_scale(*, leerlingen, meldingen, schooljaren=None, seed=STANDAARD_SEED, stdout=None, vacuum=True):
    """Add `leerlingen` Bron pupils (with enrolments) and `meldingen` meldingen (with history).

    Meldingen are spread evenly over `schooljaren` (default: the current and the previous one,
    the two a register holds), over all schools and hence all gemeenten. Returns a Verslag.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    nu = timezone.now()
    if schooljaren is None:
        huidig = schooljaar_van(timezone.localdate(nu))
        schooljaren = [huidig - 1, huidig]
    tijden = _Tijden()
    with transaction.atomic(), connection.cursor() as cursor:
        _zorg_voor_rbls(rng, stdout)
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: millions of queued checks would
        # run at commit and forbid CREATE INDEX meanwhile. Checked per row instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with tijden.stap("leerlingen"):
            gekozen, aantal_leerlingen, aantal_inschrijvingen = _laad_leerlingen(
                cursor, rng, leerlingen, meldingen, seed, nu, stdout
            )
        with tijden.stap("meldingen"):
            aantal_meldingen, aantal_historie = _laad_meldingen(
                cursor, rng, gekozen, meldingen, schooljaren, nu, stdout
            )
    if vacuum:
        # Sets visibility and hint bits so the first benchmark queries are not the slow ones. VACUUM
        # cannot run inside a transaction (a caller's atomic block, a test): then statistics only.
        opdracht = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with tijden.stap("vacuum analyze"), connection.cursor() as cursor:
            for model in (Leerling, Inschrijving, Melding, MeldingHistorie, Uitgaand, VerzondenMail, Herinnering):
                cursor.execute(f"{opdracht} {model._meta.db_table}")
    return Verslag(aantal_leerlingen, aantal_inschrijvingen, aantal_meldingen, aantal_historie, dict(tijden))


class _Gekozen:
    """The pupils who get meldingen: number, current vestiging, first possible day there, woongemeente."""

    def __init__(self):
        self.nummers, self.vestigingen, self.sinds, self.gemeenten = [], [], [], []

    def voeg_toe(self, nummer, vestiging, sinds, gemeente):
        self.nummers.append(nummer)
        self.vestigingen.append(vestiging)
        self.sinds.append(sinds)
        self.gemeenten.append(gemeente)


def _laad_leerlingen(cursor, rng, aantal, meldingen, seed, nu, stdout):
    bestaand = Leerling.objects.count()
    bekend = set(Leerling.objects.values_list("pk", flat=True).iterator(chunk_size=50_000)) if bestaand else set()
    vestigingscodes = set(Vestiging.objects.values_list("code", flat=True))
    kans = min(1.0, meldingen / 1.25 / max(aantal, 1))
    gekozen = _Gekozen()
    nu_tekst = nu.isoformat()
    leerlingkolommen = [
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
        "bijgewerkt_op",
    ]
    inschrijvingen = []  # written after the pupils: the enrolment table refers to them
    geladen = 0
    begin = time.perf_counter()
    tabel = Leerling._meta.db_table
    with _indexen_na_laden(cursor, tabel, nieuw=aantal, bestaand=bestaand, stdout=stdout):
        with _kopieer(cursor, tabel, leerlingkolommen) as schrijf:
            vorige = None
            overslaan = False
            # About 1.3 rows per pupil; ask generously and stop at the number of pupils.
            for rij in genereer_rijen(int(aantal * 1.5) + 100, seed, vestigingscodes=vestigingscodes):
                nummer = rij["persoonsgebonden_nummer"]
                if nummer != vorige:
                    vorige = nummer
                    if geladen >= aantal:
                        break
                    overslaan = nummer in bekend
                    if overslaan:
                        continue
                    geladen += 1
                    schrijf([rij[k] for k in leerlingkolommen[:-1]] + [nu_tekst])
                    if rng.random() < kans:
                        gekozen.voeg_toe(
                            nummer,
                            rij["vestigingscode"],
                            date.fromisoformat(rij["inschrijfdatum"]).toordinal(),
                            rij["gemeentecode"],
                        )
                    if geladen % 500_000 == 0:
                        _meld(stdout, f"  {geladen:,} leerlingen ({time.perf_counter() - begin:.0f} s)")
                elif overslaan:
                    continue
                inschrijvingen.append(
                    (nummer, rij["vestigingscode"], rij["inschrijfdatum"], rij["uitschrijfdatum"] or None)
                )
    _meld(stdout, f"  {geladen:,} leerlingen geladen ({time.perf_counter() - begin:.0f} s)")
    tabel = Inschrijving._meta.db_table
    with _indexen_na_laden(cursor, tabel, nieuw=len(inschrijvingen), bestaand=bestaand, stdout=stdout):
        with _kopieer(cursor, tabel, ["leerling_id", "vestiging_id", "inschrijfdatum", "uitschrijfdatum"]) as schrijf:
            for inschrijving in inschrijvingen:
                schrijf(inschrijving)
    _meld(stdout, f"  {len(inschrijvingen):,} inschrijvingen geladen ({time.perf_counter() - begin:.0f} s)")
    if geladen < aantal:
        _meld(stdout, f"  let op: maar {geladen:,} nieuwe leerlingen (nummers al in gebruik)")
    return gekozen, geladen, len(inschrijvingen)


def _schooljaar_venster(jaar, vandaag):
    begin = date(jaar, 8, 1).toordinal()
    eind = min(date(jaar + 1, 7, 31), vandaag).toordinal()
    return begin, eind


def _reserveer(cursor, sequence, aantal):
    """Take `aantal` consecutive values of `sequence`; returns the first. setval keeps later nextval()s clear."""
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [sequence])
    cursor.execute("SELECT nextval(%s)", [sequence])
    (eerste,) = cursor.fetchone()
    if aantal > 1:
        cursor.execute("SELECT setval(%s, %s)", [sequence, eerste + aantal - 1])
    return eerste


def _laad_meldingen(cursor, rng, gekozen, aantal, schooljaren, nu, stdout):
    if not gekozen.nummers or aantal <= 0:
        return 0, 0
    vandaag = timezone.localdate(nu)
    huidig = schooljaar_van(vandaag)
    gemeenten = {g.code: g for g in Gemeente.objects.all()}
    per_provincie = {}
    for g in gemeenten.values():
        per_provincie.setdefault(g.provincie, []).append(g.code)
    soorten = _gewogen(SOORTEN)
    per_leerling = _gewogen(MELDINGEN_PER_LEERLING)
    statussen = {leeftijd: _gewogen(paren) for leeftijd, paren in STATUSSEN.items()}
    vensters = {jaar: _schooljaar_venster(jaar, vandaag) for jaar in schooljaren}
    vensters = {jaar: v for jaar, v in vensters.items() if v[0] <= v[1]}
    if not vensters:
        raise ValueError("geen van de schooljaren is al begonnen")
    jaren = sorted(vensters)

    # First the skeletons (when, whom, which year), then sorted by time: meldingsnummers and ids
    # rise with created_at, and the table's physical order is the order of arrival, as in production.
    skeletten = []
    i = 0
    n = len(gekozen.nummers)
    pogingen = 0
    while len(skeletten) < aantal and pogingen < aantal * 3:
        pogingen += 1
        leerling = i % n
        i += 1
        for _ in range(_kies(rng, per_leerling)):
            if len(skeletten) >= aantal:
                break
            jaar = jaren[rng.randrange(len(jaren))]
            begin, eind = vensters[jaar]
            begin = max(begin, gekozen.sinds[leerling] + 7)
            if begin > eind:
                continue
            dag = rng.randint(begin, eind)
            # Office hours, Amsterdam time (roughly UTC+1).
            moment = datetime.fromordinal(dag).replace(tzinfo=UTC) + timedelta(seconds=rng.randint(7 * 3600, 16 * 3600))
            if moment > nu:
                moment = nu - timedelta(seconds=rng.randint(60, 3600))
            skeletten.append((moment, leerling, jaar))
    skeletten.sort()

    # Ids are given explicitly (the history rows refer to them), taken from the identity sequence.
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Melding._meta.db_table])
    eerste_id = _reserveer(cursor, cursor.fetchone()[0], len(skeletten))
    eerste_nummer = _reserveer(cursor, MELDINGSNUMMER_SEQ, len(skeletten))

    kolommen = [
        "id",
        "meldingsnummer",
        "schooljaar",
        "status",
        "status_gewijzigd_op",
        "vestiging_id",
        "persoonsgebonden_nummer",
        "ingediend_door_id",
        "verzuimsoort_id",
        "begindatum",
        "einddatum",
        "vermoedelijke_reden",
        "alle_lessen_gemist",
        "ondernomen_actie",
        "actie_gemeente_gewenst",
        "toelichting_geen_actie",
        "leslocatie_id",
        "melder_naam",
        "melder_functie",
        "melder_telefoonnummer",
        "melder_email",
        "telefoonnummer_ouder_leerling",
        "afwijkend_straat",
        "afwijkend_huisnummer",
        "afwijkend_huisletter",
        "afwijkend_huisnummertoevoeging",
        "afwijkend_postcode",
        "afwijkend_locatieaanduiding",
        "afwijkend_plaatsnaam",
        "afwijkend_gemeente_id",
        "verzuimdagen",
        "verzuimuren",
        "gemeente_id",
        "rbl_id",
        "routering",
        "behandelaar_id",
        "afsluitreden_id",
        "toelichting_afsluiting_id",
        "contactpersoon_naam",
        "contactpersoon_functie",
        "contactpersoon_telefoonnummer",
        "contactpersoon_email",
        "intrekkingsreden",
        "created_at",
        "updated_at",
    ]
    historiekolommen = [
        "melding_id",
        "actie",
        "van_status",
        "naar_status",
        "gewijzigde_velden",
        "toelichting",
        "door_id",
        "door_naam",
        "created_at",
    ]
    afsluitredenen = [r for r, _ in _referentie(cursor, "meldingen_afsluitreden")]
    toelichtingen = [r for r, _ in _referentie(cursor, "meldingen_toelichtingafsluiting")]
    historie = []
    berichten = []  # per melding what its mail rows need: (id, nummer, soort, gemeente, status, moment)
    voor_bericht = itemgetter(
        *(kolommen.index(k) for k in ("meldingsnummer", "verzuimsoort_id", "gemeente_id", "status"))
    )
    begin_tijd = time.perf_counter()
    tabel = Melding._meta.db_table
    bestaand = Melding.objects.count()
    with _indexen_na_laden(cursor, tabel, nieuw=len(skeletten), bestaand=bestaand, stdout=stdout):
        with _kopieer(cursor, tabel, kolommen) as schrijf:
            for volgnummer, (moment, leerling, jaar) in enumerate(skeletten):
                melding_id = eerste_id + volgnummer
                rij, regels = _melding(
                    rng,
                    melding_id,
                    eerste_nummer + volgnummer,
                    moment,
                    jaar,
                    huidig,
                    nu,
                    gekozen,
                    leerling,
                    gemeenten,
                    per_provincie,
                    soorten,
                    statussen,
                    afsluitredenen,
                    toelichtingen,
                )
                schrijf(rij)
                historie.extend(regels)
                berichten.append((melding_id, *voor_bericht(rij), moment))
                if (volgnummer + 1) % 250_000 == 0:
                    _meld(stdout, f"  {volgnummer + 1:,} meldingen ({time.perf_counter() - begin_tijd:.0f} s)")
    _meld(stdout, f"  {len(skeletten):,} meldingen geladen ({time.perf_counter() - begin_tijd:.0f} s)")
    tabel = MeldingHistorie._meta.db_table
    with _indexen_na_laden(cursor, tabel, nieuw=len(historie), bestaand=MeldingHistorie.objects.count(), stdout=stdout):
        with _kopieer(cursor, tabel, historiekolommen) as schrijf:
            for regel in historie:
                schrijf(regel)
    _meld(stdout, f"  {len(historie):,} historieregels geladen ({time.perf_counter() - begin_tijd:.0f} s)")
    _laad_berichten(cursor, berichten, nu, stdout)
    _meld(stdout, f"  {len(berichten):,} attenderingsmails geladen ({time.perf_counter() - begin_tijd:.0f} s)")
    return len(skeletten), len(historie)


def _laad_berichten(cursor, berichten, nu, stdout):
    """What the outbox leaves behind for every melding: its sent attenderingsmail (outbox row and sent-log
    row), and a reminder row while the melding is still geregistreerd. The purge deletes these too."""
    if not berichten:
        return
    soortnamen = dict(_referentie(cursor, "meldingen_verzuimsoort"))
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Uitgaand._meta.db_table])
    eerste_id = _reserveer(cursor, cursor.fetchone()[0], len(berichten))
    tabel = Uitgaand._meta.db_table
    kolommen = [
        "id",
        "sleutel",
        "soort",
        "toestand",
        "melding_id",
        "gemeente_id",
        "inhoud",
        "ontvangers",
        "pogingen",
        "eerste_poging_op",
        "volgende_poging_op",
        "laatste_fout",
        "created_at",
        "verzonden_op",
    ]
    with _indexen_na_laden(cursor, tabel, nieuw=len(berichten), bestaand=Uitgaand.objects.count(), stdout=stdout):
        with _kopieer(cursor, tabel, kolommen) as schrijf:
            for volgnummer, (melding_id, nummer, soort, gemeente, _, moment) in enumerate(berichten):
                inhoud = json.dumps({"meldingsnummer": nummer, "verzuimsoort": soortnamen.get(soort, soort)})
                ontvangers = json.dumps([f"leerplicht@{gemeente}.gemeente.example"])
                verzonden = (moment + timedelta(seconds=2)).isoformat()
                schrijf(
                    (
                        eerste_id + volgnummer,
                        attendering_sleutel(melding_id),
                        Soort.ATTENDERING,
                        Toestand.VERZONDEN,
                        melding_id,
                        gemeente,
                        inhoud,
                        ontvangers,
                        1,
                        verzonden,
                        moment.isoformat(),
                        "",
                        moment.isoformat(),
                        verzonden,
                    )
                )
    tabel = VerzondenMail._meta.db_table
    kolommen = ["sleutel", "uitgaand_id", "melding_id", "ontvangers", "message_id", "verzonden_op"]
    with _indexen_na_laden(cursor, tabel, nieuw=len(berichten), bestaand=VerzondenMail.objects.count(), stdout=stdout):
        with _kopieer(cursor, tabel, kolommen) as schrijf:
            for volgnummer, (melding_id, _, _, gemeente, _, moment) in enumerate(berichten):
                sleutel = attendering_sleutel(melding_id)
                ontvangers = json.dumps([f"leerplicht@{gemeente}.gemeente.example"])
                verzonden = (moment + timedelta(seconds=2)).isoformat()
                schrijf((sleutel, eerste_id + volgnummer, melding_id, ontvangers, message_id(sleutel), verzonden))
    tabel = Herinnering._meta.db_table
    open_ = [
        (melding_id, moment) for melding_id, _, _, _, status, moment in berichten if status == Status.GEREGISTREERD
    ]
    # As the reminder task leaves them: the first after about a week (5 school days), then weekly, the next one
    # due in the coming week; so the seeded register does not start with a backlog of overdue reminders.
    week = timedelta(days=7)
    with _indexen_na_laden(cursor, tabel, nieuw=len(open_), bestaand=Herinnering.objects.count(), stdout=stdout):
        with _kopieer(cursor, tabel, ["melding_id", "volgende_op", "aantal", "laatst_op"]) as schrijf:
            for melding_id, moment in open_:
                eerste = moment + week
                aantal = 0 if eerste > nu else (nu - eerste) // week + 1
                laatst = eerste + (aantal - 1) * week if aantal else None
                volgende = laatst + week if laatst else eerste
                schrijf((melding_id, volgende.isoformat(), aantal, laatst.isoformat() if laatst else None))


def _referentie(cursor, tabel):
    cursor.execute(f"SELECT code, naam FROM {tabel} WHERE geldig_tot IS NULL ORDER BY volgorde")  # noqa: S608
    return cursor.fetchall()


def _melding(
    rng,
    melding_id,
    nummer,
    moment,
    jaar,
    huidig,
    nu,
    gekozen,
    leerling,
    gemeenten,
    per_provincie,
    soorten,
    statussen,
    afsluitredenen,
    toelichtingen,
):
    """One melding row and its history rows, consistent with each other."""
    vestiging = gekozen.vestigingen[leerling]
    woongemeente = gemeenten[gekozen.gemeenten[leerling]]
    dag = moment.date()
    soort = _kies(rng, soorten)
    begindatum = max(dag - timedelta(days=rng.randint(1, 28)), date.fromordinal(gekozen.sinds[leerling]))
    if soort in EINDDATUM_VERPLICHT or rng.random() < 0.5:
        einddatum = min(begindatum + timedelta(days=rng.randint(0, 20)), dag)
    else:
        einddatum = None
    afwijkend = rng.random() < AANDEEL_AFWIJKEND_ADRES
    if afwijkend:
        buren = per_provincie[woongemeente.provincie]
        gemeente = gemeenten[buren[rng.randrange(len(buren))]]
        adres = ["Logeerstraat", rng.randint(1, 200), "", "", "1234AB", "", gemeente.naam, gemeente.code]
        regel, tekst = "verblijfadres", f"De school gaf een afwijkend verblijfadres op in {gemeente.naam}."
    else:
        gemeente = woongemeente
        adres = ["", None, "", "", "", "", "", None]
        regel, tekst = "woongemeente", f"Volgens Bron woont de leerling in {gemeente.naam}."
    rbl_id = gemeente.rbl_id
    routering = json.dumps(
        {
            "regel": regel,
            "gemeente": {"code": gemeente.code, "naam": gemeente.naam},
            "rbl": {"id": rbl_id} if rbl_id else None,
            "bron": {
                "register": "Bron (seed_scale)",
                "woongemeente": woongemeente.code,
                "inschrijving": {"vestiging": vestiging},
            },
            "bepaald_op": moment.isoformat(),
            "uitleg": tekst,
        },
        ensure_ascii=False,
    )
    status = _kies(rng, statussen[min(1, huidig - jaar)])
    actie_gewenst = rng.random() < 0.9
    gewijzigd_op = min(moment + timedelta(days=rng.randint(1, 30), seconds=rng.randint(0, 8 * 3600)), nu)
    if status == Status.GEREGISTREERD:
        gewijzigd_op = moment
    afgesloten = status == Status.AFGESLOTEN
    contact = ("Team Leerplicht", "leerplichtambtenaar", "0201234567", f"leerplicht@{gemeente.code}.gemeente.example")
    rij = [
        melding_id,
        f"VM{jaar % 100:02d}-{nummer:07d}",
        jaar,
        status,
        gewijzigd_op.isoformat(),
        vestiging,
        gekozen.nummers[leerling],
        None,
        soort,
        begindatum.isoformat(),
        einddatum.isoformat() if einddatum else None,
        REDENEN[rng.randrange(len(REDENEN))],
        rng.random() < 0.6,
        ACTIES[rng.randrange(len(ACTIES))],
        actie_gewenst,
        "" if actie_gewenst else "Ter informatie; de school heeft het verzuim zelf opgepakt.",
        None,
        "Medewerker Verzuim",
        FUNCTIES[rng.randrange(len(FUNCTIES))],
        "0301234567",
        f"verzuim@{vestiging.lower()}.school.example",
        "0612345678" if rng.random() < 0.8 else "",
        *adres,
        rng.randint(1, 20),
        rng.randint(4, 80),
        gemeente.code,
        rbl_id,
        routering,
        None,
        afsluitredenen[rng.randrange(len(afsluitredenen))] if afgesloten else None,
        toelichtingen[rng.randrange(len(toelichtingen))] if afgesloten else None,
        *(contact if afgesloten else ("", "", "", "")),
        INTREKREDENEN[rng.randrange(2)] if status == Status.INGETROKKEN else "",
        moment.isoformat(),
        gewijzigd_op.isoformat(),
    ]
    regels = [
        (melding_id, "ingediend", "", Status.GEREGISTREERD, "[]", tekst, None, "Medewerker Verzuim", moment.isoformat())
    ]
    if rng.random() < AANDEEL_GEWIJZIGD:
        regels.append(
            (
                melding_id,
                "gewijzigd",
                "",
                "",
                '["ondernomen_actie"]',
                "",
                None,
                "Medewerker Verzuim",
                moment.isoformat(),
            )
        )
    stappen = {
        Status.GEREGISTREERD: [],
        Status.IN_BEHANDELING: [Status.IN_BEHANDELING],
        Status.AFGESLOTEN: [Status.IN_BEHANDELING, Status.AFGESLOTEN],
        Status.TER_KENNISGEVING: [Status.TER_KENNISGEVING],
        Status.INGETROKKEN: [Status.INGETROKKEN],
    }[status]
    van = Status.GEREGISTREERD
    for naar in stappen:
        door = "Medewerker Verzuim" if naar == Status.INGETROKKEN else "Team Leerplicht"
        regels.append((melding_id, "status", van, naar, "[]", "", None, door, gewijzigd_op.isoformat()))
        van = naar
    return rij, regels
