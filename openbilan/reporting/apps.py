from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "openbilan.reporting"
    label = "reporting"
    verbose_name = "Rapports des programmes"
