"""How many meeting requests a person may send and a professional may receive. Pure Python, no Django import.

Nobody should be spammed: a beneficiary sends at most REQUESTS_PER_DAY requests in any 24 hours; a professional has
at most PENDING_PER_PROFESSIONAL requests waiting for their answer (a request left unanswered for PENDING_DAYS days
stops counting); a person has one open request at a time with the same professional.
"""

from dataclasses import dataclass

REQUESTS_PER_DAY = 5
PENDING_PER_PROFESSIONAL = 3
PENDING_DAYS = 14
MESSAGES_PER_MEETING = 30


@dataclass(frozen=True)
class RequestCounts:
    sent_last_day: int  # requests this person sent in the last 24 hours
    pending_for_professional: int  # requests the professional has not answered yet (younger than PENDING_DAYS)
    open_with_professional: bool  # this person already has a request or a meeting in progress with them


def refusal(counts: RequestCounts) -> tuple[str, int] | None:
    """The rule a new request would break, with its limit; None when it may be sent. The person's own limits come
    first: they are the ones the person can act on."""
    if counts.open_with_professional:
        return ("already_open", 0)
    if counts.sent_last_day >= REQUESTS_PER_DAY:
        return ("daily_limit", REQUESTS_PER_DAY)
    if counts.pending_for_professional >= PENDING_PER_PROFESSIONAL:
        return ("professional_busy", PENDING_PER_PROFESSIONAL)
    return None


def accepts_requests(pending_for_professional: int) -> bool:
    return pending_for_professional < PENDING_PER_PROFESSIONAL
