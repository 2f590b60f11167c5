"""Attempts and answers, through the services (the same code path a person takes)."""

import datetime

from django.utils import timezone

from openbilan.assessments import services
from openbilan.assessments.models import Answer, Attempt, InstrumentVersion
from openbilan.assessments.reference import sync_instruments
from tests.accounts.factories import beneficiary

RIASEC = "riasec-markers-48"
BIGFIVE = "ipip-bigfive-50"
NEO = "ipip-neo-120"
WORK_VALUES = "work-values"


def load_instruments() -> dict[str, InstrumentVersion]:
    sync_instruments()
    return {version.slug: version for version in InstrumentVersion.objects.filter(is_current=True)}


def riasec_answers(profile: dict[str, int] | None = None) -> dict[str, int]:
    """One answer per RIASEC item: the same value for every item of a letter (default: S 5, A 4, E 4, I 3, C 2, R 1),
    except the first item of each letter which is one step lower, so the answers are not all the same."""
    profile = profile or {"R": 1, "I": 3, "A": 4, "S": 5, "E": 4, "C": 2}
    return {
        f"{letter}{n}": max(1, profile[letter] - 1) if n == 1 else profile[letter]
        for letter in "RIASEC"
        for n in range(1, 9)
    }


def started_attempt(user=None, slug: str = RIASEC, *, started_at: datetime.datetime | None = None) -> Attempt:
    user = user or beneficiary()
    attempt = services.start_attempt(user=user, slug=slug)
    if started_at is not None:
        Attempt.objects.filter(pk=attempt.pk).update(started_at=started_at)
        attempt.refresh_from_db()
    return attempt


def answer(attempt: Attempt, answers: dict[str, int], *, seconds_apart: float | None = 6.0) -> Attempt:
    """Record the answers, then space their timestamps `seconds_apart` (a plausible pace) unless None."""
    services.record_answers(attempt=attempt, answers=answers, answered_by=attempt.user)
    if seconds_apart is not None:
        for index, item_id in enumerate(answers, start=1):
            moment = attempt.started_at + datetime.timedelta(seconds=seconds_apart * index)
            Answer.objects.filter(attempt=attempt, item_id=item_id).update(answered_at=moment, changed_at=moment)
    return attempt


def finished_attempt(user=None, slug: str = RIASEC, answers: dict[str, int] | None = None, **kwargs) -> Attempt:
    user = user or beneficiary()
    attempt = started_attempt(user, slug, started_at=timezone.now() - datetime.timedelta(hours=1))
    if slug == WORK_VALUES:
        if answers:
            services.set_ranking(attempt=attempt, order=sorted(answers, key=answers.get), ranked_by=user)
    else:
        if answers is None:
            if slug != RIASEC:
                raise ValueError("give the answers for this instrument")
            answers = riasec_answers()
        answer(attempt, answers, **kwargs)
    return services.finish_attempt(attempt=attempt, finished_by=user)
