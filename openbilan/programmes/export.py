"""The programmes domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `programmes.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.programmes.models import Evaluation, Outcome
from openbilan.programmes.selectors import disability_of
from openbilan.serialize import row

NAME = "programmes"


def part(person: User) -> dict:
    """The person's enrolments with their outcomes and evaluations, and their disability declaration."""
    enrolments = list(person.enrolments.select_related("programme", "prescriber", "coach"))
    ids = [e.pk for e in enrolments]
    return {
        "enrolments": [
            {
                "programme": e.programme.name,
                "coach": e.coach.get_full_name() if e.coach else None,
                "prescriber": e.prescriber.name if e.prescriber else None,
                **row(e, skip=("programme", "beneficiary", "coach", "prescriber")),
            }
            for e in enrolments
        ],
        "outcomes": [row(o, skip=("recorded_by",)) for o in Outcome.objects.filter(enrolment_id__in=ids)],
        "evaluations": [row(ev) for ev in Evaluation.objects.filter(enrolment_id__in=ids)],
        "disability": row(d, skip=("person",)) if (d := disability_of(person)) else None,
    }
