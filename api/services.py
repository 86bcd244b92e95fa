"""Registering koppelingen and their certificates, and revoking certificates. Command and admin call these."""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from autorisatie.models import Rol
from autorisatie.services import autorisatie_verlenen, organisatie_voor_code
from scholen.models import Vestiging

from .certificaten import certificaat_lezen
from .models import Certificaat, Koppeling


def _rol_voor(organisaties):
    """Vestigingen report (melder); one gemeente or RBL handles (leerplichtambtenaar). Never mixed."""
    if all(isinstance(o, Vestiging) for o in organisaties):
        return Rol.MELDER
    if len(organisaties) == 1:
        return Rol.LEERPLICHTAMBTENAAR
    raise ValidationError(
        {"organisatie": "Een koppeling hoort bij één of meer vestigingen, of bij precies één gemeente of RBL."}
    )


@transaction.atomic
def koppeling_registreren(*, door, organisatie_codes, pem, naam="", koppeling=None):
    """Register a client certificate: for an existing koppeling (renewal) or for a new one of these organisations.

    A new koppeling gets its own service account with the matching role on each organisation,
    granted by the same service as a person's authorisation.
    """
    gegevens = certificaat_lezen(pem)
    if gegevens.geldig_tot <= timezone.now():
        raise ValidationError({"certificaat": "Dit certificaat is al verlopen."})
    if Certificaat.objects.filter(vingerafdruk=gegevens.vingerafdruk).exists():
        raise ValidationError({"certificaat": "Dit certificaat is al geregistreerd."})
    if koppeling is None:
        if not organisatie_codes:
            raise ValidationError({"organisatie": "Geef de organisatie van de koppeling."})
        organisaties = [organisatie_voor_code(code) for code in organisatie_codes]
        rol = _rol_voor(organisaties)
        naam = (naam or "").strip() or f"{gegevens.subject[:150]}"
        gebruiker = get_user_model().objects.create(
            username=f"koppeling-{uuid.uuid4().hex[:12]}", first_name="Koppeling", last_name=naam[:150], is_active=True
        )
        gebruiker.set_unusable_password()
        gebruiker.save(update_fields=["password"])
        koppeling = Koppeling.objects.create(
            naam=naam[:200],
            gebruiker=gebruiker,
            rol=rol,
            organisaties=", ".join(o.code for o in organisaties)[:500],
        )
        for organisatie in organisaties:
            autorisatie_verlenen(door=door, gebruiker=gebruiker, rol=rol, organisatie=organisatie)
    return Certificaat.objects.create(
        koppeling=koppeling,
        vingerafdruk=gegevens.vingerafdruk,
        subject=gegevens.subject,
        uitgever=gegevens.uitgever,
        serienummer=gegevens.serienummer,
        geldig_van=gegevens.geldig_van,
        geldig_tot=gegevens.geldig_tot,
        geregistreerd_door=door if getattr(door, "pk", None) else None,
    )


@transaction.atomic
def certificaat_intrekken(*, door, certificaat):
    """Revoke a certificate from now on. Other processes notice within API_CERTIFICAAT_CACHE_SECONDEN."""
    from .authenticatie import vergeet_certificaat

    certificaat = Certificaat.objects.select_for_update().get(pk=certificaat.pk)
    if certificaat.ingetrokken_op is None:
        certificaat.ingetrokken_op = timezone.now()
        certificaat.save(update_fields=["ingetrokken_op"])
    # Now for this process, and again after commit in case a request cached the row in between.
    vergeet_certificaat(certificaat.vingerafdruk)
    transaction.on_commit(lambda: vergeet_certificaat(certificaat.vingerafdruk))
    return certificaat
