from django.apps import AppConfig


class GemeentenConfig(AppConfig):
    name = "gemeenten"
