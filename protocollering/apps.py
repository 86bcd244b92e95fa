from django.apps import AppConfig


class ProtocolleringConfig(AppConfig):
    name = "protocollering"
