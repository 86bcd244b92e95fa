from django.apps import AppConfig


class ScholenConfig(AppConfig):
    name = "scholen"
