"""User-scoped reads of gemeenten: which ones a user handles meldingen for, which ones they manage."""

from django.db.models import Q

from autorisatie.predicates import beheerde_gemeenten, gemeenten_met, rbls_met

from .models import Gemeente


def behandelde_gemeenten(user):
    """Gemeenten whose meldingen the user handles, directly or through an RBL."""
    if not user.is_authenticated:
        return Gemeente.objects.none()
    return Gemeente.objects.filter(Q(code__in=gemeenten_met(user)) | Q(rbl_id__in=rbls_met(user)))


def door_mij_beheerde_gemeenten(user):
    if not user.is_authenticated:
        return Gemeente.objects.none()
    return Gemeente.objects.filter(code__in=beheerde_gemeenten(user)).select_related("instellingen")
