"""The melding lifecycle as one table: which status may follow which. Checked only in meldingen/services.py."""

from django.core.exceptions import ValidationError
from django.db import models


class Status(models.TextChoices):
    GEREGISTREERD = "geregistreerd", "geregistreerd"
    IN_BEHANDELING = "in_behandeling", "in behandeling"
    AFGESLOTEN = "afgesloten", "afgesloten"
    TER_KENNISGEVING = "ter_kennisgeving", "ter kennisgeving aangenomen"
    INGETROKKEN = "ingetrokken", "ingetrokken"


OVERGANGEN = {
    Status.GEREGISTREERD: {Status.IN_BEHANDELING, Status.TER_KENNISGEVING, Status.INGETROKKEN},
    Status.IN_BEHANDELING: {Status.AFGESLOTEN, Status.TER_KENNISGEVING, Status.INGETROKKEN},
    Status.AFGESLOTEN: set(),
    Status.TER_KENNISGEVING: set(),
    Status.INGETROKKEN: set(),
}

# The school may change its melding while the gemeente has not closed it.
WIJZIGBAAR = {Status.GEREGISTREERD, Status.IN_BEHANDELING}
OPEN = WIJZIGBAAR


class OngeldigeOvergang(ValidationError):
    """A transition the workflow table does not allow (the API answers 409)."""


def controleer_overgang(van, naar):
    if naar not in OVERGANGEN[van]:
        raise OngeldigeOvergang(
            f"Een melding met status '{Status(van).label}' kan niet naar '{Status(naar).label}'.",
            code="ongeldige_overgang",
        )


def controleer_wijzigbaar(status):
    if status not in WIJZIGBAAR:
        raise OngeldigeOvergang(
            f"Een melding met status '{Status(status).label}' kan niet meer worden gewijzigd.",
            code="niet_wijzigbaar",
        )
