"""Granting and revoking authorisations. The only place that writes Autorisatie rows or guardian permissions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from gemeenten.models import Gemeente, Rbl
from scholen.models import Vestiging

from .models import Autorisatie, Rol
from .rollen import LOKET_ROLLEN, ROL_PERMISSIE


def organisatie_voor_code(code):
    """A vestigingscode (6), gemeentecode (4 digits) or RBL code, as its organisation object."""
    code = (code or "").strip()
    if len(code) == 4 and code.isdigit():
        model, lookup = Gemeente, {"code": code}
    elif len(code) == 6:
        model, lookup = Vestiging, {"code": code.upper()}
    else:
        model, lookup = Rbl, {"code": code}
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist:
        raise ValidationError({"organisatie": f"Onbekende organisatie: {code!r}."}) from None


def _org_velden(organisatie):
    return {
        "vestiging": organisatie if isinstance(organisatie, Vestiging) else None,
        "gemeente": organisatie if isinstance(organisatie, Gemeente) else None,
        "rbl": organisatie if isinstance(organisatie, Rbl) else None,
    }


def _controleer(rol, organisatie):
    if rol not in Rol.values:
        raise ValidationError({"rol": f"Onbekende rol {rol!r}; kies uit {', '.join(Rol.values)}."})
    if rol in LOKET_ROLLEN:
        if organisatie is not None:
            raise ValidationError({"organisatie": "Een loketrol hoort bij geen school of gemeente."})
        return None
    modellen, codename = ROL_PERMISSIE[rol]
    if organisatie is None or not isinstance(organisatie, modellen):
        soorten = " of ".join(m._meta.verbose_name for m in modellen)
        raise ValidationError({"organisatie": f"De rol {rol} hoort bij een {soorten}."})
    return codename


@transaction.atomic
def autorisatie_verlenen(*, door, gebruiker, rol, organisatie=None):
    codename = _controleer(rol, organisatie)
    autorisatie, _ = Autorisatie.objects.get_or_create(
        gebruiker=gebruiker,
        rol=rol,
        **_org_velden(organisatie),
        defaults={"verleend_door": door, "laatst_bevestigd_op": timezone.now()},
    )
    if codename:
        assign_perm(codename, gebruiker, organisatie)
    return autorisatie


@transaction.atomic
def autorisatie_intrekken(*, door, gebruiker, rol, organisatie=None):
    codename = _controleer(rol, organisatie)
    verwijderd, _ = Autorisatie.objects.filter(gebruiker=gebruiker, rol=rol, **_org_velden(organisatie)).delete()
    if codename:
        remove_perm(codename, gebruiker, organisatie)
    return bool(verwijderd)


def profiel_van(gebruiker):
    """The user's contact details; an unsaved empty Profiel when they have not filled it in."""
    from .models import Profiel

    if not gebruiker.is_authenticated:
        return Profiel()
    try:
        return gebruiker.profiel
    except Profiel.DoesNotExist:
        return Profiel(gebruiker=gebruiker)


@transaction.atomic
def profiel_wijzigen(*, door, functie, telefoonnummer, naam=None, email=None):
    """A user edits their own contact details (used to prefill melder and contactpersoon fields)."""
    from .models import Profiel

    if not door.is_authenticated:
        raise ValidationError("Log eerst in.")
    fouten = {}
    telefoonnummer = (telefoonnummer or "").strip()
    if telefoonnummer and not all(c.isdigit() or c in "+ -()" for c in telefoonnummer):
        fouten["telefoonnummer"] = "Een telefoonnummer bevat alleen cijfers, spaties, +, - en haakjes."
    if len(telefoonnummer) > 20:
        fouten["telefoonnummer"] = "Een telefoonnummer is hoogstens 20 tekens."
    functie = (functie or "").strip()
    if len(functie) > 200:
        fouten["functie"] = "Een functie is hoogstens 200 tekens."
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email.strip())
        except ValidationError:
            fouten["email"] = "Vul een geldig e-mailadres in."
    if fouten:
        raise ValidationError(fouten)
    profiel, _ = Profiel.objects.update_or_create(
        gebruiker=door, defaults={"functie": functie, "telefoonnummer": telefoonnummer}
    )
    if email is not None or naam is not None:
        velden = []
        if email is not None:
            door.email = email.strip()
            velden.append("email")
        if naam is not None:
            voornaam, _, achternaam = naam.strip().partition(" ")
            door.first_name, door.last_name = voornaam[:150], achternaam[:150]
            velden += ["first_name", "last_name"]
        door.save(update_fields=velden)
    return profiel
