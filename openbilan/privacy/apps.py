from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "openbilan.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        from django.db.models.signals import post_save

        from openbilan.privacy import closing, signals

        signals.connect_axes()
        post_save.connect(closing.on_transition, sender="enrolments.Transition", dispatch_uid="privacy_closing_message")
