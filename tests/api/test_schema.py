"""Schemathesis against our own OpenAPI schema, in-process through the WSGI app, with a registered certificate.

Every generated request (valid and invalid) must get no 5xx, and a documented status, content type and body.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from meldingen import services
from tests.api.conftest import header
from tests.factories import schoolgegevens

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Loaded once at collection; the schema view needs no database.
# The coverage phase (every boundary and negation of every field) costs minutes here; hypothesis' own
# fuzzing with a fixed seed finds the same class of bugs (it found a NUL byte reaching PostgreSQL).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_str("[phases.coverage]\nenabled = false\n"),
)


@pytest.fixture(autouse=True)
def _verbinding_open_houden(db):
    # As Django's test client does: a real WSGI request must not close the test's connection (and transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bestaande_melding(personas, leerling_a):
    # Something real to find, so detail and verbs are not only ever 404.
    return services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )


INSTELLINGEN = hypothesis_settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
)


def _controleer(case, koppeling, melding):
    if "meldingsnummer" in (case.path_parameters or {}):
        # Random numbers only ever find nothing (the contract tests cover 404): aim at a real melding.
        case.path_parameters["meldingsnummer"] = melding.meldingsnummer
    # The werkzeug test client leaves REMOTE_ADDR unset; in production it is the TLS terminator's (loopback).
    case.call_and_validate(
        headers={"X-SSL-Client-Cert": header(koppeling.cert.pem)},
        checks=CHECKS,
        environ_overrides={"REMOTE_ADDR": "127.0.0.1"},
    )


@schema.parametrize()
@INSTELLINGEN
def test_api_volgt_het_schema_als_school(case, koppelingen, bestaande_melding):
    _controleer(case, koppelingen.school_a, bestaande_melding)


@schema.parametrize()
@INSTELLINGEN
def test_api_volgt_het_schema_als_gemeente(case, koppelingen, bestaande_melding):
    _controleer(case, koppelingen.gemeente_x, bestaande_melding)
