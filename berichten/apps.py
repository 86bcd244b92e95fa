from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = "berichten (uitgaande mail)"
