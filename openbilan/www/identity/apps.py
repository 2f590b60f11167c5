from django.apps import AppConfig


class IdentityWebConfig(AppConfig):
    name = "openbilan.www.identity"
    label = "www_identity"
