"""Beveiliging: login hardening (MFA, session limits, lockout) and logging of refused access; no models of its own."""

from django.apps import AppConfig


class BeveiligingConfig(AppConfig):
    name = "beveiliging"

    def ready(self):
        from . import signals  # noqa: F401
