"""Every write to attempts and answers goes through these functions."""

import random
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import User
from openbilan.assessments import results
from openbilan.assessments.models import Answer, Attempt, InstrumentVersion


class AssessmentError(ValidationError):
    """A refused write, like every domain's refusal a ValidationError with a message ready to show (www.flow)."""

    default_message = _("Cette action n'est pas possible.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message, code=type(self).__name__)


class NotAllowed(AssessmentError):
    default_message = _("Seule la personne qui répond peut modifier ce questionnaire.")


class UnknownInstrument(AssessmentError):
    default_message = _("Ce questionnaire n'existe pas ou n'est plus proposé.")


class AttemptClosed(AssessmentError):
    default_message = _(
        "Ce questionnaire est terminé : vos réponses ne peuvent plus changer. Vous pouvez le recommencer."
    )


class InvalidAnswer(AssessmentError):
    """Names the question (`item_id`), so www.flow puts the message next to it when the page shows it."""

    default_message = _("Cette réponse n'est pas valide. Choisissez une des réponses proposées.")

    def __init__(self, item_id: str, message=None):
        self.item_id = item_id
        ValidationError.__init__(
            self, {item_id: ValidationError(message or self.default_message, code=type(self).__name__)}
        )


class IncompleteAttempt(AssessmentError):
    default_message = _("Il reste des questions sans réponse. Répondez à toutes les questions pour voir vos résultats.")

    def __init__(self, missing: Sequence[str]):
        self.missing = tuple(missing)
        super().__init__()


def _locked(attempt: Attempt, actor: User) -> Attempt:
    """The attempt row, locked until the end of the transaction (two tabs cannot interleave their writes)."""
    # of=("self",): lock the attempt row only, not the shared instrument version joined for reading.
    locked = Attempt.objects.select_for_update(of=("self",)).select_related("instrument_version").get(pk=attempt.pk)
    if locked.user_id != actor.pk:
        raise NotAllowed
    return locked


@transaction.atomic
def start_attempt(*, user: User, slug: str) -> Attempt:
    """Resume this person's unfinished attempt at the current version of `slug`, or start a new one (a retake once
    the previous one is finished; earlier attempts are kept)."""
    if not user.is_beneficiary:
        raise NotAllowed
    version = InstrumentVersion.objects.filter(slug=slug, is_current=True).first()
    if version is None:
        raise UnknownInstrument
    open_attempt = (
        Attempt.objects.select_for_update()
        .filter(user=user, instrument_version=version, finished_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if open_attempt is not None:
        return open_attempt
    attempt = Attempt.objects.create(user=user, instrument_version=version)
    if version.kind == InstrumentVersion.Kind.RANKING:
        ids = list(version.instrument().item_ids)
        random.Random(attempt.pk).shuffle(ids)  # a fixed, per-attempt starting order: no value is always on top
        now = timezone.now()
        Answer.objects.bulk_create(
            Answer(attempt=attempt, item_id=item_id, value=rank, answered_at=now, changed_at=now)
            for rank, item_id in enumerate(ids, start=1)
        )
    return attempt


@transaction.atomic
def record_answers(*, attempt: Attempt, answers: Mapping[str, int], answered_by: User) -> int:
    """Save the answers given (all valid, or none saved). Returns how many were new or changed.

    `answered_at` keeps the moment an item was first answered (for the speed flag); `changed_at` the last change.
    """
    attempt = _locked(attempt, answered_by)
    if attempt.is_finished:
        raise AttemptClosed
    instrument = attempt.instrument_version.instrument()
    if instrument.kind != InstrumentVersion.Kind.LIKERT:
        raise AssessmentError
    for item_id, value in answers.items():
        if not instrument.has_item(item_id) or not instrument.item(item_id).administered:
            raise InvalidAnswer(item_id, _("Cette question ne fait pas partie du questionnaire."))
        if not instrument.is_valid_value(value):
            raise InvalidAnswer(item_id)
    existing = {answer.item_id: answer for answer in attempt.answers.filter(item_id__in=list(answers))}
    now = timezone.now()
    created, changed = [], []
    for item_id, value in answers.items():
        answer = existing.get(item_id)
        if answer is None:
            created.append(Answer(attempt=attempt, item_id=item_id, value=value, answered_at=now, changed_at=now))
        elif answer.value != value:
            answer.value = value
            answer.changed_at = now
            changed.append(answer)
    Answer.objects.bulk_create(created)
    Answer.objects.bulk_update(changed, ["value", "changed_at"])
    if created or changed:
        attempt.last_answer_at = now
        attempt.save(update_fields=["last_answer_at"])
    return len(created) + len(changed)


@transaction.atomic
def finish_attempt(*, attempt: Attempt, finished_by: User) -> Attempt:
    """Close the attempt and store its result. Finishing twice changes nothing."""
    attempt = _locked(attempt, finished_by)
    if attempt.is_finished:
        return attempt
    instrument = attempt.instrument_version.instrument()
    answers = list(attempt.answers.all())
    if instrument.kind == InstrumentVersion.Kind.RANKING:
        result = results.score_ranking(instrument, {answer.item_id: answer.value for answer in answers})
    else:
        given = {answer.item_id for answer in answers}
        missing = [item.id for item in instrument.administered_items if item.id not in given]
        if missing:
            raise IncompleteAttempt(missing)
        result = results.score_likert(
            instrument,
            {answer.item_id: answer.value for answer in answers},
            started_at=attempt.started_at.timestamp(),
            answered_at={answer.item_id: answer.answered_at.timestamp() for answer in answers},
        )
    attempt.result = result
    attempt.finished_at = timezone.now()
    attempt.save(update_fields=["result", "finished_at"])
    return attempt


def _ranking_order(attempt: Attempt) -> list[Answer]:
    return sorted(attempt.answers.all(), key=lambda answer: answer.value)


@transaction.atomic
def move_card(*, attempt: Attempt, item_id: str, direction: str, moved_by: User) -> list[str]:
    """Move one card of a ranking up or down by one place; returns the new order."""
    attempt = _locked(attempt, moved_by)
    if attempt.is_finished:
        raise AttemptClosed
    if attempt.instrument_version.kind != InstrumentVersion.Kind.RANKING or direction not in ("up", "down"):
        raise AssessmentError
    order = _ranking_order(attempt)
    position = next((index for index, answer in enumerate(order) if answer.item_id == item_id), None)
    if position is None:
        raise InvalidAnswer(item_id, _("Cette carte ne fait pas partie de l'exercice."))
    other = position - 1 if direction == "up" else position + 1
    if 0 <= other < len(order):
        now = timezone.now()
        order[position].value, order[other].value = order[other].value, order[position].value
        for answer in (order[position], order[other]):
            answer.changed_at = now
        Answer.objects.bulk_update([order[position], order[other]], ["value", "changed_at"])
        attempt.last_answer_at = now
        attempt.save(update_fields=["last_answer_at"])
        order[position], order[other] = order[other], order[position]
    return [answer.item_id for answer in order]


@transaction.atomic
def set_ranking(*, attempt: Attempt, order: Sequence[str], ranked_by: User) -> None:
    """Replace the whole order of a ranking (each card exactly once)."""
    attempt = _locked(attempt, ranked_by)
    if attempt.is_finished:
        raise AttemptClosed
    answers = {answer.item_id: answer for answer in attempt.answers.all()}
    if attempt.instrument_version.kind != InstrumentVersion.Kind.RANKING or sorted(order) != sorted(answers):
        raise AssessmentError(_("Classez chaque carte une seule fois."))
    now = timezone.now()
    for rank, item_id in enumerate(order, start=1):
        answers[item_id].value = rank
        answers[item_id].changed_at = now
    Answer.objects.bulk_update(list(answers.values()), ["value", "changed_at"])
    attempt.last_answer_at = now
    attempt.save(update_fields=["last_answer_at"])
