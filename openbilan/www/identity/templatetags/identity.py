"""`{% identity_buttons next %}`: the FranceConnect / ProConnect buttons, only for the providers configured."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openbilan.identity import providers

register = template.Library()

# Per provider: who it is for, and the provider's page that explains it (opened in a new window).
BUTTONS = {
    "franceconnect": (_("Vous suivez un bilan :"), "https://franceconnect.gouv.fr/"),
    "proconnect": (
        _("Vous êtes un ou une professionnelle (France Travail, Mission locale…) :"),
        "https://www.proconnect.gouv.fr/",
    ),
}


@register.inclusion_tag("identity/includes/buttons.html")
def identity_buttons(next_url=""):
    buttons = []
    for config in providers.configured():
        audience, about = BUTTONS[config.slug]
        start = reverse(f"identity:{config.slug}_start")
        buttons.append(
            {"slug": config.slug, "label": config.label, "audience": audience, "about": about, "start": start}
        )
    return {"buttons": buttons, "next": next_url or ""}
