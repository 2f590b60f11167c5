"""Activities: done by the person, taken out by the coach, ticked by the platform when another domain reports an
event, completed by their tool (interviews, the needs analysis)."""

import datetime
import enum
import logging

from django.db import transaction
from django.utils import timezone, translation

from openbilan.accounts.models import User
from openbilan.enrolments.machine import Actor
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.enrolments.services import actor_of
from openbilan.journeys import machine
from openbilan.journeys.errors import ActivityLocked, NotAllowed, PhaseRefused
from openbilan.journeys.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Interview,
    Journey,
    NeedsAnalysis,
    PhaseCode,
    Tool,
)
from openbilan.journeys.services.lifecycle import _touch

logger = logging.getLogger(__name__)


def _phase_label(code: str) -> str:
    return str(PhaseCode(code).label)


def require_open(journey: Journey, activity: Activity) -> None:
    """Refuse an activity whose phase is not open yet: a phase cannot be skipped."""
    phase = activity.module.phase.code
    if not machine.phase_is_open(journey.phase, phase):
        raise ActivityLocked(_phase_label(phase))


def _require_active_person(journey: Journey, actor: User) -> None:
    if actor_of(journey.enrolment, actor) is not Actor.PERSON:
        raise NotAllowed()
    if journey.enrolment.status != EnrolmentStatus.ACTIVE:
        raise NotAllowed(
            translation.gettext("Votre bilan n'est pas en cours : vous pouvez lire vos réponses, pas les modifier.")
        )


def _set_progress(journey, activity, state, actor, note="") -> ActivityProgress:
    now = timezone.now()
    progress, created = ActivityProgress.objects.get_or_create(
        journey=journey,
        activity=activity,
        defaults={"state": state, "by": actor, "note": note, "done_at": now if state == "done" else None},
    )
    if not created and progress.state != state and progress.state != ActivityProgress.State.DONE:
        progress.state, progress.by, progress.note = state, actor, note
        progress.done_at = now if state == ActivityProgress.State.DONE else None
        progress.save()
    return progress


@transaction.atomic
def mark_activity_done(*, journey: Journey, activity: Activity, actor: User) -> ActivityProgress:
    """The person says an activity is done. Activities run by a tool are done through that tool."""
    _require_active_person(journey, actor)
    if activity.template_id != journey.template_id or not activity.is_active:
        raise NotAllowed()
    require_open(journey, activity)
    if activity.tool in (
        Tool.NEEDS_ANALYSIS,
        Tool.QUESTIONNAIRE,
        Tool.INTERVIEW,
        Tool.SUGGESTIONS,
    ) or activity.tool.startswith(
        "self_assessment"
    ):  # a questionnaire is done when its attempt is finished (assessments), an interview when it took place
        raise NotAllowed(translation.gettext("Cette activité se termine d'elle-même quand elle est faite."))
    _touch(journey)
    return _set_progress(journey, activity, ActivityProgress.State.DONE, actor)


@transaction.atomic
def skip_activity(*, journey: Journey, activity: Activity, actor: User, reason: str) -> ActivityProgress:
    """The coach takes an activity out of this person's journey, with a reason (adaptation, Qualiopi ind. 10)."""
    if actor_of(journey.enrolment, actor) is not Actor.COACH or activity.template_id != journey.template_id:
        raise NotAllowed()
    if not reason.strip():
        raise NotAllowed(translation.gettext("Indiquez pourquoi cette activité est retirée du parcours."))
    return _set_progress(journey, activity, ActivityProgress.State.SKIPPED, actor, note=reason.strip())


# --- Activities the platform ticks ---------------------------------------------------------------------------------


class PlatformEvent(enum.StrEnum):
    """Something another domain knows happened. Each one ticks one activity without a tool (docs/JOURNEYS.md)."""

    MEETING_HELD = "meeting_held"  # network: a meeting with a professional took place (debriefed as done)
    PROJECT_SUBMITTED = "project_submitted"  # projects: the person submitted their project
    PROJECT_VALIDATED = "project_validated"  # projects: the project is validated (after any second review)
    SYNTHESIS_RECEIVED = "synthesis_received"  # projects: the person confirmed receipt of their final synthesis
    EVALUATION_ANSWERED = "evaluation_answered"  # programmes: the end-of-bilan evaluation survey was answered
    SUGGESTIONS_READ = "suggestions_read"  # recommendations: the person opened their list of suggestions


# event -> (activity kind, which activities of that kind it may tick, in template order)
EVENT_ACTIVITIES = {
    PlatformEvent.MEETING_HELD: (ActivityKind.FIELD_WORK, "any"),
    PlatformEvent.PROJECT_SUBMITTED: (ActivityKind.PROJECT_STEP, "first"),
    PlatformEvent.PROJECT_VALIDATED: (ActivityKind.PROJECT_STEP, "after_first"),
    PlatformEvent.SYNTHESIS_RECEIVED: (ActivityKind.SYNTHESIS, "any"),
    PlatformEvent.EVALUATION_ANSWERED: (ActivityKind.EVALUATION, "any"),
    PlatformEvent.SUGGESTIONS_READ: (ActivityKind.EXPLORATION, "tool:" + Tool.SUGGESTIONS),
}


def _event_candidates(activities: list[Activity], which: str) -> list[Activity]:
    if which == "first":
        return activities[:1]
    if which == "after_first":
        return activities[1:] or activities  # a template with a single project step: validation ticks it
    if which.startswith("tool:"):  # only the activities that this tool runs ("Lire les pistes proposées")
        return [activity for activity in activities if activity.tool == which.removeprefix("tool:")]
    return activities


def record_platform_event(
    *, enrolment: Enrolment, event: str, at: datetime.datetime | None = None
) -> ActivityProgress | None:
    """The platform saw `event` happen for this enrolment: mark done, as the system (`by` empty), the first active
    activity of the matching kind that is neither done nor taken out of the journey. Idempotent (an activity done
    stays done, a second event finds nothing left to tick), never un-ticks, and never fails the caller: without a
    journey or such an activity nothing happens, and an unexpected error is logged and swallowed (a savepoint
    keeps the caller's transaction intact). Phases are not checked: the gates decide what the person may open,
    this records what already happened."""
    try:
        with transaction.atomic():
            return _tick_for_event(enrolment, PlatformEvent(event), at or timezone.now())
    except Exception:  # never break the operation that reported the event (submit, debrief, receipt, survey)
        logger.exception("platform event %s for enrolment %s could not tick an activity", event, enrolment.pk)
        return None


def record_platform_event_for_person(
    *, person: User, event: str, at: datetime.datetime | None = None
) -> ActivityProgress | None:
    """The same, for an event known by person rather than by enrolment (a network meeting): their bilan in
    progress (active or paused, newest first). Nothing happens when they have none."""
    enrolment = (
        Enrolment.objects.filter(
            beneficiary=person,
            status__in=(EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED),
            journey__isnull=False,
        )
        .order_by("-consented_at", "-pk")
        .first()
    )
    if enrolment is None:
        return None
    return record_platform_event(enrolment=enrolment, event=event, at=at)


def _tick_for_event(enrolment: Enrolment, event: PlatformEvent, at: datetime.datetime) -> ActivityProgress | None:
    journey = Journey.objects.filter(enrolment=enrolment).first()
    if journey is None:
        return None
    kind, which = EVENT_ACTIVITIES[event]
    activities = list(
        Activity.objects.filter(template=journey.template_id, kind=kind, is_active=True).order_by(
            "module__phase__order", "module__order", "order", "pk"
        )
    )
    candidates = _event_candidates(activities, which)
    settled = set(
        ActivityProgress.objects.filter(
            journey=journey,
            activity__in=candidates,
            state__in=(ActivityProgress.State.DONE, ActivityProgress.State.SKIPPED),
        ).values_list("activity_id", flat=True)
    )
    activity = next((a for a in candidates if a.pk not in settled), None)
    if activity is None:
        return None
    progress, created = ActivityProgress.objects.select_for_update().get_or_create(
        journey=journey,
        activity=activity,
        defaults={"state": ActivityProgress.State.DONE, "by": None, "done_at": at},
    )
    if not created:
        if progress.state != ActivityProgress.State.STARTED:
            return None  # done or taken out meanwhile: never un-tick, never override the coach
        progress.state, progress.by, progress.done_at = ActivityProgress.State.DONE, None, at
        progress.save(update_fields=["state", "by", "done_at", "updated_at"])
    logger.info("platform event %s ticked activity %s of journey %s", event, activity.slug, journey.pk)
    return progress


def _complete_tool(journey: Journey, tool: str, actor: User | None) -> int:
    """Mark done the open activities run by `tool`; returns how many."""
    activities = Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True).select_related(
        "module__phase"
    )
    settled = set()
    if tool == Tool.INTERVIEW:  # each interview completes the next appointment activity not done yet
        settled = set(
            ActivityProgress.objects.filter(
                journey=journey, state__in=(ActivityProgress.State.DONE, ActivityProgress.State.SKIPPED)
            ).values_list("activity_id", flat=True)
        )
    done = 0
    for activity in activities:
        if activity.pk in settled:
            continue
        if machine.phase_is_open(journey.phase, activity.module.phase.code):
            _set_progress(journey, activity, ActivityProgress.State.DONE, actor)
            done += 1
            if tool == Tool.INTERVIEW:
                break  # one interview completes one appointment activity
    return done


def _start_tool(journey: Journey, tool: str, actor: User) -> None:
    for activity in Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True):
        if not ActivityProgress.objects.filter(journey=journey, activity=activity).exists():
            _set_progress(journey, activity, ActivityProgress.State.STARTED, actor)


@transaction.atomic
def record_interview(
    *,
    journey: Journey,
    held_at: datetime.datetime,
    mode: str,
    recorded_by: User,
    duration_minutes: int | None = None,
    source: str = Interview.Source.MANUAL,
    source_ref: str = "",
) -> Interview:
    """A synchronous interview with the coach took place. The coaching domain calls this when an appointment is
    marked done (source="appointment", source_ref=its id: calling twice records it once); until then the coach
    records it from the journey page. It completes the next open appointment activity."""
    if actor_of(journey.enrolment, recorded_by) is not Actor.COACH:
        raise NotAllowed()
    if held_at > timezone.now() + datetime.timedelta(minutes=5):
        raise NotAllowed(translation.gettext("Un entretien ne peut pas être noté comme fait avant d'avoir eu lieu."))
    if held_at < journey.started_at - datetime.timedelta(days=1):
        raise NotAllowed(translation.gettext("Cet entretien a eu lieu avant le début du bilan."))
    if source_ref:
        existing = Interview.objects.filter(source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing
    interview = Interview.objects.create(
        journey=journey,
        held_at=held_at,
        mode=mode,
        duration_minutes=duration_minutes,
        source=source,
        source_ref=source_ref,
        recorded_by=recorded_by,
    )
    _complete_tool(journey, Tool.INTERVIEW, recorded_by)
    logger.info("interview recorded: journey=%s by=%s source=%s", journey.pk, recorded_by.pk, source)
    return interview


@transaction.atomic
def confirm_needs_analysis(*, journey: Journey, actor: User) -> NeedsAnalysis:
    """The coach confirms the needs analysis agreed with the person (Qualiopi ind. 4). It is then kept as is."""
    if actor_of(journey.enrolment, actor) is not Actor.COACH:
        raise NotAllowed()
    needs = NeedsAnalysis.objects.select_for_update().filter(journey=journey).first()
    if needs is None or not needs.is_recorded():
        raise PhaseRefused("needs_missing")
    if needs.confirmed_at is None:
        needs.confirmed_by, needs.confirmed_at = actor, timezone.now()
        needs.save(update_fields=["confirmed_by", "confirmed_at"])
        _complete_tool(journey, Tool.NEEDS_ANALYSIS, actor)
    return needs


def follow_event(*, enrolment: Enrolment, event: str, at: datetime.datetime | None = None, **kwargs) -> None:
    """`enrolments.hooks.event`: another domain saw something happen that ticks an activity."""
    record_platform_event(enrolment=enrolment, event=event, at=at)
