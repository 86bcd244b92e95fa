"""Writing a gemeente's own settings (by its gemeente-beheerder) and reading them with defaults."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from autorisatie.predicates import mag_gemeente_beheren

from .models import GemeenteInstellingen, Mailfrequentie, WpgRegime

INSTELLINGVELDEN = (
    "attenderingsmailbox",
    "mailfrequentie",
    "termijn_in_behandeling_schooldagen",
    "termijn_open_weken",
    "wpg_regime",
)


def instellingen_van(gemeente):
    """The gemeente's settings; an unsaved row with the defaults when its beheerder has not set any."""
    try:
        return gemeente.instellingen
    except GemeenteInstellingen.DoesNotExist:
        return GemeenteInstellingen(gemeente=gemeente)


@transaction.atomic
def gemeente_instellingen_wijzigen(*, door, gemeente, gegevens):
    """Store the settings of `gemeente`; only its own gemeente-beheerder may."""
    if not mag_gemeente_beheren(door, gemeente.code):
        raise PermissionDenied
    instellingen = GemeenteInstellingen.objects.select_for_update().filter(gemeente=gemeente).first()
    instellingen = instellingen or GemeenteInstellingen(gemeente=gemeente)
    fouten = {}
    gegevens = {veld: gegevens.get(veld, getattr(instellingen, veld)) for veld in INSTELLINGVELDEN}
    if gegevens["mailfrequentie"] not in Mailfrequentie.values:
        fouten["mailfrequentie"] = "Kies per melding of een dagelijkse samenvatting."
    if gegevens["wpg_regime"] not in WpgRegime.values:
        fouten["wpg_regime"] = "Kies een van de twee Wpg-regimes."
    for veld, hoogste in (("termijn_in_behandeling_schooldagen", 60), ("termijn_open_weken", 52)):
        waarde = gegevens[veld]
        if not isinstance(waarde, int) or not 1 <= waarde <= hoogste:
            fouten[veld] = f"Vul een aantal van 1 tot en met {hoogste} in."
    for veld, waarde in gegevens.items():
        setattr(instellingen, veld, waarde)
    instellingen.gewijzigd_door = door
    if not fouten:
        try:
            instellingen.full_clean(exclude=["gemeente", "gewijzigd_door"])
        except ValidationError as fout:
            fouten.update(fout.message_dict)
    if fouten:
        raise ValidationError(fouten)
    instellingen.save()
    return instellingen
