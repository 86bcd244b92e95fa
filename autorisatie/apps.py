from django.apps import AppConfig


class AutorisatieConfig(AppConfig):
    name = "autorisatie"
