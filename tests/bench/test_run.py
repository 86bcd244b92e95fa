"""The benchmark harness's clean-up between scenarios: it may remove only what the web scenarios left waiting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bench.run import _laatste_uitgaand, _outbox_opruimen
from berichten.models import Soort, Toestand, Uitgaand

pytestmark = pytest.mark.django_db


def _rij(sleutel, toestand):
    return Uitgaand.objects.create(
        sleutel=sleutel, soort=Soort.ATTENDERING, toestand=toestand, volgende_poging_op=timezone.now() + timedelta(1)
    )


def test_opruimen_verwijdert_alleen_wachtende_rijen_van_na_de_grens():
    eerder = _rij("eerder", Toestand.WACHTEND)
    grens = _laatste_uitgaand()
    assert grens == eerder.pk
    wachtend = _rij("wachtend", Toestand.WACHTEND)
    blijven = [_rij(t.value, t) for t in Toestand if t != Toestand.WACHTEND]

    assert _outbox_opruimen(grens) == 1

    over = set(Uitgaand.objects.values_list("pk", flat=True))
    assert wachtend.pk not in over
    assert over == {eerder.pk, *(r.pk for r in blijven)}


def test_laatste_uitgaand_is_nul_zonder_rijen():
    assert _laatste_uitgaand() == 0
    assert _outbox_opruimen(0) == 0
