"""How the portal writes a pupil's name (bron.models.volledige_naam)."""

import pytest

from bron.models import volledige_naam


@pytest.mark.parametrize(
    ("voornamen", "voorvoegsel", "achternaam", "naam"),
    [
        ("Jan", "", "Jansen", "Jan Jansen"),
        ("Jan", "van der", "Meer", "Jan van der Meer"),
        ("Anna", "'t", "Hart", "Anna 't Hart"),
        ("Jo", "d'", "Ancona", "Jo d'Ancona"),
        ("Jo", "d\u2019", "Hondt", "Jo d\u2019Hondt"),
        ("", "van", "Dijk", "van Dijk"),
        ("Jo", "d'", "", "Jo d'"),
    ],
)
def test_volledige_naam(voornamen, voorvoegsel, achternaam, naam):
    assert volledige_naam(voornamen, voorvoegsel, achternaam) == naam
