"""`{% identity_buttons next %}`: the FranceConnect / ProConnect buttons, only for the providers configured."""

from django import template

from openbilan.identity import providers

register = template.Library()


@register.inclusion_tag("identity/includes/buttons.html")
def identity_buttons(next_url=""):
    return {"providers": [config.slug for config in providers.configured()], "next": next_url or ""}
