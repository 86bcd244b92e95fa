"""Check the access log's hash chain; exit 1 and name the first broken row when it does not hold."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from protocollering.services import toegangslog_verifieren


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslog en meldt de eerste gebroken regel."

    def handle(self, *args, **options):
        uitkomst = toegangslog_verifieren()
        if not uitkomst.in_orde:
            regel = uitkomst.eerste_fout
            raise CommandError(
                f"Toegangslog GEBROKEN bij regel id={regel.id} (volgnummer {regel.keten_volgnummer}, "
                f"{timezone.localtime(regel.tijdstip):%Y-%m-%d %H:%M:%S}): {uitkomst.reden}. "
                f"{uitkomst.gecontroleerd} regels daarvoor waren in orde."
            )
        self.stdout.write(
            f"Toegangslog in orde: {uitkomst.gecontroleerd} verzegelde regels gecontroleerd, "
            f"{uitkomst.onverzegeld} nog niet verzegeld."
        )
