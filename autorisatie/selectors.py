"""Reads for beheer's authorisation screens, limited to loket beheer."""

from django.db.models import Case, IntegerField, Value, When

from .models import Autorisatie, Autorisatieverzoek, VerzoekStatus
from .predicates import is_loket_beheer


def verzoeken_voor(user):
    if not is_loket_beheer(user):
        return Autorisatieverzoek.objects.none()
    volgorde = Case(
        When(status=VerzoekStatus.INGEDIEND, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Autorisatieverzoek.objects.select_related("vestiging", "gemeente", "rbl", "ingediend_door")
        .defer("verklaring")
        .annotate(volgorde=volgorde)
        .order_by("volgorde", "-ingediend_op")
    )


def autorisaties_voor_herziening(user):
    """Every authorisation, grouped by organisation: who has which role since when, confirmed when."""
    if not is_loket_beheer(user):
        return Autorisatie.objects.none()
    return Autorisatie.objects.select_related("gebruiker", "vestiging", "gemeente", "rbl").order_by(
        "vestiging__naam", "gemeente__naam", "rbl__naam", "rol", "gebruiker__username"
    )
