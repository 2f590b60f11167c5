"""Demo data: Stéphanie has finished the RIASEC questionnaire and sorted her work values; Karim is halfway through
the RIASEC questionnaire. Safe to run twice: nothing is added when the attempts already exist."""

import datetime

from django.db import transaction
from django.utils import timezone

from openbilan.assessments import services
from openbilan.assessments.models import Answer, Attempt, InstrumentVersion
from openbilan.assessments.reference import sync_instruments
from openbilan.referential import riasec

RIASEC = "riasec-markers-48"
WORK_VALUES = "work-values"
# A Social-Artistic-Enterprising profile with some spread within each letter (answers 1-5 per item, R1..C8).
STEPHANIE_RIASEC = {
    "R": [2, 1, 1, 3, 1, 2, 1, 2],
    "I": [3, 2, 3, 4, 2, 3, 2, 3],
    "A": [4, 4, 5, 3, 4, 4, 2, 4],
    "S": [5, 5, 4, 4, 5, 4, 5, 5],
    "E": [3, 4, 4, 3, 4, 4, 3, 3],
    "C": [2, 2, 3, 3, 2, 3, 2, 3],
}
STEPHANIE_VALUES = ["relationships", "achievement", "working_conditions", "support", "independence", "recognition"]
SECONDS_PER_ANSWER = 7


def _answers(profile: dict[str, list[int]]) -> dict[str, int]:
    return {f"{letter}{n}": values[n - 1] for letter, values in profile.items() for n in range(1, 9)}


def _has_attempt(user, slug: str, *, finished: bool | None = None) -> bool:
    attempts = Attempt.objects.filter(user=user, instrument_version__slug=slug)
    if finished is not None:
        attempts = attempts.filter(finished_at__isnull=not finished)
    return attempts.exists()


def _answer_at_a_human_pace(attempt: Attempt, answers: dict[str, int]) -> None:
    services.record_answers(attempt=attempt, answers=answers, answered_by=attempt.user)
    for index, item_id in enumerate(answers, start=1):
        moment = attempt.started_at + datetime.timedelta(seconds=SECONDS_PER_ANSWER * index)
        Answer.objects.filter(attempt=attempt, item_id=item_id).update(answered_at=moment, changed_at=moment)


def _started(user, slug: str, *, days_ago: int) -> Attempt:
    attempt = services.start_attempt(user=user, slug=slug)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - datetime.timedelta(days=days_ago))
    attempt.refresh_from_db()
    return attempt


@transaction.atomic
def load(context) -> None:
    if InstrumentVersion.objects.filter(slug__in=[RIASEC, WORK_VALUES], is_current=True).count() != 2:
        sync_instruments()
    stephanie, karim = context.users["beneficiary"], context.users["beneficiary2"]
    order = list(InstrumentVersion.objects.get(slug=RIASEC, is_current=True).instrument().item_ids)

    if not _has_attempt(stephanie, RIASEC, finished=True):
        attempt = _started(stephanie, RIASEC, days_ago=3)
        answers = _answers(STEPHANIE_RIASEC)
        _answer_at_a_human_pace(attempt, {item_id: answers[item_id] for item_id in order})
        services.finish_attempt(attempt=attempt, finished_by=stephanie)

    if not _has_attempt(stephanie, WORK_VALUES, finished=True):
        attempt = _started(stephanie, WORK_VALUES, days_ago=2)
        services.set_ranking(attempt=attempt, order=STEPHANIE_VALUES, ranked_by=stephanie)
        services.finish_attempt(attempt=attempt, finished_by=stephanie)

    if not _has_attempt(karim, RIASEC):
        attempt = _started(karim, RIASEC, days_ago=1)
        answers = _answers({letter: [3, 4, 2, 3, 4, 2, 3, 3] for letter in riasec.LETTERS})
        half = {item_id: answers[item_id] for item_id in order[: len(order) // 2]}
        _answer_at_a_human_pace(attempt, half)
