from django.apps import AppConfig


class AssessmentsWebConfig(AppConfig):
    name = "openbilan.www.assessments"
    label = "www_assessments"
