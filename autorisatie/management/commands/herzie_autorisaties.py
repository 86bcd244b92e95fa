"""The yearly review (BIO): list authorisations to confirm and suspend those past the grace period."""

from django.core.management.base import BaseCommand

from autorisatie.models import Autorisatie
from autorisatie.services import autorisaties_herzien, herziening_grenzen


class Command(BaseCommand):
    help = "Markeert autorisaties die langer dan 12 maanden niet bevestigd zijn en schorst ze na de respijttermijn."

    def add_arguments(self, parser):
        parser.add_argument("--droog", action="store_true", help="alleen tonen, niets schorsen")

    def handle(self, *args, droog, **options):
        markeren, _ = herziening_grenzen()
        te_bevestigen = Autorisatie.objects.filter(geschorst_op__isnull=True, laatst_bevestigd_op__lt=markeren)
        for a in te_bevestigen.select_related("gebruiker", "vestiging", "gemeente", "rbl"):
            self.stdout.write(
                f"te bevestigen: {a.gebruiker.username} {a.rol} {a.organisatie or 'loket'} sinds {a.laatst_bevestigd_op:%Y-%m-%d}"
            )
        if droog:
            return
        self.stdout.write(f"{autorisaties_herzien()} autorisaties geschorst.")
