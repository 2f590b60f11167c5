"""The accounts domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `account.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.serialize import when

NAME = "account"


def part(person: User) -> dict:
    """The account itself: names, e-mail address, dates and roles."""
    return {
        "account": {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_joined": when(person.date_joined),
            "last_login": when(person.last_login),
            "roles": sorted(person.roles),
        }
    }
