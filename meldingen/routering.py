"""Routing: which gemeente (or RBL) a melding goes to, and the explanation stored with it."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from bron.register import bron_register
from bron.validators import valideer_persoonsgebonden_nummer
from gemeenten.models import Gemeente
from scholen.models import Vestiging

ONBEKEND = (
    "Deze leerling is op de begindatum niet bij deze vestiging ingeschreven volgens Bron. "
    "Controleer het nummer en de begindatum."
)


@dataclass(frozen=True)
class Routering:
    leerling: object
    gemeente: Gemeente
    rbl: object
    uitleg: dict


def leerling_opzoeken(*, vestiging, persoonsgebonden_nummer, peildatum):
    """The Bron data of a pupil enrolled at this vestiging on peildatum, or a ValidationError.

    Unknown, not enrolled here and enrolled only later get the same message, so that a school
    learns nothing about pupils of other schools.
    """
    try:
        valideer_persoonsgebonden_nummer(persoonsgebonden_nummer)
    except ValidationError as fout:
        raise ValidationError({"persoonsgebonden_nummer": fout.messages}) from None
    gegevens = bron_register().zoek(persoonsgebonden_nummer, vestiging.code, peildatum)
    if gegevens is None or gegevens.inschrijving is None:
        raise ValidationError({"persoonsgebonden_nummer": ONBEKEND}, code="niet_ingeschreven")
    return gegevens


def gemeente_bij_plaats(plaatsnaam):
    """The gemeente of a place name: a gemeente of that name, or the one gemeente our schools there belong to."""
    plaatsnaam = (plaatsnaam or "").strip()
    if not plaatsnaam:
        return None
    gemeente = Gemeente.objects.filter(naam__iexact=plaatsnaam).first()
    if gemeente:
        return gemeente
    codes = set(Vestiging.objects.filter(plaats__iexact=plaatsnaam).values_list("gemeente_id", flat=True)[:100])
    if len(codes) == 1:
        return Gemeente.objects.get(code=codes.pop())
    return None


def routeren(*, bron_gegevens, afwijkend_gemeente=None, bron_naam=None):
    leerling = bron_gegevens.leerling
    inschrijving = bron_gegevens.inschrijving
    if afwijkend_gemeente is not None:
        regel, gemeente = "verblijfadres", afwijkend_gemeente
        tekst = f"De school gaf een afwijkend verblijfadres op in {gemeente.naam}; de melding gaat naar die gemeente."
    else:
        regel, gemeente = "woongemeente", leerling.woongemeente
        tekst = f"Volgens Bron woont de leerling in {gemeente.naam}; de melding gaat naar de woongemeente."
    rbl = gemeente.rbl
    if rbl is not None:
        tekst += f" {gemeente.naam} valt onder {rbl.naam}, dat de melding behandelt."
    uitleg = {
        "regel": regel,
        "gemeente": {"code": gemeente.code, "naam": gemeente.naam},
        "rbl": {"code": rbl.code, "naam": rbl.naam} if rbl else None,
        "bron": {
            "register": bron_naam or bron_register().bron_naam,
            "woongemeente": leerling.woongemeente_id,
            "inschrijving": {
                "vestiging": inschrijving.vestiging_id,
                "inschrijfdatum": inschrijving.inschrijfdatum.isoformat(),
                "uitschrijfdatum": inschrijving.uitschrijfdatum.isoformat() if inschrijving.uitschrijfdatum else None,
            },
        },
        "bepaald_op": timezone.now().isoformat(),
        "uitleg": tekst,
    }
    return Routering(leerling=leerling, gemeente=gemeente, rbl=rbl, uitleg=uitleg)
