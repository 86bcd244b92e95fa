"""Beheer authorises a user in the Django admin; the guardian permission follows."""

import pytest
from django.urls import reverse

from autorisatie.models import Autorisatie
from autorisatie.predicates import mag_melden
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_beheer_autoriseert_in_admin(client, personas):
    beheerder = UserFactory(username="admin", is_staff=True, is_superuser=True)
    nieuw = UserFactory(username="nieuw")
    client.force_login(beheerder)
    response = client.post(
        reverse("admin:autorisatie_autorisatie_add"),
        {"gebruiker": nieuw.pk, "rol": "melder", "vestiging": personas.school_b.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mag_melden(nieuw, personas.school_b.code)
    autorisatie = Autorisatie.objects.get(gebruiker=nieuw)
    client.post(reverse("admin:autorisatie_autorisatie_delete", args=[autorisatie.pk]), {"post": "yes"})
    assert not mag_melden(nieuw, personas.school_b.code)
