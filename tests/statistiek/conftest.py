"""Fixtures shared with the berichten tests."""

from tests.berichten.conftest import smtp_server  # noqa: F401
