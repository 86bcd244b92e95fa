"""Demo data: reference data, a few thousand Bron pupils at real schools, personas and meldingen in every status.

Idempotent: run it again and it updates personas and pupils, and adds meldingen only once.
"""

import datetime as dt
import secrets
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from autorisatie.models import Rol
from autorisatie.services import autorisatie_verlenen
from beveiliging.mfa import totp_apparaat_voor
from bron.importeren import importeer_bron
from bron.models import Inschrijving
from bron.testdata import schrijf_csv
from gemeenten.models import Gemeente, Rbl
from meldingen import services
from meldingen.models import Afsluitreden, Melding, ToelichtingAfsluiting, Verzuimsoort
from scholen.models import Leslocatie, Vestiging

SCHOOL_A, SCHOOL_B, SCHOOL_C = "00AR00", "00AV00", "03AH00"  # Stevensweert (Maasgouw), Spijkenisse (Nissewaard), Venlo
GEMEENTE_X, GEMEENTE_Y = "1641", "1930"  # Maasgouw, Nissewaard
# A demo region: the real RBL Noord-Limburg's membership may differ; this grouping is for demonstration.
RBL_CODE, RBL_NAAM = "rbl-noord-limburg", "RBL Noord-Limburg (demo)"
RBL_GEMEENTEN = ["0983", "0984", "1507", "1894", "0889", "0907"]
LEERLINGEN = 3000
SEED = 20261123

PERSONAS = [
    # username, voornaam, achternaam, rol, organisatie, wat te proberen
    (
        "melder.a",
        "Anne",
        "Aalders",
        Rol.MELDER,
        SCHOOL_A,
        "verzuim melden voor De Maasparel (Stevensweert) en de eigen meldingen volgen",
    ),
    (
        "melder.b",
        "Bart",
        "Bosman",
        Rol.MELDER,
        SCHOOL_B,
        "melden voor De Morgenster (Spijkenisse); ziet de meldingen van melder.a niet",
    ),
    (
        "melder.c",
        "Cor",
        "Custers",
        Rol.MELDER,
        SCHOOL_C,
        "melden voor de Venlose Montessorischool; meldingen gaan naar het RBL",
    ),
    (
        "schoolbeheer.a",
        "Sanne",
        "Schouten",
        Rol.BEHEERDER_ONDERWIJS,
        SCHOOL_A,
        "leslocaties en contactpersonen van De Maasparel beheren",
    ),
    (
        "lpa.x",
        "Xander",
        "Xhofleer",
        Rol.LEERPLICHTAMBTENAAR,
        GEMEENTE_X,
        "de inbox van Maasgouw: in behandeling nemen, afsluiten, doorzetten",
    ),
    (
        "lpa.y",
        "Yvonne",
        "IJsselstein",
        Rol.LEERPLICHTAMBTENAAR,
        GEMEENTE_Y,
        "de inbox van Nissewaard; ziet Maasgouw niet",
    ),
    (
        "lpa.rbl",
        "Ruud",
        "Rutten",
        Rol.LEERPLICHTAMBTENAAR,
        RBL_CODE,
        "de inbox van het RBL voor zes Noord-Limburgse gemeenten",
    ),
    ("beheer", "Bea", "Beheer", Rol.LOKET_BEHEER, None, "gebruikers autoriseren in /admin/"),
]


class Command(BaseCommand):
    help = "Laad demodata: referentiedata, Bron-leerlingen, persona's en meldingen in elke status."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="wachtwoord voor alle persona's (anders wordt er een gemaakt en getoond)"
        )

    def handle(self, *args, password=None, **options):
        wachtwoord = password or secrets.token_urlsafe(12)
        rbl = self._rbl()
        scholen = self._scholen()
        self._bron(scholen)
        gebruikers = self._personas(wachtwoord, rbl)
        aantal = self._meldingen(gebruikers)
        self._vertel(wachtwoord, aantal, gebruikers)

    def _rbl(self):
        rbl, _ = Rbl.objects.update_or_create(code=RBL_CODE, defaults={"naam": RBL_NAAM})
        Gemeente.objects.filter(code__in=RBL_GEMEENTEN).update(rbl=rbl)
        return rbl

    def _scholen(self):
        """The persona schools plus some schools in the same gemeenten and the RBL region."""
        codes = {SCHOOL_A, SCHOOL_B, SCHOOL_C}
        codes |= set(
            Vestiging.objects.filter(gemeente_id__in=[GEMEENTE_X, GEMEENTE_Y, *RBL_GEMEENTEN])
            .order_by("code")
            .values_list("code", flat=True)[:60]
        )
        for code in codes:
            vestiging = Vestiging.objects.get(code=code)
            Leslocatie.objects.get_or_create(vestiging=vestiging, locatiecode="HOOFD", defaults={"naam": "Hoofdgebouw"})
        Leslocatie.objects.get_or_create(
            vestiging_id=SCHOOL_A, locatiecode="DEP1", defaults={"naam": "Dependance Maasbracht"}
        )
        return codes

    def _bron(self, scholen):
        with tempfile.TemporaryDirectory() as tmp:
            pad = Path(tmp) / "bron.csv"
            schrijf_csv(pad, LEERLINGEN, SEED, vestigingscodes=scholen)
            resultaat = importeer_bron(pad, actor="seed_demo")
        self.stdout.write(f"Bron: {resultaat.samenvatting()}")

    def _personas(self, wachtwoord, rbl):
        User = get_user_model()
        gebruikers = {}
        for username, voornaam, achternaam, rol, code, _ in PERSONAS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": voornaam,
                    "last_name": achternaam,
                    "email": f"{username}@demo.verzuimloket.example",
                },
            )
            user.set_password(wachtwoord)
            if rol == Rol.LOKET_BEHEER:
                user.is_staff = True
            user.save()
            if user.is_staff:
                user.user_permissions.set(
                    Permission.objects.filter(
                        content_type__app_label__in=["auth", "autorisatie", "gemeenten", "scholen"]
                    )
                )
            organisatie = None
            if code == RBL_CODE:
                organisatie = rbl
            elif code and len(code) == 4:
                organisatie = Gemeente.objects.get(code=code)
            elif code:
                organisatie = Vestiging.objects.get(code=code)
            autorisatie_verlenen(door=None, gebruiker=user, rol=rol, organisatie=organisatie)
            gebruikers[username] = user
        return gebruikers

    @transaction.atomic
    def _meldingen(self, gebruikers):
        if Melding.objects.filter(ingediend_door__username__in=["melder.a", "melder.b", "melder.c"]).exists():
            return 0
        vandaag = timezone.localdate()
        soorten = list(Verzuimsoort.objects.geldig_op(vandaag))
        redenen = list(Afsluitreden.objects.all())
        toelichtingen = list(ToelichtingAfsluiting.objects.all())
        plan = [("melder.a", SCHOOL_A, "lpa.x"), ("melder.b", SCHOOL_B, "lpa.y"), ("melder.c", SCHOOL_C, "lpa.rbl")]
        teller = 0
        for melder, school, lpa in plan:
            vestiging = Vestiging.objects.get(code=school)
            pupils = (
                Inschrijving.objects.filter(
                    vestiging=vestiging,
                    uitschrijfdatum__isnull=True,
                    inschrijfdatum__lte=vandaag - dt.timedelta(days=400),
                )
                .order_by("leerling_id")
                .values_list("leerling_id", flat=True)[:24]
            )
            for i, nummer in enumerate(pupils):
                soort = soorten[i % len(soorten)]
                # Spread over the past year so lists, charts and retention have something to show.
                begin = vandaag - dt.timedelta(days=10 + 14 * i)
                extra = {}
                if i == 3:
                    extra = dict(
                        afwijkend_straat="Markt",
                        afwijkend_huisnummer=1,
                        afwijkend_postcode="6041EL",
                        afwijkend_plaatsnaam="Roermond",
                    )
                gegevens = dict(
                    verzuimsoort=soort,
                    begindatum=begin,
                    einddatum=begin + dt.timedelta(days=5) if soort.einddatum_verplicht else None,
                    vermoedelijke_reden="Ouders geven aan dat het kind ziek was; geen ziekmelding ontvangen.",
                    alle_lessen_gemist=i % 2 == 0,
                    ondernomen_actie="Ouders gebeld en uitgenodigd voor een gesprek.",
                    actie_gemeente_gewenst=i % 5 != 4,
                    toelichting_geen_actie="School heeft het zelf opgepakt met de ouders." if i % 5 == 4 else "",
                    leslocatie=vestiging.leslocaties.get(locatiecode="HOOFD"),
                    melder_naam=gebruikers[melder].get_full_name(),
                    melder_functie="Verzuimcoördinator",
                    melder_telefoonnummer="0475123456",
                    melder_email=gebruikers[melder].email,
                    telefoonnummer_ouder_leerling="0612345678",
                    verzuimdagen=3 + i % 5,
                    verzuimuren=16 + i % 7,
                    **extra,
                )
                melding = services.melding_indienen(
                    door=gebruikers[melder], vestiging=vestiging, persoonsgebonden_nummer=nummer, gegevens=gegevens
                )
                gemaakt = timezone.now() - dt.timedelta(days=max(0, 14 * i + 5))
                Melding.objects.filter(pk=melding.pk).update(
                    created_at=gemaakt, status_gewijzigd_op=gemaakt, schooljaar=services.schooljaar_van(gemaakt.date())
                )
                melding.historie.update(created_at=gemaakt)
                # Only the persona's own gemeente (or RBL) can handle it; pupils living elsewhere stay new.
                eigen = melding.gemeente_id in (GEMEENTE_X, GEMEENTE_Y) or melding.rbl_id is not None
                behandelaar = gebruikers[lpa] if eigen and (lpa == "lpa.rbl") == (melding.rbl_id is not None) else None
                if behandelaar is None:
                    pass
                elif i % 6 in (1, 2, 3):
                    melding = services.melding_in_behandeling_nemen(door=behandelaar, melding=melding)
                    if i % 6 in (2, 3):
                        melding = services.melding_afsluiten(
                            door=behandelaar,
                            melding=melding,
                            afsluitreden=redenen[i % len(redenen)],
                            toelichting_afsluiting=toelichtingen[i % len(toelichtingen)],
                            contactpersoon={
                                "naam": behandelaar.get_full_name(),
                                "functie": "Leerplichtambtenaar",
                                "telefoonnummer": "0475999999",
                                "email": behandelaar.email,
                            },
                        )
                elif i % 6 == 4:
                    services.melding_ter_kennisgeving_aannemen(door=behandelaar, melding=melding)
                elif i % 6 == 5:
                    services.melding_intrekken(
                        door=gebruikers[melder], melding=melding, reden="Leerling bleek geoorloofd afwezig."
                    )
                teller += 1
        return teller

    def _vertel(self, wachtwoord, aantal, gebruikers):
        if aantal:
            self.stdout.write(f"Meldingen aangemaakt: {aantal}")
        else:
            self.stdout.write(f"Demo-meldingen waren er al ({Melding.objects.count()} meldingen); niets toegevoegd.")
        self.stdout.write("")
        self.stdout.write(f"Persona's (wachtwoord voor allemaal: {wachtwoord})")
        for username, _, _, rol, code, uitleg in PERSONAS:
            self.stdout.write(f"  {username:<15} {rol:<20} {code or 'loket':<18} {uitleg}")
        self.stdout.write("")
        self.stdout.write("Tweede factor: voeg per persona deze sleutel toe aan een authenticator-app (TOTP):")
        for username, user in gebruikers.items():
            _, uri = totp_apparaat_voor(user)
            self.stdout.write(f"  {username:<15} {uri}")
        self.stdout.write("")
        self.stdout.write("Log in op http://127.0.0.1:8000/inloggen/")
