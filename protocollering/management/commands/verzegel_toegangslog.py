"""Seal (chain) the access log rows written since the last run; the beat task does the same every minute."""

from django.core.management.base import BaseCommand

from protocollering.services import toegangslog_verzegelen


class Command(BaseCommand):
    help = "Verzegelt nieuwe regels van het toegangslog in de hashketen."

    def handle(self, *args, **options):
        self.stdout.write(f"{toegangslog_verzegelen()} regels verzegeld.")
