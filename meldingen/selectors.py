"""Every user-scoped read of meldingen. Querysets come back limited to what this user may see."""

from django.db.models import Q
from django.http import Http404

from autorisatie.predicates import gemeente_filter, vestigingen_met
from scholen.models import Leslocatie

from .models import Melding, MeldingHistorie


def _basis():
    return Melding.objects.select_related("vestiging", "gemeente", "rbl", "verzuimsoort", "leerling")


def meldingen_van_school(user):
    """Meldingen of the vestigingen the user may report for."""
    if not user.is_authenticated:
        return Melding.objects.none()
    return _basis().filter(vestiging_id__in=vestigingen_met(user, "melden"))


def meldingen_van_gemeente(user):
    """Meldingen routed to a gemeente or RBL the user handles for."""
    if not user.is_authenticated:
        return Melding.objects.none()
    return _basis().filter(gemeente_filter(user))


def zichtbare_meldingen(user):
    if not user.is_authenticated:
        return Melding.objects.none()
    return _basis().filter(Q(vestiging_id__in=vestigingen_met(user, "melden")) | gemeente_filter(user))


def melding_ophalen(queryset, meldingsnummer):
    """One melding out of a scoped queryset; 404 when it does not exist or is not the user's to see."""
    melding = queryset.filter(meldingsnummer=meldingsnummer).first()
    if melding is None:
        raise Http404("Melding niet gevonden")
    return melding


def historie_van(melding):
    return melding.historie.select_related("door").order_by("created_at", "id")


def gebeurtenissen_na(meldingen, na):
    """History rows after cursor `na` (a history id) of the meldingen in a scoped queryset, oldest first.

    The API's change feed: history ids only grow, so the id is the cursor.
    """
    return (
        MeldingHistorie.objects.filter(id__gt=na, melding__in=meldingen.values("pk"))
        .select_related("melding")
        .only("id", "actie", "van_status", "naar_status", "gewijzigde_velden", "created_at", "melding__meldingsnummer")
        .order_by("id")
    )


def leslocaties_van_school(user):
    """The leslocaties of the vestigingen the user may report for (the choice in a melding)."""
    if not user.is_authenticated:
        return Leslocatie.objects.none()
    return Leslocatie.objects.filter(vestiging_id__in=vestigingen_met(user, "melden")).order_by("vestiging_id", "locatiecode")
