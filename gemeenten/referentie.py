"""Loading the shipped CBS list of municipalities (gemeenten/data/gemeenten.csv)."""

import csv
from pathlib import Path

BESTAND = Path(__file__).parent / "data" / "gemeenten.csv"


def laad_gemeenten(Gemeente):
    """Upsert every municipality; the model class is passed so migrations can use their historical one."""
    with BESTAND.open(encoding="utf-8", newline="") as f:
        rijen = [Gemeente(code=r["gemeentecode"], naam=r["naam"], provincie=r["provincie"]) for r in csv.DictReader(f)]
    Gemeente.objects.bulk_create(
        rijen, update_conflicts=True, unique_fields=["code"], update_fields=["naam", "provincie"]
    )
    return len(rijen)
