"""A privacy officer persona for the access log screens."""

import pytest

from autorisatie.models import Rol
from autorisatie.services import autorisatie_verlenen
from tests.factories import UserFactory


@pytest.fixture
def privacy_officer(personas):
    user = UserFactory(username="privacy.officer")
    autorisatie_verlenen(door=None, gebruiker=user, rol=Rol.PRIVACY_OFFICER)
    return user
