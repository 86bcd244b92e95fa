"""Fixtures for the gemeenten tests: the extra gemeente personas."""

from tests.meldingen.gemeente_personas import gemeente_x, melding  # noqa: F401
