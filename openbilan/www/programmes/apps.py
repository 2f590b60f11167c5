from django.apps import AppConfig


class ProgrammesWebConfig(AppConfig):
    name = "openbilan.www.programmes"
    label = "www_programmes"
