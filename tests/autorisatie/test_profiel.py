"""A user's own contact details ("Mijn gegevens")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from autorisatie.models import Profiel
from autorisatie.services import profiel_van, profiel_wijzigen

pytestmark = pytest.mark.django_db


def test_profiel_wijzigen_en_lezen(personas):
    assert profiel_van(personas.lpa_x).functie == ""
    profiel_wijzigen(
        door=personas.lpa_x,
        functie="Leerplichtambtenaar",
        telefoonnummer="0475 12 34 56",
        naam="Lies Plicht",
        email="lies@maasgouw.example",
    )
    personas.lpa_x.refresh_from_db()
    assert profiel_van(personas.lpa_x).telefoonnummer == "0475 12 34 56"
    assert personas.lpa_x.get_full_name() == "Lies Plicht"


@pytest.mark.parametrize("veld, waarde", [("telefoonnummer", "bel me maar"), ("email", "geen-adres")])
def test_foute_invoer_noemt_het_veld(personas, veld, waarde):
    args = {"functie": "", "telefoonnummer": "", "email": None, veld: waarde}
    with pytest.raises(ValidationError) as fout:
        profiel_wijzigen(door=personas.lpa_x, **args)
    assert veld in fout.value.error_dict
    assert not Profiel.objects.exists()


def test_profielpagina(client, personas):
    client.force_login(personas.melder_a)
    assert client.get(reverse("autorisatie:profiel")).status_code == 200
    response = client.post(
        reverse("autorisatie:profiel"),
        {
            "naam": "Mevrouw de Melder",
            "functie": "Verzuimcoördinator",
            "telefoonnummer": "0201234567",
            "email": "melder@school.example",
        },
    )
    assert response.status_code == 302
    assert Profiel.objects.get(gebruiker=personas.melder_a).functie == "Verzuimcoördinator"
    fout = client.post(
        reverse("autorisatie:profiel"), {"naam": "X", "telefoonnummer": "abc", "email": "melder@school.example"}
    )
    assert "telefoonnummer" in fout.content.decode().lower() and "foutsamenvatting" in fout.content.decode()


def test_anoniem_naar_inloggen(client):
    assert client.get(reverse("autorisatie:profiel")).status_code == 302
