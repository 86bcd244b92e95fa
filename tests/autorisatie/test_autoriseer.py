"""The autoriseer command: grant and revoke, with clear errors for bad input."""

import pytest
from django.core.management import CommandError, call_command

from autorisatie.models import Autorisatie
from autorisatie.predicates import mag_melden
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_autoriseren_en_intrekken():
    user = UserFactory(username="nieuwe.melder")
    call_command("autoriseer", gebruiker="nieuwe.melder", organisatie="00AR00", rol="melder")
    assert mag_melden(user, "00AR00")
    call_command("autoriseer", gebruiker="nieuwe.melder", organisatie="00AR00", rol="melder")  # idempotent
    assert Autorisatie.objects.filter(gebruiker=user).count() == 1
    call_command("autoriseer", gebruiker="nieuwe.melder", organisatie="00AR00", rol="melder", intrekken=True)
    assert not mag_melden(user, "00AR00")
    assert not Autorisatie.objects.filter(gebruiker=user).exists()


@pytest.mark.parametrize(
    ("organisatie", "rol", "fout"),
    [
        ("99ZZ99", "melder", "Onbekende organisatie"),
        ("0363", "melder", "hoort bij een vestiging"),
        ("00AR00", "leerplichtambtenaar", "hoort bij een gemeente of regionaal bureau leerplicht"),
    ],
)
def test_foute_invoer_geeft_duidelijke_fout_en_verandert_niets(organisatie, rol, fout):
    UserFactory(username="iemand")
    with pytest.raises(CommandError, match=fout):
        call_command("autoriseer", gebruiker="iemand", organisatie=organisatie, rol=rol)
    assert not Autorisatie.objects.exists()


def test_onbekende_gebruiker():
    with pytest.raises(CommandError, match="Onbekende gebruiker"):
        call_command("autoriseer", gebruiker="niemand", organisatie="00AR00", rol="melder")
