from django.apps import AppConfig


class CoachingWebConfig(AppConfig):
    name = "openbilan.www.coaching"
    label = "www_coaching"
