from django.apps import AppConfig


class TerritoryWebConfig(AppConfig):
    name = "openbilan.www.territory"
    label = "www_territory"
