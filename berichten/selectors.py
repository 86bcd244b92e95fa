"""Reads for beheer's mail screens. Only loket beheer calls these (the views check is_loket_beheer)."""

from django.db.models import Count, Max

from .models import Afwijzing, Toestand, Uitgaand


def mislukte_berichten():
    return (
        Uitgaand.objects.filter(toestand=Toestand.MISLUKT)
        .select_related("gemeente", "vestiging")
        .order_by("-created_at")
    )


def mailproblemen_per_mailbox():
    """Bounces, 5xx and missing addresses grouped per gemeente (or school) and mailbox, newest first."""
    return (
        Afwijzing.objects.values("gemeente__code", "gemeente__naam", "vestiging__code", "ontvanger", "soort")
        .annotate(aantal=Count("pk"), laatste=Max("created_at"), laatste_code=Max("smtp_code"))
        .order_by("-laatste")
    )


def wachtrij_telling():
    return dict(Uitgaand.objects.values_list("toestand").annotate(n=Count("pk")).values_list("toestand", "n"))
