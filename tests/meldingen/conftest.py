"""Fixtures for the meldingen tests: the extra gemeente personas (see gemeente_personas.py)."""

from tests.meldingen.gemeente_personas import gemeente_x, melding  # noqa: F401
