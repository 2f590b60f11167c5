from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "openbilan.partners"
    verbose_name = _("Partenaires : API et webhooks")

    def ready(self):
        # Connects the webhook events; the task is declared at start-up, against the project's own task settings.
        from openbilan.partners import signals, tasks  # noqa: F401
