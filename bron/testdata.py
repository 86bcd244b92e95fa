"""Synthetic, valid Bron deliveries for tests, demo data and benchmarks: invented people, real schools.

Deterministic for a given seed; persoonsgebonden nummers are unique within one call (not
between seeds: two seeds share a few numbers), and the BSNs and onderwijsnummers pass their
11-tests. Schools and gemeenten come from the shipped
reference files (scholen/data/scholen.csv), which the migrations also load into the database.
"""

import csv
import random
from datetime import date
from functools import cache
from pathlib import Path

from .importeren import KOLOMMEN

SCHOLEN_CSV = Path(__file__).resolve().parent.parent / "scholen" / "data" / "scholen.csv"
PEILDATUM = date(2026, 10, 1)  # "today" for ages and enrolment dates, fixed so output is stable
STANDAARD_SEED = 20261001

VOORNAMEN_M = (
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Bram", "Noah", "Luuk", "Jesse", "Thijs", "Ruben",
    "Mees", "Sven", "Gijs", "Thomas", "Lars", "Julian", "Stijn", "Jayden", "Mohamed", "Adam", "Teun",
    "Jan", "Pieter", "Willem", "Hendrik", "Johannes", "Cornelis", "Tim", "Kevin", "Ahmet", "Yusuf",
)  # fmt: skip
VOORNAMEN_V = (
    "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Eva", "Lotte", "Anna", "Lieke",
    "Fenna", "Noor", "Sanne", "Fleur", "Isa", "Saar", "Liv", "Yara", "Fatima", "Amira", "Maria",
    "Johanna", "Anouk", "Femke", "Iris", "Roos", "Elif", "Esmée", "Renée", "Chloë", "Inaya",
)  # fmt: skip
ACHTERNAMEN = (
    ("", "Jansen"), ("de", "Jong"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("", "Yılmaz"),
    ("", "El Amrani"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"), ("", "Hoekstra"),
    ("", "Maas"), ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"),
    ("", "Blom"), ("", "Huisman"), ("'t", "Hart"), ("", "Kuipers"), ("", "Postma"), ("", "Nguyen"),
)  # fmt: skip
STRATEN = (
    "Kerkstraat", "Schoolstraat", "Molenweg", "Dorpsstraat", "Julianastraat", "Wilhelminastraat", "Stationsweg",
    "Beatrixlaan", "Nieuwstraat", "Parallelweg", "Eikenlaan", "Lindelaan", "Burgemeester de Withstraat",
    "Marktplein", "Prins Bernhardstraat", "Irenestraat", "Emmastraat", "Oranjestraat", "Industrieweg",
    "Sportlaan", "Vondellaan", "Rembrandtstraat", "Van Goghstraat", "Meidoornstraat", "Kastanjelaan",
)  # fmt: skip
# Real postcodes skip F, I, O, Q, U and Y, and the combinations SA, SD and SS.
POSTCODELETTERS = tuple(
    a + b for a in "ABCDEGHJKLMNPRSTVWXZ" for b in "ABCDEGHJKLMNPRSTVWXZ" if a + b not in ("SA", "SD", "SS")
)
LEEFTIJDEN = {"po": (4, 12), "vo": (12, 18), "so": (4, 19)}
AANDEEL_ONDERWIJSNUMMER = 0.05
AANDEEL_ANDERE_GEMEENTE = 0.15  # pupils who live in another gemeente than their school's
AANDEEL_TWEE_INSCHRIJVINGEN = 0.3


@cache
def _vestigingen():
    """(code, gemeentecode, plaats, postcode, provincie, onderwijssoort) per school location."""
    with SCHOLEN_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            (
                r["vestigingscode"],
                r["gemeentecode"],
                _plaatsnaam(r["plaats"]),
                r["postcode"],
                r["provincie"],
                r["onderwijssoort"],
            )
            for r in csv.DictReader(f)
        )


def _plaatsnaam(hoofdletters):
    # DUO writes place names in capitals; str.title() would make 'S-Gravenhage of 's-Gravenhage.
    return hoofdletters.title().replace("'S-", "'s-").replace("'T ", "'t ")


def bsn(volgnummer):
    """The valid BSN for an 8-digit stem, or None when no check digit completes it."""
    stam = f"{volgnummer:08d}"
    controle = sum((9 - i) * int(c) for i, c in enumerate(stam)) % 11
    if controle == 10 or volgnummer == 0:
        return None
    return stam + str(controle)


def onderwijsnummer(volgnummer):
    """The valid onderwijsnummer for a 6-digit stem (it always starts with 10), or None."""
    stam = f"10{volgnummer:06d}"
    controle = (sum((9 - i) * int(c) for i, c in enumerate(stam)) - 5) % 11
    if controle == 10:
        return None
    return stam + str(controle)


def _nummers(rng, soort_bereik, maak):
    """Distinct valid numbers: walk the stems in a seeded order (an affine permutation)."""
    stap = rng.randrange(1, soort_bereik // 10) * 10 + rng.choice((1, 3, 7, 9))  # coprime to 10**k
    stap %= soort_bereik
    start = rng.randrange(soort_bereik)
    for i in range(soort_bereik):
        nummer = maak((start + i * stap) % soort_bereik)
        if nummer is not None:
            yield nummer


def _tupels(aantal, seed, vestigingscodes=None):
    """Rows as tuples in KOLOMMEN order (the fast path for schrijf_csv)."""
    rng = random.Random(seed)
    alle = _vestigingen()
    scholen = [v for v in alle if vestigingscodes is None or v[0] in vestigingscodes]
    if not scholen:
        raise ValueError("geen vestigingen om leerlingen in te schrijven")
    per_provincie = {}
    for v in alle:
        per_provincie.setdefault(v[4], []).append(v)
    bsns = _nummers(rng, 10**8, bsn)
    onderwijsnummers = _nummers(rng, 10**6, onderwijsnummer)
    peil = PEILDATUM.toordinal()
    datums = {}

    def iso(dag):
        tekst = datums.get(dag)
        if tekst is None:
            tekst = datums[dag] = date.fromordinal(dag).isoformat()
        return tekst

    random_ = rng.random
    randrange = rng.randrange
    choice = rng.choice
    geschreven = 0
    while geschreven < aantal:
        school = choice(scholen)
        if random_() < AANDEEL_ANDERE_GEMEENTE:
            # Lives in another gemeente of the same province (a neighbour, roughly).
            buren = per_provincie[school[4]]
            woonplek = choice(buren)
            if woonplek[1] == school[1]:
                woonplek = choice(buren)
        else:
            woonplek = school
        if random_() < AANDEEL_ONDERWIJSNUMMER:
            soort, nummer = "onderwijsnummer", next(onderwijsnummers)
        else:
            soort, nummer = "bsn", next(bsns)
        kans = random_()
        geslacht = "M" if kans < 0.495 else "V" if kans < 0.99 else "O"
        if geslacht == "O":
            namen = choice((VOORNAMEN_M, VOORNAMEN_V))
        else:
            namen = VOORNAMEN_M if geslacht == "M" else VOORNAMEN_V
        voornamen = choice(namen)
        if random_() < 0.4:
            tweede = choice(namen)
            if tweede != voornamen:
                voornamen += " " + tweede
        voorvoegsel, achternaam = choice(ACHTERNAMEN)
        jongst, oudst = LEEFTIJDEN[school[5]]
        geboren = peil - randrange(jongst * 365 + 31, (oudst + 1) * 365)
        kans = random_()
        huisletter = "ABC"[randrange(3)] if kans < 0.05 else ""
        toevoeging = ("1", "2", "3", "bis", "A", "hs")[randrange(6)] if 0.05 <= kans < 0.08 else ""
        leerling = (
            nummer,
            soort,
            voornamen,
            voorvoegsel,
            achternaam,
            geslacht,
            iso(geboren),
            choice(STRATEN),
            str(randrange(1, 250)),
            huisletter,
            toevoeging,
            woonplek[3][:4] + choice(POSTCODELETTERS),
            woonplek[2],
            woonplek[1],
        )
        # Enrolled since the 4th birthday at the earliest, and at most 8 years ago.
        vroegst = max(geboren + 4 * 365, peil - 8 * 365)
        ingeschreven = randrange(vroegst, peil)
        yield leerling + (school[0], iso(ingeschreven), "")
        geschreven += 1
        if geschreven < aantal and random_() < AANDEEL_TWEE_INSCHRIJVINGEN and ingeschreven - vroegst > 60:
            # An earlier school, left the day before the current enrolment began.
            vorige = choice(per_provincie[school[4]])
            yield leerling + (vorige[0], iso(randrange(vroegst, ingeschreven - 30)), iso(ingeschreven - 1))
            geschreven += 1


def genereer_rijen(aantal, seed=STANDAARD_SEED, *, vestigingscodes=None):
    """`aantal` CSV rows (dicts keyed by KOLOMMEN, all values str) for about aantal / 1.3 pupils.

    `vestigingscodes` limits the schools pupils are currently enrolled at (an earlier school may
    lie elsewhere in the province).
    """
    for rij in _tupels(aantal, seed, vestigingscodes):
        yield dict(zip(KOLOMMEN, rij, strict=True))


def schrijf_csv(pad, aantal, seed=STANDAARD_SEED, *, vestigingscodes=None):
    """Write a delivery of `aantal` rows to `pad`; returns the path."""
    with open(pad, "w", encoding="utf-8", newline="") as f:
        schrijver = csv.writer(f, lineterminator="\n")
        schrijver.writerow(KOLOMMEN)
        schrijver.writerows(_tupels(aantal, seed, vestigingscodes))
    return pad
