"""Authorise (or with --intrekken revoke) a user for an organisation in a role."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from autorisatie.models import Rol
from autorisatie.rollen import LOKET_ROLLEN
from autorisatie.services import (
    autorisatie_intrekken,
    autorisatie_verlenen,
    organisatie_voor_code,
)


class Command(BaseCommand):
    help = "Geef een gebruiker een rol voor een vestiging, gemeente of RBL (of trek die in met --intrekken)."

    def add_arguments(self, parser):
        parser.add_argument("--gebruiker", required=True, help="gebruikersnaam")
        parser.add_argument("--organisatie", help="vestigingscode (00AR00), gemeentecode (0363) of RBL-code")
        parser.add_argument("--rol", required=True, choices=Rol.values)
        parser.add_argument("--intrekken", action="store_true", help="de autorisatie intrekken")

    def handle(self, *args, gebruiker, organisatie, rol, intrekken, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=gebruiker)
        except User.DoesNotExist:
            raise CommandError(f"Onbekende gebruiker: {gebruiker}") from None
        try:
            org = None if rol in LOKET_ROLLEN and not organisatie else organisatie_voor_code(organisatie)
            if intrekken:
                gevonden = autorisatie_intrekken(door=None, gebruiker=user, rol=rol, organisatie=org)
                self.stdout.write(
                    f"Ingetrokken: {gebruiker} {rol} {organisatie or ''}"
                    if gevonden
                    else "Er was geen zo'n autorisatie."
                )
            else:
                autorisatie_verlenen(door=None, gebruiker=user, rol=rol, organisatie=org)
                self.stdout.write(f"Geautoriseerd: {gebruiker} als {rol} voor {org or 'het loket'}")
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from None
