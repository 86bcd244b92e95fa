"""Reads for inzage and correctie: beheer sees the requests and composes the answer; a school sees its own requests."""

import datetime as dt
import decimal

from django.db.models import Q

from autorisatie.predicates import is_loket_beheer, vestigingen_met

from .models import Correctieverzoek, Inzageverzoek


def inzageverzoeken_voor(user):
    return Inzageverzoek.objects.all() if is_loket_beheer(user) else Inzageverzoek.objects.none()


def correctieverzoeken_voor(user):
    return Correctieverzoek.objects.all() if is_loket_beheer(user) else Correctieverzoek.objects.none()


def correctieverzoeken_voor_school(user):
    """Requests about meldingen of the vestigingen where the user reports or manages."""
    if not user.is_authenticated:
        return Correctieverzoek.objects.none()
    return Correctieverzoek.objects.filter(
        Q(melding__vestiging_id__in=vestigingen_met(user, "melden"))
        | Q(melding__vestiging_id__in=vestigingen_met(user, "beheren_onderwijs"))
    ).select_related("melding")


def _waarde(waarde):
    if isinstance(waarde, dt.datetime | dt.date):
        return waarde.isoformat()
    if isinstance(waarde, decimal.Decimal):
        return str(waarde)
    return waarde


def _velden(obj, weglaten=()):
    uit = {}
    for veld in obj._meta.concrete_fields:
        if veld.name in weglaten:
            continue
        if veld.is_relation:
            gerelateerd = getattr(obj, veld.name)
            uit[veld.name] = str(gerelateerd) if gerelateerd is not None else None
        else:
            uit[veld.name] = _waarde(getattr(obj, veld.attname))
    return uit


def inzage_gegevens(user, verzoek):
    """Everything the loket holds about the pupil: Bron data, meldingen with history, and who accessed them.

    Staff appear by organisation and role, not by name: the access log's usernames are staff data.
    """
    from bron.models import Leerling
    from meldingen.models import Melding
    from protocollering.models import ToegangslogRegel

    if not is_loket_beheer(user):
        return None
    nummer = verzoek.persoonsgebonden_nummer
    leerling = Leerling.objects.filter(pk=nummer).select_related("woongemeente").first()
    meldingen = list(
        Melding.objects.filter(leerling_id=nummer)
        .select_related(
            "vestiging", "gemeente", "rbl", "verzuimsoort", "leslocatie", "afsluitreden", "toelichting_afsluiting"
        )
        .prefetch_related("historie")
        .order_by("created_at")
    )
    objecten = [verzoek.leerling_pseudoniem, *(m.meldingsnummer for m in meldingen)]
    toegang = ToegangslogRegel.objects.filter(object__in=objecten).order_by("tijdstip")
    return {
        "verzoek": {"ontvangen_op": verzoek.ontvangen_op.isoformat(), "uiterlijk_op": verzoek.uiterlijk_op.isoformat()},
        "bron": None
        if leerling is None
        else {
            **_velden(leerling, weglaten=("bijgewerkt_op",)),
            "inschrijvingen": [
                _velden(i, weglaten=("id", "leerling")) for i in leerling.inschrijvingen.select_related("vestiging")
            ],
        },
        "meldingen": [
            {
                **_velden(m, weglaten=("id", "leerling", "behandelaar", "ingediend_door")),
                "historie": [_velden(h, weglaten=("id", "melding", "door")) for h in m.historie.all()],
            }
            for m in meldingen
        ],
        "toegang": [
            {
                "tijdstip": r.tijdstip.isoformat(),
                "organisatie": r.organisatie,
                "rol": r.rol,
                "actie": r.actie,
                "object": r.object if r.object != verzoek.leerling_pseudoniem else "leerling",
                "resultaat": r.resultaat,
                "doel": r.doel,
            }
            for r in toegang
        ],
    }
