from django.apps import AppConfig


class KaalConfig(AppConfig):
    name = "bench.kaal"
    label = "kaal"
    default_auto_field = "django.db.models.BigAutoField"
