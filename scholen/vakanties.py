"""School days: weekdays outside the school holidays of a vakantieregio (scholen/data/schoolvakanties.csv)."""

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

BESTAND = Path(__file__).parent / "data" / "schoolvakanties.csv"
REGIOS = ("noord", "midden", "zuid")
# A school without a known region counts with the middle region's holidays.
STANDAARD_REGIO = "midden"


def regio_of_standaard(regio):
    return regio if regio in REGIOS else STANDAARD_REGIO


@cache
def vakanties(regio):
    """The (begin, eind) date ranges of the school holidays of a region, both inclusive."""
    regio = regio_of_standaard(regio)
    with BESTAND.open(encoding="utf-8", newline="") as f:
        return tuple(
            (date.fromisoformat(r["begin"]), date.fromisoformat(r["eind"]))
            for r in csv.DictReader(f)
            if r["regio"] == regio
        )


def is_schooldag(dag, regio):
    if dag.weekday() >= 5:
        return False
    return not any(begin <= dag <= eind for begin, eind in vakanties(regio))


def schooldagen_tussen(van, tot, regio):
    """School days d with van < d <= tot."""
    return sum(1 for n in range(1, (tot - van).days + 1) if is_schooldag(van + timedelta(days=n), regio))


def schooldag_terug(vandaag, aantal, regio):
    """The `aantal`-th school day counting back from `vandaag` (inclusive).

    A melding received before that day has had at least `aantal` school days after its arrival.
    """
    dag, gevonden = vandaag, 0
    for _ in range(3 * 366):  # bounded: holiday data never covers more than a few years
        if is_schooldag(dag, regio):
            gevonden += 1
            if gevonden == aantal:
                return dag
        dag -= timedelta(days=1)
    return dag
