"""Build a national-size register for benchmarks (see docs/performance.md). Logic in meldingen/schaal.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bron.models import Leerling
from meldingen.models import Melding
from meldingen.schaal import STANDAARD_SEED, seed_scale


class Command(BaseCommand):
    help = (
        "Vult de database met een register op landelijke schaal (Bron-leerlingen, inschrijvingen, meldingen in elke "
        "status, historie) via COPY. Alleen voor benchmark- en ontwikkeldatabases (DEBUG=true)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--leerlingen", type=int, default=3_000_000, help="aantal Bron-leerlingen (standaard 3000000)"
        )
        parser.add_argument("--meldingen", type=int, default=1_000_000, help="aantal meldingen (standaard 1000000)")
        parser.add_argument(
            "--schooljaren",
            type=int,
            nargs="+",
            metavar="JAAR",
            help="beginjaren van de schooljaren (standaard het huidige en het vorige), meldingen gelijk verdeeld",
        )
        parser.add_argument("--seed", type=int, default=STANDAARD_SEED, help="seed voor de gegenereerde gegevens")
        parser.add_argument(
            "--toevoegen",
            action="store_true",
            help="ook toevoegen als de database al minstens zoveel meldingen of leerlingen heeft",
        )
        parser.add_argument("--geen-vacuum", action="store_true", help="sla VACUUM ANALYZE na het laden over")

    def handle(self, *args, leerlingen, meldingen, schooljaren, seed, toevoegen, geen_vacuum, **options):
        if not settings.DEBUG:
            raise CommandError("seed_scale maakt verzonnen leerlingen en meldingen: alleen met DEBUG=true.")
        if leerlingen < 1 or meldingen < 0:
            raise CommandError("--leerlingen moet minstens 1 zijn en --meldingen minstens 0.")
        al_meldingen, al_leerlingen = Melding.objects.count(), Leerling.objects.count()
        if not toevoegen and (al_meldingen >= max(meldingen, 1) or al_leerlingen >= leerlingen):
            raise CommandError(
                f"De database heeft al {al_meldingen:,} meldingen en {al_leerlingen:,} leerlingen: "
                "seed_scale lijkt hier al gedraaid. Gebruik --toevoegen om er nog eens zoveel bij te maken "
                "(met een andere --seed)."
            )
        self.stdout.write(f"seed_scale: {leerlingen:,} leerlingen en {meldingen:,} meldingen laden ...")
        try:
            verslag = seed_scale(
                leerlingen=leerlingen,
                meldingen=meldingen,
                schooljaren=schooljaren,
                seed=seed,
                stdout=self.stdout,
                vacuum=not geen_vacuum,
            )
        except ValueError as fout:
            raise CommandError(str(fout)) from None
        self.stdout.write(self.style.SUCCESS(f"seed_scale klaar: {verslag.samenvatting()}"))
