from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "openbilan.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        from openbilan.privacy import signals

        signals.connect_axes()
