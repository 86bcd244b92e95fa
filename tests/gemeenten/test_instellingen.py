"""Gemeente settings: only the gemeente's own beheerder changes them; bad input names the field and writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gemeenten.models import GemeenteInstellingen
from gemeenten.services import gemeente_instellingen_wijzigen, instellingen_van
from meldingen import services

pytestmark = pytest.mark.django_db

GELDIG = {
    "attenderingsmailbox": "leerplicht@maasgouw.example",
    "mailfrequentie": "dagelijks",
    "termijn_in_behandeling_schooldagen": 3,
    "termijn_open_weken": 8,
    "wpg_regime": "vanaf_melding",
}


def test_standaardwaarden_zonder_rij(personas):
    instellingen = instellingen_van(personas.gemeente_x)
    assert instellingen._state.adding and not GemeenteInstellingen.objects.exists()
    assert instellingen.mailfrequentie == "per_melding"
    assert instellingen.termijn_in_behandeling_schooldagen == 5
    assert instellingen.termijn_open_weken == 6
    assert instellingen.wpg_regime == "vanaf_proces_verbaal"


def test_beheerder_wijzigt_instellingen(personas, gemeente_x):
    gemeente_instellingen_wijzigen(door=gemeente_x.beheerder_x, gemeente=personas.gemeente_x, gegevens=GELDIG)
    opgeslagen = GemeenteInstellingen.objects.get(gemeente=personas.gemeente_x)
    for veld, waarde in GELDIG.items():
        assert getattr(opgeslagen, veld) == waarde
    assert opgeslagen.gewijzigd_door == gemeente_x.beheerder_x


@pytest.mark.parametrize("persona", ["lpa_x", "lpa_y", "melder_a", "beheer"])
def test_anderen_mogen_niet(personas, gemeente_x, persona):
    with pytest.raises(PermissionDenied):
        gemeente_instellingen_wijzigen(door=getattr(personas, persona), gemeente=personas.gemeente_x, gegevens=GELDIG)
    with pytest.raises(PermissionDenied):
        gemeente_instellingen_wijzigen(door=gemeente_x.beheerder_x, gemeente=personas.gemeente_y, gegevens=GELDIG)
    assert not GemeenteInstellingen.objects.exists()


@pytest.mark.parametrize(
    "veld, waarde",
    [
        ("mailfrequentie", "elk_uur"),
        ("wpg_regime", "nooit"),
        ("termijn_in_behandeling_schooldagen", 0),
        ("termijn_open_weken", 99),
        ("attenderingsmailbox", "geen-adres"),
    ],
)
def test_foute_waarde_noemt_het_veld(personas, gemeente_x, veld, waarde):
    with pytest.raises(ValidationError) as fout:
        gemeente_instellingen_wijzigen(
            door=gemeente_x.beheerder_x, gemeente=personas.gemeente_x, gegevens={**GELDIG, veld: waarde}
        )
    assert veld in fout.value.error_dict
    assert not GemeenteInstellingen.objects.exists()


def test_instellingenpagina(client, personas, gemeente_x):
    client.force_login(gemeente_x.beheerder_x)
    assert client.get(reverse("gemeenten:instellingen_overzicht")).url == reverse(
        "gemeenten:instellingen", args=["1641"]
    )
    url = reverse("gemeenten:instellingen", args=["1641"])
    assert client.get(url).status_code == 200
    fout = client.post(url, {**GELDIG, "termijn_open_weken": "0"})
    assert fout.status_code == 200 and "foutsamenvatting" in fout.content.decode()
    assert not GemeenteInstellingen.objects.exists()
    assert client.post(url, GELDIG).status_code == 302
    assert GemeenteInstellingen.objects.get().wpg_regime == "vanaf_melding"
    assert client.get(reverse("gemeenten:instellingen", args=["1930"])).status_code == 404


@pytest.mark.parametrize("persona", ["lpa_x", "lpa_y", "melder_a", "beheer", "buitenstaander"])
def test_instellingenpagina_404_voor_anderen(client, personas, gemeente_x, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("gemeenten:instellingen_overzicht")).status_code == 404
    url = reverse("gemeenten:instellingen", args=["1641"])
    assert client.get(url).status_code == 404
    assert client.post(url, GELDIG).status_code == 404
    assert not GemeenteInstellingen.objects.exists()


def test_wpg_regime_staat_op_elke_melding(client, personas, gemeente_x, melding):
    client.force_login(personas.lpa_x)
    url = reverse("gemeente:detail", args=[melding.meldingsnummer])
    assert "pas vanaf het besluit tot proces-verbaal" in client.get(url).content.decode()
    gemeente_instellingen_wijzigen(door=gemeente_x.beheerder_x, gemeente=personas.gemeente_x, gegevens=GELDIG)
    assert "politiegegevens (Wpg) vanaf de melding" in client.get(url).content.decode()
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
