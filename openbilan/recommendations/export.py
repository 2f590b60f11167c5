"""The recommendations domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `recommendations.json` in the ZIP (each
list also as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.recommendations import selectors
from openbilan.recommendations.models import CentreChoice, ConfirmedSkill
from openbilan.serialize import row, when

NAME = "recommendations"


def part(person: User) -> dict:
    """The person's reactions to the suggestions, their shortlist, the skills they confirmed, the interests they
    chose, and their settings."""
    return {
        "reactions": [
            {"occupation": str(r.occupation), **row(r, skip=("user",))} for r in selectors.reaction_history(person)
        ],
        "shortlist": [
            {"occupation": str(item.occupation), **row(item, skip=("user",))} for item in selectors.shortlist_of(person)
        ],
        "confirmed_skills": [
            {"skill": str(c.skill), "confirmed_at": when(c.confirmed_at)}
            for c in ConfirmedSkill.objects.filter(user=person).select_related("skill").order_by("confirmed_at", "pk")
        ],
        "interests": [
            {"centre": str(c.centre), "chosen_at": when(c.chosen_at)}
            for c in CentreChoice.objects.filter(user=person).select_related("centre").order_by("chosen_at", "pk")
        ],
        "settings": {"local_demand": selectors.local_demand_enabled(person)},  # issue 20
    }
