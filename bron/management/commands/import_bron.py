"""Import a Bron delivery (CSV) into the local copy of Bron. All rows or none."""

from django.core.management.base import BaseCommand, CommandError

from bron.importeren import KOLOMMEN, MAX_FOUTEN, ImportFout, importeer_bron


class Command(BaseCommand):
    help = (
        "Importeert een Bron-levering (CSV, UTF-8, kopregel: " + ",".join(KOLOMMEN) + "). "
        "Werkt leerlingen bij en vervangt hun inschrijvingen; bij één foute regel wordt niets geïmporteerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="pad naar het CSV-bestand")
        parser.add_argument(
            "--max-fouten", type=int, default=MAX_FOUTEN, help=f"toon hoogstens zoveel fouten (standaard {MAX_FOUTEN})"
        )

    def handle(self, *args, bestand, max_fouten, **options):
        try:
            resultaat = importeer_bron(bestand, stdout=self.stdout, max_fouten=max_fouten)
        except OSError as exc:
            raise CommandError(f"Bestand niet te lezen: {bestand} ({exc.strerror or exc})") from None
        except ImportFout as fout:
            raise CommandError(fout.bericht()) from None
        self.stdout.write(self.style.SUCCESS(resultaat.samenvatting()))
