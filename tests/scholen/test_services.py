"""The beheerder onderwijs's writes: leslocaties, and who may make them. (Autorisatieverzoeken: tests/autorisatie.)"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meldingen import services as meldingservices
from scholen import services
from scholen.models import Leslocatie
from tests.factories import UserFactory, schoolgegevens

pytestmark = pytest.mark.django_db


def test_leslocatie_toevoegen(personas):
    locatie = services.leslocatie_toevoegen(
        door=personas.schoolbeheer_a, vestiging=personas.school_a, locatiecode=" dep2 ", naam="Dependance"
    )
    assert (locatie.locatiecode, locatie.naam, locatie.actief) == ("DEP2", "Dependance", True)


def test_leslocatie_dubbele_code_geweigerd(personas):
    with pytest.raises(ValidationError) as fout:
        services.leslocatie_toevoegen(
            door=personas.schoolbeheer_a, vestiging=personas.school_a, locatiecode="hoofd", naam="X"
        )
    assert "locatiecode" in fout.value.error_dict
    assert personas.school_a.leslocaties.count() == 1


def test_leslocatie_lege_velden(personas):
    with pytest.raises(ValidationError) as fout:
        services.leslocatie_toevoegen(
            door=personas.schoolbeheer_a, vestiging=personas.school_a, locatiecode="", naam=" "
        )
    assert set(fout.value.error_dict) == {"locatiecode", "naam"}


@pytest.mark.parametrize("persona", ["melder_a", "lpa_x", "beheer", "buitenstaander"])
def test_alleen_beheerder_onderwijs_van_de_vestiging(personas, persona):
    door = getattr(personas, persona)
    locatie = personas.school_a.leslocaties.get()
    with pytest.raises(PermissionDenied):
        services.leslocatie_toevoegen(door=door, vestiging=personas.school_a, locatiecode="N", naam="N")
    with pytest.raises(PermissionDenied):
        services.leslocatie_verwijderen(door=door, leslocatie=locatie)
    assert Leslocatie.objects.filter(pk=locatie.pk, actief=True).exists()


def test_beheerder_van_school_a_niet_bij_school_b(personas):
    with pytest.raises(PermissionDenied):
        services.leslocatie_wijzigen(
            door=personas.schoolbeheer_a, leslocatie=personas.school_b.leslocaties.get(), naam="Gekaapt"
        )


def test_wijzigen_en_deactiveren(personas):
    locatie = personas.school_a.leslocaties.get()
    services.leslocatie_wijzigen(door=personas.schoolbeheer_a, leslocatie=locatie, naam="Nieuw gebouw")
    services.leslocatie_activeren(door=personas.schoolbeheer_a, leslocatie=locatie, actief=False)
    locatie.refresh_from_db()
    assert (locatie.naam, locatie.actief) == ("Nieuw gebouw", False)


def test_ongebruikte_leslocatie_wordt_verwijderd(personas):
    locatie = services.leslocatie_toevoegen(
        door=personas.schoolbeheer_a, vestiging=personas.school_a, locatiecode="TIJD", naam="Tijdelijk"
    )
    assert services.leslocatie_verwijderen(door=personas.schoolbeheer_a, leslocatie=locatie) is True
    assert not Leslocatie.objects.filter(pk=locatie.pk).exists()


def test_gebruikte_leslocatie_wordt_gedeactiveerd_niet_verwijderd(personas, leerling_a):
    melding = meldingservices.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )
    locatie = melding.leslocatie
    assert services.leslocatie_verwijderen(door=personas.schoolbeheer_a, leslocatie=locatie) is False
    locatie.refresh_from_db()
    assert locatie.actief is False
    melding.refresh_from_db()
    assert melding.leslocatie == locatie


def test_portaalbezoek_geeft_vorige_bezoek(personas):
    from datetime import timedelta

    from django.utils import timezone

    gebruiker = UserFactory()
    eerst = timezone.now() - timedelta(days=1)
    assert services.portaalbezoek_registreren(door=gebruiker, op=eerst) is None
    assert services.portaalbezoek_registreren(door=gebruiker) == eerst
