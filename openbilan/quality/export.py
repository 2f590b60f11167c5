"""The quality domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `quality.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.quality.selectors import accommodations_of, complaints_of
from openbilan.serialize import when

NAME = "quality"


def part(user: User) -> dict:
    """The person's complaints and accommodation requests as plain data, for the privacy export."""
    complaints = [
        {
            "reference": complaint.reference,
            "operator": complaint.operator.name,
            "programme": complaint.programme.name if complaint.programme else None,
            "state": complaint.state,
            "received_at": when(complaint.received_at),
            "acknowledge_by": when(complaint.acknowledge_by),
            "answer_by": when(complaint.answer_by),
            "analysed_at": when(complaint.analysed_at),
            "answered_at": when(complaint.answered_at),
            "closed_at": when(complaint.closed_at),
            "name": complaint.statement.name,
            "email": complaint.statement.email,
            "complaint": complaint.statement.body,
            "answer": complaint.statement.answer,
        }
        for complaint in complaints_of(user)
    ]
    accommodations = [
        {
            "kinds": list(request.kinds),
            "details": request.details,
            "consented_at": when(request.consented_at),
            "created_at": when(request.created_at),
        }
        for request in accommodations_of(user)
    ]
    return {"complaints": complaints, "accommodation_requests": accommodations}
