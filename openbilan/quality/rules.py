"""The rules of the complaints register and of published results (pure Python, no Django import).

Complaints move one way: received -> analysed -> answered -> closed. Leaving "received" is the acknowledgement
(the complaint is taken into account and analysed); the answer is due by `answer_by`. A complaint is overdue when
its next step is late: still "received" after `acknowledge_by`, or not answered yet after `answer_by`.

`results_from_report` reads the published figures of a programme out of the report that reporting.figures builds
(already suppressed there), so the public page never shows a figure the funder's report would hide.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

RECEIVED, ANALYSED, ANSWERED, CLOSED = "received", "analysed", "answered", "closed"
STATES = (RECEIVED, ANALYSED, ANSWERED, CLOSED)
NEXT = {RECEIVED: ANALYSED, ANALYSED: ANSWERED, ANSWERED: CLOSED}


def can_move(current: str, target: str) -> bool:
    """Only the next state is allowed: no step is skipped, nothing goes back, a closed complaint stays closed."""
    return NEXT.get(current) == target


def deadlines(
    received_on: datetime.date, acknowledge_days: int, answer_days: int
) -> tuple[datetime.date, datetime.date]:
    """(acknowledge by, answer by), counted in calendar days from the day the complaint was received."""
    if acknowledge_days < 0 or answer_days < 0:
        raise ValueError("A deadline cannot be negative.")
    return (
        received_on + datetime.timedelta(days=acknowledge_days),
        received_on + datetime.timedelta(days=answer_days),
    )


@dataclass(frozen=True)
class Lateness:
    acknowledgement: bool
    answer: bool

    @property
    def overdue(self) -> bool:
        return self.acknowledgement or self.answer


def lateness(state: str, today: datetime.date, acknowledge_by: datetime.date, answer_by: datetime.date) -> Lateness:
    return Lateness(
        acknowledgement=state == RECEIVED and today > acknowledge_by,
        answer=state in (RECEIVED, ANALYSED) and today > answer_by,
    )


def _share(figure: Mapping) -> dict:
    """{"n", "pct"} as the report gives it: numbers, or the string "< 11" when hidden."""
    return {"n": figure.get("n"), "pct": figure.get("pct")}


def results_from_report(report: Mapping, satisfaction_cell) -> dict:
    """The figures a results snapshot publishes, from a built programme report (reporting.figures.build_report).

    `satisfaction_cell` is the disclosure Cell of the number of people who answered the satisfaction question (the
    population of the satisfaction rate): when it is suppressed, the rate and mean are withheld too."""
    hot = report["satisfaction"]["hot"]
    satisfaction = {
        "eligible": hot.get("eligible"),
        "respondents": hot.get("respondents"),
        "response_rate": hot.get("response_rate"),
        "answered": satisfaction_cell.shown,
        "withheld": bool(hot.get("suppressed", True)) or satisfaction_cell.suppressed,
        "satisfied_pct": None,
        "mean": None,
    }
    if not satisfaction["withheld"]:
        satisfaction["satisfied_pct"] = hot["satisfaction"]["satisfied"]["pct"]
        satisfaction["mean"] = hot["satisfaction"]["mean"]
    return {
        "minimum": report["minimum_cell"],
        "published": bool(report["headline_published"]),
        "enrolled": report["enrolled"],
        "completed": _share(report["status"]["completed"]),
        "in_progress": _share(report["status"]["in_progress"]),
        "dropped": _share(report["status"]["dropped"]),
        "satisfaction": satisfaction,
    }
