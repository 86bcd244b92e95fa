"""Every write a beheerder onderwijs makes to the school's leslocaties (requests to (de)authorise colleagues
go through autorisatie.services), and the portal visit.

One keyword-only function per use case, the acting user passed in, wrapped in transaction.atomic.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from autorisatie.predicates import vestigingen_met

from .models import Leslocatie, Portaalbezoek


def mag_beheren(user, vestiging):
    code = getattr(vestiging, "code", vestiging)
    return user.is_authenticated and vestigingen_met(user, "beheren_onderwijs").filter(content_object_id=code).exists()


def _controleer_beheerder(door, vestiging):
    if not mag_beheren(door, vestiging):
        raise PermissionDenied


def _schoon(waarde):
    return (waarde or "").strip()


def _leslocatie_gebruikt(leslocatie):
    from meldingen.models import Melding

    return Melding.objects.filter(leslocatie=leslocatie).exists()


@transaction.atomic
def leslocatie_toevoegen(*, door, vestiging, locatiecode, naam):
    _controleer_beheerder(door, vestiging)
    locatiecode, naam = _schoon(locatiecode).upper(), _schoon(naam)
    fouten = {}
    if not locatiecode:
        fouten["locatiecode"] = "Vul de locatiecode in."
    elif len(locatiecode) > 20:
        fouten["locatiecode"] = "De locatiecode is hoogstens 20 tekens."
    if not naam:
        fouten["naam"] = "Vul de naam van de leslocatie in."
    if fouten:
        raise ValidationError(fouten)
    if vestiging.leslocaties.filter(locatiecode=locatiecode).exists():
        raise ValidationError({"locatiecode": "Deze vestiging heeft al een leslocatie met deze code."})
    try:
        with transaction.atomic():
            return Leslocatie.objects.create(vestiging=vestiging, locatiecode=locatiecode, naam=naam)
    except IntegrityError:
        # A colleague added the same code at the same moment.
        raise ValidationError({"locatiecode": "Deze vestiging heeft al een leslocatie met deze code."}) from None


def _lock(leslocatie):
    # OF self: not the joined vestiging row, which a Bron import holds FOR KEY SHARE.
    return Leslocatie.objects.select_for_update(of=("self",)).select_related("vestiging").get(pk=leslocatie.pk)


@transaction.atomic
def leslocatie_wijzigen(*, door, leslocatie, naam):
    """Rename a leslocatie. The code stays: meldingen already made refer to it."""
    leslocatie = _lock(leslocatie)
    _controleer_beheerder(door, leslocatie.vestiging)
    naam = _schoon(naam)
    if not naam:
        raise ValidationError({"naam": "Vul de naam van de leslocatie in."})
    leslocatie.naam = naam
    leslocatie.save(update_fields=["naam"])
    return leslocatie


@transaction.atomic
def leslocatie_activeren(*, door, leslocatie, actief):
    leslocatie = _lock(leslocatie)
    _controleer_beheerder(door, leslocatie.vestiging)
    leslocatie.actief = bool(actief)
    leslocatie.save(update_fields=["actief"])
    return leslocatie


@transaction.atomic
def leslocatie_verwijderen(*, door, leslocatie):
    """Delete an unused leslocatie; one that meldingen refer to is deactivated instead.

    Returns True when deleted, False when deactivated.
    """
    leslocatie = _lock(leslocatie)
    _controleer_beheerder(door, leslocatie.vestiging)
    if _leslocatie_gebruikt(leslocatie):
        leslocatie.actief = False
        leslocatie.save(update_fields=["actief"])
        return False
    leslocatie.delete()
    return True


@transaction.atomic
def portaalbezoek_registreren(*, door, op=None):
    """Record that `door` opened the start page now; returns the previous visit (None for the first)."""
    op = op or timezone.now()
    bezoek = Portaalbezoek.objects.select_for_update().filter(gebruiker=door).first()
    if bezoek is None:
        Portaalbezoek.objects.create(gebruiker=door, laatst_bezocht_op=op)
        return None
    vorige = bezoek.laatst_bezocht_op
    bezoek.laatst_bezocht_op = op
    bezoek.save(update_fields=["laatst_bezocht_op"])
    return vorige
