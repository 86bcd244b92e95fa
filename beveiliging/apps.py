"""Beveiliging: login hardening (MFA, session limits) and logging of refused access; no models of its own."""

from django.apps import AppConfig


class BeveiligingConfig(AppConfig):
    name = "beveiliging"
