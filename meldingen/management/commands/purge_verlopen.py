"""Purge meldingen past their retention now (statistics kept), or show with --dry-run what would go."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from statistiek import services


class Command(BaseCommand):
    help = "Verwijder meldingen waarvan de bewaartermijn (schooljaar + één schooljaar) voorbij is."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon alleen wat verwijderd zou worden")
        parser.add_argument("--peildatum", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag")

    def handle(self, *args, dry_run=False, peildatum=None, **options):
        if peildatum:
            try:
                peildatum = dt.date.fromisoformat(peildatum)
            except ValueError:
                raise CommandError(f"peildatum: verwacht JJJJ-MM-DD, niet {peildatum!r}") from None
        if dry_run:
            wat = services.wat_gaat_weg(peildatum=peildatum)
            if not wat["meldingen"] and not wat["berichten"]:
                self.stdout.write("Niets te verwijderen.")
                return
            for jaar, n in wat["per_schooljaar"].items():
                self.stdout.write(f"Schooljaar {jaar}-{jaar + 1}: {n} melding(en) zouden worden verwijderd")
            self.stdout.write(
                f"Totaal: {wat['meldingen']} melding(en), {wat['berichten']} losse mailregel(s). "
                "Er is niets verwijderd (--dry-run)."
            )
            return
        ronde = services.purge_verlopen(peildatum=peildatum)
        jaren = ", ".join(f"{j}: {n}" for j, n in ronde.aantal_per_schooljaar.items()) or "geen"
        self.stdout.write(
            f"Verwijderd: {ronde.aantal_meldingen} melding(en) ({jaren}), {ronde.aantal_berichten} losse mailregel(s) "
            f"in {ronde.batches} batch(es), langste batch {ronde.langste_batch_ms} ms; {ronde.werkwijze}."
        )
