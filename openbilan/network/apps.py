from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "openbilan.network"
    label = "network"
