"""School days: Monday to Friday outside the region's school holidays (scholen/data/schoolvakanties.csv).

Years not in the file count every weekday as a school day, so the rules degrade to calendar weekdays.
"""

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

from django.conf import settings

REGIO_S = ("noord", "midden", "zuid")


@lru_cache(maxsize=1)
def _vakanties():
    pad = Path(settings.BASE_DIR) / "scholen" / "data" / "schoolvakanties.csv"
    per_regio = {regio: [] for regio in REGIO_S}
    try:
        with pad.open(newline="", encoding="utf-8") as f:
            for rij in csv.DictReader(f):
                if rij["regio"] in per_regio:
                    per_regio[rij["regio"]].append(
                        (dt.date.fromisoformat(rij["begin"]), dt.date.fromisoformat(rij["eind"]))
                    )
    except FileNotFoundError:
        pass
    return per_regio


def is_schooldag(datum, regio=""):
    """True on a weekday outside the holidays of `regio`; without a known regio: a school day in any region."""
    if datum.weekday() >= 5:
        return False
    regio_s = [regio] if regio in REGIO_S else list(REGIO_S)
    return any(not any(b <= datum <= e for b, e in _vakanties()[r]) for r in regio_s)


def schooldagen_later(datum, aantal, regio=""):
    """The date `aantal` school days after `datum`."""
    dag = datum
    geteld = 0
    while geteld < aantal:
        dag += dt.timedelta(days=1)
        if is_schooldag(dag, regio):
            geteld += 1
    return dag


def eerste_schooldag_van_maand(jaar, maand):
    """The first day of the month that is a school day in at least one region (never later than the month's end)."""
    dag = dt.date(jaar, maand, 1)
    while dag.month == maand:
        if is_schooldag(dag):
            return dag
        dag += dt.timedelta(days=1)
    # A month without any school day (never in practice): fall back to the first weekday.
    dag = dt.date(jaar, maand, 1)
    while dag.weekday() >= 5:
        dag += dt.timedelta(days=1)
    return dag
