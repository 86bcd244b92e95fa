"""Every user-scoped read for a beheerder onderwijs: the vestigingen they manage, their leslocaties and
contactpersonen."""

from django.db.models import Exists, OuterRef
from django.http import Http404

from autorisatie.models import Autorisatie, Autorisatieverzoek, Rol, VerzoekStatus
from autorisatie.predicates import vestigingen_met

from .models import Leslocatie, Vestiging

# The roles of a school in the autorisatiematrix: who may report for it and who manages it.
SCHOOLROLLEN = (Rol.MELDER, Rol.BEHEERDER_ONDERWIJS)


def beheerde_vestigingen(user):
    if not user.is_authenticated:
        return Vestiging.objects.none()
    return Vestiging.objects.filter(code__in=vestigingen_met(user, "beheren_onderwijs")).order_by("naam")


def beheerde_vestiging(user, code):
    """One vestiging the user manages; 404 otherwise, so nobody learns which codes exist."""
    vestiging = beheerde_vestigingen(user).filter(code=code).first()
    if vestiging is None:
        raise Http404("Vestiging niet gevonden")
    return vestiging


def leslocaties_van(vestiging):
    """All leslocaties, active first, each annotated with whether meldingen refer to it."""
    from meldingen.models import Melding

    return (
        Leslocatie.objects.filter(vestiging=vestiging)
        .annotate(in_gebruik=Exists(Melding.objects.filter(leslocatie=OuterRef("pk"))))
        .order_by("-actief", "locatiecode")
    )


def leslocatie_van(vestiging, pk):
    leslocatie = leslocaties_van(vestiging).filter(pk=pk).first()
    if leslocatie is None:
        raise Http404("Leslocatie niet gevonden")
    return leslocatie


def contactpersonen_van(vestiging):
    """The colleagues who hold a school role for this vestiging (who may report or manage)."""
    return (
        Autorisatie.objects.filter(vestiging=vestiging, rol__in=SCHOOLROLLEN)
        .select_related("gebruiker")
        .order_by("gebruiker__last_name", "gebruiker__first_name", "rol")
    )


def contactpersoon_van(vestiging, pk):
    autorisatie = contactpersonen_van(vestiging).filter(pk=pk).first()
    if autorisatie is None:
        raise Http404("Contactpersoon niet gevonden")
    return autorisatie


def verzoeken_van(vestiging, *, alleen_open=False):
    """The requests filed for this vestiging (by any of its beheerders or by loket beheer), newest first."""
    verzoeken = Autorisatieverzoek.objects.filter(vestiging=vestiging).defer("verklaring")
    if alleen_open:
        verzoeken = verzoeken.filter(status=VerzoekStatus.INGEDIEND)
    return verzoeken.order_by("-ingediend_op")
