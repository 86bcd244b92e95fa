"""Extra gemeente personas for the gemeente portal's tests: a colleague of lpa.x, a boa and a gemeente-beheerder of X."""

from types import SimpleNamespace

import pytest

from autorisatie.models import Rol
from autorisatie.services import autorisatie_verlenen
from meldingen import services
from tests.factories import UserFactory, schoolgegevens


@pytest.fixture
def gemeente_x(personas):
    p = SimpleNamespace(
        collega_x=UserFactory(username="lpa.x2", first_name="Kees", last_name="Collega"),
        boa_x=UserFactory(username="boa.x"),
        beheerder_x=UserFactory(username="gemeentebeheer.x"),
    )
    autorisatie_verlenen(door=None, gebruiker=p.collega_x, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=personas.gemeente_x)
    autorisatie_verlenen(door=None, gebruiker=p.boa_x, rol=Rol.BOA, organisatie=personas.gemeente_x)
    autorisatie_verlenen(
        door=None, gebruiker=p.beheerder_x, rol=Rol.GEMEENTE_BEHEERDER, organisatie=personas.gemeente_x
    )
    return p


@pytest.fixture
def melding(personas, leerling_a):
    """A fresh melding of school A about a pupil living in gemeente X."""
    return services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )
