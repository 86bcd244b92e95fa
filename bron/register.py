"""The Bron lookup interface. The local database stands in for DUO until a real connection exists."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Inschrijving, Leerling


@dataclass(frozen=True)
class BronGegevens:
    leerling: Leerling
    inschrijving: Inschrijving | None


class BronRegister:
    """What the loket asks of Bron. A DUO implementation subclasses this."""

    bron_naam = "Bron"

    def zoek(self, persoonsgebonden_nummer: str, vestiging_code: str, peildatum: date) -> BronGegevens | None:
        """The pupil with their enrolment at this vestiging on peildatum (None if not enrolled then).

        Returns None when the number is unknown.
        """
        raise NotImplementedError


class LokaalBronRegister(BronRegister):
    bron_naam = "Bron (lokale kopie)"

    def zoek(self, persoonsgebonden_nummer, vestiging_code, peildatum):
        # The usual case, an enrolled pupil, is one query; only a miss asks whether the pupil exists at all.
        inschrijving = (
            Inschrijving.objects.select_related("leerling__woongemeente__rbl")
            .filter(leerling_id=persoonsgebonden_nummer, vestiging_id=vestiging_code, inschrijfdatum__lte=peildatum)
            .exclude(uitschrijfdatum__lt=peildatum)
            .order_by("-inschrijfdatum")
            .first()
        )
        if inschrijving is not None:
            return BronGegevens(leerling=inschrijving.leerling, inschrijving=inschrijving)
        leerling = (
            Leerling.objects.select_related("woongemeente__rbl")
            .filter(persoonsgebonden_nummer=persoonsgebonden_nummer)
            .first()
        )
        return None if leerling is None else BronGegevens(leerling=leerling, inschrijving=None)


def bron_register() -> BronRegister:
    return import_string(settings.BRON_REGISTER)()
