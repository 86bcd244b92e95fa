"""Rechten van de leerling: inzage and correctie requests, handled by beheer (AVG art. 15 and 16)."""

from django.apps import AppConfig


class RechtenConfig(AppConfig):
    name = "rechten"
