"""The assessments domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `assessments.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.assessments.selectors import attempts_of_person
from openbilan.serialize import when

NAME = "assessments"


def part(person: User) -> dict:
    """Every questionnaire the person took: answers and result."""
    attempts = []
    for attempt in attempts_of_person(person).prefetch_related("answers"):
        attempts.append(
            {
                "instrument": str(attempt.instrument_version),
                "started_at": when(attempt.started_at),
                "finished_at": when(attempt.finished_at),
                "answers": {a.item_id: a.value for a in attempt.answers.all()},
                "result": attempt.result,
            }
        )
    return {"attempts": attempts}
