"""The occupation page's hiring-demand section, as a tag its template includes, and small display filters."""

from django import template

from openbilan.territory.names import display_name
from openbilan.www.territory import presenters

register = template.Library()


@register.filter
def title_name(value: str) -> str:
    """An official name in capitals, as a reader expects it ("PAYS DE CAUX" -> "Pays de Caux")."""
    return display_name(value or "")


@register.filter
def reading(count) -> dict:
    """A count as the section reads it: {"exact": n}, {"floor": n} (at least) or {"secret": True}."""
    return presenters.at_least(count)


@register.inclusion_tag("territory/includes/demand_section.html", takes_context=True)
def occupation_demand(context):
    request = context["request"]
    return {**presenters.occupation_demand(request, context["occupation"]), "request": request}
