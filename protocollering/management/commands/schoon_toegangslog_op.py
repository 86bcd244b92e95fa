"""Delete access log rows past TOEGANGSLOG_BEWAARTERMIJN_DAGEN (the only allowed delete path)."""

from django.core.management.base import BaseCommand

from protocollering.services import toegangslog_opschonen, toegangslog_verzegelen


class Command(BaseCommand):
    help = "Verwijdert regels van het toegangslog die ouder zijn dan de bewaartermijn."

    def handle(self, *args, **options):
        toegangslog_verzegelen()
        self.stdout.write(f"{toegangslog_opschonen()} regels verwijderd.")
