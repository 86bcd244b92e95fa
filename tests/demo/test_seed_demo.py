"""seed_demo loads a usable demo and is idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from meldingen.models import Melding
from meldingen.workflow import Status

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_en_dekt_elke_status(capsys):
    call_command("seed_demo", password="demo-wachtwoord-2026")
    aantal = Melding.objects.count()
    call_command("seed_demo", password="demo-wachtwoord-2026")
    assert Melding.objects.count() == aantal > 0
    assert set(Melding.objects.values_list("status", flat=True)) == set(Status.values)
    assert Melding.objects.filter(rbl__isnull=False).exists()
    assert Melding.objects.filter(routering__regel="verblijfadres").exists()
    User = get_user_model()
    for naam in ("melder.a", "melder.b", "schoolbeheer.a", "lpa.x", "lpa.y", "beheer"):
        assert User.objects.get(username=naam).check_password("demo-wachtwoord-2026")
    uit = capsys.readouterr().out
    assert "lpa.x" in uit and "demo-wachtwoord-2026" in uit
