from django.apps import AppConfig


class QualityWebConfig(AppConfig):
    name = "openbilan.www.quality"
    label = "www_quality"
