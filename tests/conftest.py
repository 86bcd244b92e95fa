"""Shared personas (STYLE.md): two schools, two gemeenten, beheer and an outsider, on real reference data."""

from types import SimpleNamespace

import pytest

from autorisatie.models import Rol
from autorisatie.services import autorisatie_verlenen
from gemeenten.models import Gemeente
from scholen.models import Vestiging
from tests.factories import LeerlingFactory, LeslocatieFactory, UserFactory
from tests.mfa import force_login_verifieert_ook, mfa_login  # noqa: F401 (fixture)

SCHOOL_A = "00AR00"  # Basisschool "De Maasparel", Stevensweert (Maasgouw)
SCHOOL_B = "00AV00"  # De Morgenster, Spijkenisse (Nissewaard)
GEMEENTE_X = "1641"  # Maasgouw
GEMEENTE_Y = "1930"  # Nissewaard
WACHTWOORD = "correct-paard-batterij-nietje"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: end-to-end test in a real browser (Playwright + Debian's Chromium) against live_server"
    )


@pytest.fixture
def personas(db):
    school_a = Vestiging.objects.get(code=SCHOOL_A)
    school_b = Vestiging.objects.get(code=SCHOOL_B)
    gemeente_x = Gemeente.objects.get(code=GEMEENTE_X)
    gemeente_y = Gemeente.objects.get(code=GEMEENTE_Y)
    LeslocatieFactory(vestiging=school_a)
    LeslocatieFactory(vestiging=school_b)
    p = SimpleNamespace(
        school_a=school_a,
        school_b=school_b,
        gemeente_x=gemeente_x,
        gemeente_y=gemeente_y,
        melder_a=UserFactory(username="melder.a"),
        melder_b=UserFactory(username="melder.b"),
        schoolbeheer_a=UserFactory(username="schoolbeheer.a"),
        lpa_x=UserFactory(username="lpa.x"),
        lpa_y=UserFactory(username="lpa.y"),
        beheer=UserFactory(username="beheer"),
        buitenstaander=UserFactory(username="buitenstaander"),
    )
    for user, rol, org in (
        (p.melder_a, Rol.MELDER, school_a),
        (p.melder_b, Rol.MELDER, school_b),
        (p.schoolbeheer_a, Rol.BEHEERDER_ONDERWIJS, school_a),
        (p.lpa_x, Rol.LEERPLICHTAMBTENAAR, gemeente_x),
        (p.lpa_y, Rol.LEERPLICHTAMBTENAAR, gemeente_y),
        (p.beheer, Rol.LOKET_BEHEER, None),
    ):
        autorisatie_verlenen(door=None, gebruiker=user, rol=rol, organisatie=org)
    return p


@pytest.fixture
def leerling_a(personas):
    """A pupil of school A, living in gemeente X."""
    return LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)


@pytest.fixture
def leerling_b(personas):
    """A pupil of school B, living in gemeente Y."""
    return LeerlingFactory(vestiging=personas.school_b, woongemeente=personas.gemeente_y)


@pytest.fixture(autouse=True)
def _mfa(monkeypatch):
    # Every session needs a second factor; view tests log in with force_login, which then verifies it too.
    force_login_verifieert_ook(monkeypatch)


@pytest.fixture(autouse=True)
def _lege_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    # PBKDF2 costs ~0.3 s per user; the personas would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _referentiedata(request):
    """Reload what the migrations ship when a previous transactional test flushed it.

    Cheaper than serialized_rollback (which restores the whole database for every such test).

    TransactionTestCase-style tests end with a TRUNCATE of every table, including the gemeenten,
    vestigingen and verzuimsoorten that migrations loaded; the personas need them.
    """
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal

    if not Permission.objects.exists():
        # Content types and permissions, which guardian needs, go with the flush too.
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    from gemeenten.models import Gemeente
    from gemeenten.referentie import laad_gemeenten
    from scholen.models import Vestiging
    from scholen.referentie import laad_vestigingen

    if not Gemeente.objects.exists():
        laad_gemeenten(Gemeente)
    if not Vestiging.objects.exists():
        laad_vestigingen(Vestiging)
    if not apps.get_model("meldingen", "Verzuimsoort").objects.exists():
        from importlib import import_module

        import_module("meldingen.migrations.0002_referentielijsten").laad(apps, None)
