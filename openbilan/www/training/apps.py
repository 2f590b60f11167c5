from django.apps import AppConfig


class TrainingWebConfig(AppConfig):
    name = "openbilan.www.training"
    label = "www_training"
