"""Register a koppeling's client certificate, or revoke one: manage.py koppeling_registreren --help."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api import services
from api.certificaten import certificaat_lezen
from api.models import Certificaat, Koppeling


class Command(BaseCommand):
    help = (
        "Registreer het clientcertificaat van een API-koppeling (nieuw, of vernieuwing met --koppeling), "
        "of trek een certificaat in met --intrekken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisatie",
            action="append",
            default=[],
            metavar="CODE",
            help="Vestigingscode, gemeentecode of RBL-code; herhaal voor meer vestigingen van één bestuur",
        )
        parser.add_argument("--certificaat", required=True, metavar="FILE.pem", help="Het clientcertificaat (PEM)")
        parser.add_argument("--naam", default="", help="Naam van de koppeling (standaard: subject van het certificaat)")
        parser.add_argument(
            "--koppeling", type=int, metavar="ID", help="Certificaat toevoegen aan deze bestaande koppeling"
        )
        parser.add_argument(
            "--intrekken", action="store_true", help="Trek dit certificaat in in plaats van registreren"
        )

    def handle(self, *args, **opties):
        try:
            pem = Path(opties["certificaat"]).read_bytes()
        except OSError as fout:
            raise CommandError(f"Kan {opties['certificaat']} niet lezen: {fout.strerror}") from None
        try:
            if opties["intrekken"]:
                vingerafdruk = certificaat_lezen(pem).vingerafdruk
                certificaat = Certificaat.objects.filter(vingerafdruk=vingerafdruk).first()
                if certificaat is None:
                    raise CommandError("Dit certificaat is niet geregistreerd.")
                services.certificaat_intrekken(door=None, certificaat=certificaat)
                self.stdout.write(self.style.SUCCESS(f"Ingetrokken: {certificaat.subject} ({vingerafdruk})"))
                return
            koppeling = None
            if opties["koppeling"]:
                koppeling = Koppeling.objects.filter(pk=opties["koppeling"]).first()
                if koppeling is None:
                    raise CommandError(f"Koppeling {opties['koppeling']} bestaat niet.")
            elif not opties["organisatie"]:
                raise CommandError("Geef --organisatie CODE (of --koppeling ID om een certificaat te vernieuwen).")
            certificaat = services.koppeling_registreren(
                door=None,
                organisatie_codes=opties["organisatie"],
                pem=pem,
                naam=opties["naam"],
                koppeling=koppeling,
            )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from None
        k = certificaat.koppeling
        self.stdout.write(
            self.style.SUCCESS(
                f"Geregistreerd voor koppeling {k.pk} '{k.naam}' ({k.get_rol_display()}, {k.organisaties}): "
                f"{certificaat.subject}, geldig tot {certificaat.geldig_tot:%Y-%m-%d}, SHA-256 {certificaat.vingerafdruk}"
            )
        )
