from django.apps import AppConfig


class NetworkWebConfig(AppConfig):
    name = "openbilan.www.network"
    label = "www_network"
