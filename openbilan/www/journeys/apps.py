from django.apps import AppConfig


class JourneysWebConfig(AppConfig):
    name = "openbilan.www.journeys"
    label = "www_journeys"
