"""The enrolment core's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py finds
this module like every domain's `export.py` and writes `part()` as `enrolments.json` in the ZIP (each list also as a
CSV file). The history of each enrolment's statuses and phases is in journeys.json, with the journeys."""

from openbilan.accounts.models import User
from openbilan.serialize import row

NAME = "enrolments"


def part(person: User) -> dict:
    """The person's enrolments: programme, coach, prescriber, statuses, dates and the details known about them."""
    enrolments = person.enrolments.select_related("programme", "prescriber", "coach")
    return {
        "enrolments": [
            {
                "programme": e.programme.name,
                "coach": e.coach.get_full_name() if e.coach else None,
                "prescriber": e.prescriber.name if e.prescriber else None,
                **row(e, skip=("programme", "beneficiary", "coach", "prescriber")),
            }
            for e in enrolments
        ]
    }
