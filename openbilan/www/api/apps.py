from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openbilan.www.api"
    label = "www_api"
