"""What became of the person: outcomes, and the evaluation and follow-up surveys sent by e-mail with a signed link."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan.accounts.models import User
from openbilan.enrolments import hooks
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.programmes import segments
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import (
    Evaluation,
    EvaluationKind,
    FollowUp,
    Outcome,
    OutcomeSource,
    Survey,
)
from openbilan.programmes.services.people import EVALUATION_ANSWERED
from openbilan.programmes.tasks import send_survey

# --- Outcomes -----------------------------------------------------------------------------------------------------

MOMENT_ORDER = {moment: index for index, moment in enumerate(FollowUp.values)}


def _refresh_latest_outcome(enrolment: Enrolment) -> None:
    latest = max(enrolment.outcomes.all(), key=lambda outcome: MOMENT_ORDER[outcome.moment], default=None)
    kind, on = (latest.kind, latest.observed_on) if latest else ("", None)
    if (enrolment.outcome, enrolment.outcome_on) != (kind, on):
        enrolment.outcome, enrolment.outcome_on = kind, on
        enrolment.save(update_fields=["outcome", "outcome_on"])


@transaction.atomic
def record_outcome(
    *,
    enrolment: Enrolment,
    moment: str,
    kind: str,
    observed_on: datetime.date,
    source: str,
    recorded_by: User | None = None,
    rome_code: str = "",
) -> Outcome:
    """What became of a person who completed their bilan, at the end or 3, 6, 12 months later, and who said so.
    Recording the same moment again replaces it. The enrolment keeps its latest outcome for the reports."""
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise NotAllowed(_("Une situation de sortie ne se note que pour un bilan terminé."))
    if source == OutcomeSource.COACH and (recorded_by is None or recorded_by.pk != enrolment.coach_id):
        raise NotAllowed()
    if moment not in FollowUp.values or source not in OutcomeSource.values:
        raise NotAllowed()
    if observed_on > timezone.localdate():
        raise NotAllowed(_("Cette date est dans le futur."))
    outcome, _created = Outcome.objects.update_or_create(
        enrolment=enrolment,
        moment=moment,
        defaults={
            "programme_id": enrolment.programme_id,
            "kind": kind,
            "observed_on": observed_on,
            "source": source,
            "recorded_by": recorded_by,
            "rome_code": rome_code.upper(),
        },
    )
    _refresh_latest_outcome(enrolment)
    return outcome


# --- Surveys: the evaluations and the follow-ups, by e-mail with a signed link ----------------------------------------

SURVEY_MONTHS = {
    Survey.Kind.END: 0,
    Survey.Kind.MONTHS_3: 3,
    Survey.Kind.MONTHS_6: 6,
    Survey.Kind.MONTHS_12: 12,
}
SURVEY_OUTCOME_MOMENT = {
    Survey.Kind.MONTHS_3: FollowUp.MONTHS_3,
    Survey.Kind.MONTHS_6: FollowUp.MONTHS_6,
    Survey.Kind.MONTHS_12: FollowUp.MONTHS_12,
}
SURVEY_EVALUATION = {Survey.Kind.END: EvaluationKind.HOT, Survey.Kind.MONTHS_6: EvaluationKind.COLD}
SURVEY_WINDOW_DAYS = 45  # a survey more than this late is not sent (the moment has passed)


@transaction.atomic
def schedule_surveys(*, today: datetime.date | None = None) -> dict[str, int]:
    """What `manage.py send_surveys` runs daily (cron): for each completed bilan, decide each survey when it is due
    (at the end, 3, 6 and 12 months after), once, and queue its e-mail. Returns how many were queued per kind."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(Survey.Kind.values, 0)
    for kind, months in SURVEY_MONTHS.items():
        due_before = segments.add_months(today, -months)
        not_older_than = due_before - datetime.timedelta(days=SURVEY_WINDOW_DAYS)
        candidates = (
            Enrolment.objects.filter(
                status=EnrolmentStatus.COMPLETED,
                completed_at__date__lte=due_before,
                completed_at__date__gte=not_older_than,
            )
            .exclude(surveys__kind=kind)
            .values_list("pk", "completed_at")
        )
        surveys = [
            Survey(
                enrolment_id=pk,
                kind=kind,
                due_on=segments.add_months(timezone.localdate(completed_at), months),
            )
            for pk, completed_at in candidates
        ]
        created = Survey.objects.bulk_create(surveys, ignore_conflicts=True, batch_size=1000)
        ids = list(
            Survey.objects.filter(kind=kind, state=Survey.State.QUEUED, sent_at__isnull=True)
            .filter(enrolment_id__in=[s.enrolment_id for s in created])
            .values_list("pk", flat=True)
        )
        for survey_id in ids:
            transaction.on_commit(lambda survey_id=survey_id: send_survey.enqueue(survey_id))
        counts[kind] = len(ids)
    return counts


EVALUATION_FIELDS = (
    "knows_self_better",
    "overcame_blocks",
    "unexpected",
    "helped_most",
    "satisfaction",
    "recommend",
    "testimonial",
    "testimonial_publish",
)


@transaction.atomic
def answer_survey(*, survey: Survey, evaluation: dict | None = None, outcome: dict | None = None) -> Survey:
    """The person's answers, from the signed link (no sign-in). A survey is answered once."""
    survey = Survey.objects.select_for_update().select_related("enrolment").get(pk=survey.pk)
    if survey.answered_at is not None:
        raise NotAllowed(_("Vous avez déjà répondu à ce questionnaire. Merci !"))
    now = timezone.now()
    evaluation_kind = SURVEY_EVALUATION.get(survey.kind)
    if evaluation is not None and evaluation_kind:
        record_evaluation(enrolment=survey.enrolment, kind=evaluation_kind, answered_at=now, **evaluation)
    moment = SURVEY_OUTCOME_MOMENT.get(survey.kind)
    if outcome is not None and moment and outcome.get("kind"):
        record_outcome(
            enrolment=survey.enrolment,
            moment=moment,
            kind=outcome["kind"],
            observed_on=timezone.localdate(now),
            source=OutcomeSource.SELF_REPORTED,
            recorded_by=survey.enrolment.beneficiary,
            rome_code=outcome.get("rome_code", ""),
        )
    survey.state, survey.answered_at = Survey.State.ANSWERED, now
    survey.save(update_fields=["state", "answered_at"])
    if survey.kind == Survey.Kind.END:  # the end-of-bilan evaluation; the follow-ups are after the journey
        hooks.event.send(sender=Survey, enrolment=survey.enrolment, event=EVALUATION_ANSWERED, at=now)
    return survey


@transaction.atomic
def record_evaluation(*, enrolment: Enrolment, kind: str, answered_at: datetime.datetime, **answers) -> Evaluation:
    """One evaluation of the bilan by the person. A testimonial is published only with its own consent."""
    unknown = set(answers) - set(EVALUATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown evaluation fields: {sorted(unknown)}")
    answers["testimonial"] = (answers.get("testimonial") or "").strip()[:2000]
    answers["testimonial_publish"] = bool(answers.get("testimonial_publish") and answers["testimonial"])
    evaluation, _created = Evaluation.objects.update_or_create(
        enrolment=enrolment,
        kind=kind,
        defaults={"programme_id": enrolment.programme_id, "answered_at": answered_at, **answers},
    )
    return evaluation
