from django.apps import AppConfig


class ExplorerWebConfig(AppConfig):
    name = "openbilan.www.explorer"
    label = "www_explorer"
