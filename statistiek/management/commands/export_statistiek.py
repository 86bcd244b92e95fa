"""Write the pseudonymised statistics of one schooljaar for OCW: rows and aggregates (small counts suppressed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statistiek import services


class Command(BaseCommand):
    help = "Schrijf de statistiek van een schooljaar als CSV (rijen en aggregaten per gemeente en school)."

    def add_arguments(self, parser):
        parser.add_argument("--schooljaar", required=True, help="Bijvoorbeeld 2025-2026")
        parser.add_argument("--map", default=".", help="Map voor de CSV-bestanden (standaard: huidige map)")

    def handle(self, *args, schooljaar, map, **options):
        try:
            jaar = services.parse_schooljaar(schooljaar)
        except ValueError as fout:
            raise CommandError(str(fout)) from None
        doel = Path(map)
        if not doel.is_dir():
            raise CommandError(f"map: {map!r} bestaat niet")
        label = f"{jaar}-{jaar + 1}"
        for naam, schrijver in (("rijen", services.rijen_csv), ("aggregaten", services.aggregaten_csv)):
            pad = doel / f"statistiek_{label}_{naam}.csv"
            with pad.open("w", newline="", encoding="utf-8") as f:
                schrijver(jaar, f)
            self.stdout.write(str(pad))
