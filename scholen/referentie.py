"""Loading the shipped DUO list of school locations (scholen/data/scholen.csv)."""

import csv
from pathlib import Path

BESTAND = Path(__file__).parent / "data" / "scholen.csv"
VELDEN = ["brin", "naam", "plaats", "postcode", "gemeente", "onderwijssoort", "schooltype", "vakantieregio"]


def laad_vestigingen(Vestiging):
    with BESTAND.open(encoding="utf-8", newline="") as f:
        rijen = [
            Vestiging(
                code=r["vestigingscode"],
                brin=r["brin"],
                naam=r["naam"],
                plaats=r["plaats"].title(),
                postcode=r["postcode"],
                gemeente_id=r["gemeentecode"],
                onderwijssoort=r["onderwijssoort"],
                schooltype=r["schooltype"],
                vakantieregio=r["vakantieregio"],
            )
            for r in csv.DictReader(f)
        ]
    Vestiging.objects.bulk_create(
        rijen, batch_size=2000, update_conflicts=True, unique_fields=["code"], update_fields=VELDEN
    )
    return len(rijen)
