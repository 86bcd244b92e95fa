from django.apps import AppConfig


class BronConfig(AppConfig):
    name = "bron"
