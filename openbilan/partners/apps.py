from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "openbilan.partners"
    verbose_name = _("Partenaires : API et webhooks")

    def ready(self):
        from openbilan.partners import signals  # noqa: F401 - connects the webhook events
