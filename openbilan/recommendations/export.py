"""The recommendations domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `recommendations.json` in the ZIP (each
list also as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.recommendations import selectors
from openbilan.serialize import row

NAME = "recommendations"


def part(person: User) -> dict:
    """The person's reactions to the suggestions, their shortlist and their settings."""
    return {
        "reactions": [
            {"occupation": str(r.occupation), **row(r, skip=("user",))} for r in selectors.reaction_history(person)
        ],
        "shortlist": [
            {"occupation": str(item.occupation), **row(item, skip=("user",))} for item in selectors.shortlist_of(person)
        ],
        "settings": {"local_demand": selectors.local_demand_enabled(person)},  # issue 20
    }
