from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "openbilan.coaching"
    label = "coaching"
