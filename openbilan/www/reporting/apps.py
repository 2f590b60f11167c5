from django.apps import AppConfig


class ReportingWebConfig(AppConfig):
    name = "openbilan.www.reporting"
    label = "www_reporting"
