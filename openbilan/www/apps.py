from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "openbilan.www"
    label = "www"
    verbose_name = "Web"
