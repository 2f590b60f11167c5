"""Template helpers for the training pages and the occupation page's training section."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbilan.training import selectors

register = template.Library()


@register.simple_tag
def occupation_training(occupation):
    """The occupation page's section (openbilan.training.selectors.occupation_overview)."""
    return selectors.occupation_overview(occupation)


@register.filter
def level_label(level) -> str:
    labels = {
        1: _("Niveau 1"),
        2: _("Niveau 2"),
        3: _("Niveau 3 (CAP, BEP)"),
        4: _("Niveau 4 (bac)"),
        5: _("Niveau 5 (bac + 2)"),
        6: _("Niveau 6 (bac + 3 ou 4)"),
        7: _("Niveau 7 (bac + 5)"),
        8: _("Niveau 8 (doctorat)"),
    }
    return labels.get(level, _("Niveau non précisé"))


@register.filter
def months_label(months) -> str:
    if not months:
        return ""
    if months % 12 == 0:
        years = months // 12
        return ngettext("environ %(count)d an", "environ %(count)d ans", years) % {"count": years}
    return ngettext("environ %(count)d mois", "environ %(count)d mois", months) % {"count": months}
