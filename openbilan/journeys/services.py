"""Every write of the journeys domain: templates, the enrolment's status and phase, activities, the person's
entries, and reminders. Each function is one transaction; refusals raise a translated error.
"""

import datetime
import enum
import hashlib
import itertools
import json
import logging
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation

from openbilan.accounts.models import Organisation, User
from openbilan.enrolments import access
from openbilan.journeys import machine, selectors
from openbilan.journeys.errors import ActivityLocked, NotAllowed, StaleVersion, TransitionRefused
from openbilan.journeys.machine import Action, Actor, Phase, Status
from openbilan.journeys.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    EmailPreference,
    Entry,
    Interview,
    Journey,
    JourneyTemplate,
    Module,
    NeedsAnalysis,
    PhaseCode,
    ReminderLog,
    SelfAssessment,
    Tool,
    Transition,
)
from openbilan.journeys.models import Phase as TemplatePhase
from openbilan.journeys.tasks import send_reminder
from openbilan.programmes.models import Enrolment, EnrolmentStatus, Programme

logger = logging.getLogger(__name__)

DEFAULT_TEMPLATE_FILE = Path(__file__).resolve().parent / "data" / "bilan-12-semaines.json"
DEFAULT_TEMPLATE_SLUG = selectors.DEFAULT_TEMPLATE_SLUG


# --- Journey templates -------------------------------------------------------------------------------------------


class TemplateFileError(ValueError):
    pass


def _check_template_data(data: dict) -> None:
    phases = [phase.get("code") for phase in data.get("phases", [])]
    if phases != [phase.value for phase in machine.PHASE_ORDER]:
        raise TemplateFileError(f"phases must be exactly {[p.value for p in machine.PHASE_ORDER]}, got {phases}")
    slugs = set()
    for phase in data["phases"]:
        for module in phase["modules"]:
            for activity in module["activities"]:
                if activity["slug"] in slugs:
                    raise TemplateFileError(f"activity slug {activity['slug']!r} appears twice")
                slugs.add(activity["slug"])
                if activity["kind"] not in ActivityKind.values:
                    raise TemplateFileError(f"activity {activity['slug']!r}: unknown kind {activity['kind']!r}")
                if activity.get("tool", "") not in Tool.values:
                    raise TemplateFileError(f"activity {activity['slug']!r}: unknown tool {activity['tool']!r}")
                if activity.get("tool") == Tool.QUESTIONNAIRE and not activity.get("instrument"):
                    raise TemplateFileError(f"activity {activity['slug']!r}: a questionnaire names its instrument")
                if not 1 <= int(activity["week"]) <= int(data.get("weeks", 12)):
                    raise TemplateFileError(f"activity {activity['slug']!r}: week outside the journey")


def _texts(item: dict) -> dict:
    return {
        "title_fr": item["title_fr"],
        "title_en": item.get("title_en", ""),
        "purpose_fr": item.get("purpose_fr", ""),
        "purpose_en": item.get("purpose_en", ""),
    }


@transaction.atomic
def import_template(*, data: dict) -> tuple[JourneyTemplate, bool]:
    """Create or refresh a reference template from its data file. Safe to run twice; quick when nothing changed.

    Activities that left the file are retired (kept for the journeys that followed them), never deleted."""
    _check_template_data(data)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    template = JourneyTemplate.objects.filter(slug=data["slug"]).first()
    if template is not None and template.source_hash == digest:
        return template, False
    if template is not None and not template.is_reference:
        raise TemplateFileError(f"template {data['slug']!r} belongs to an operator: the file cannot overwrite it")
    template, _created = JourneyTemplate.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name_fr": data["name_fr"],
            "name_en": data.get("name_en", ""),
            "weeks": data.get("weeks", 12),
            "operator": None,
            "source_hash": digest,
        },
    )
    kept = set()
    for phase_order, phase_data in enumerate(data["phases"], start=1):
        phase, _ = TemplatePhase.objects.update_or_create(
            template=template, code=phase_data["code"], defaults={"order": phase_order, **_texts(phase_data)}
        )
        for module_order, module_data in enumerate(phase_data["modules"], start=1):
            module, _ = Module.objects.update_or_create(
                phase=phase, slug=module_data["slug"], defaults={"order": module_order, **_texts(module_data)}
            )
            for order, item in enumerate(module_data["activities"], start=1):
                Activity.objects.update_or_create(
                    template=template,
                    slug=item["slug"],
                    defaults={
                        "module": module,
                        "order": order,
                        "kind": item["kind"],
                        "tool": item.get("tool", ""),
                        "instrument_slug": item.get("instrument", ""),
                        "expected_week": item["week"],
                        "is_active": True,
                        **_texts(item),
                    },
                )
                kept.add(item["slug"])
    template.activities.exclude(slug__in=kept).update(is_active=False)
    return template, True


def load_template_file(path: Path = DEFAULT_TEMPLATE_FILE) -> tuple[JourneyTemplate, bool]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TemplateFileError(f"{path}: {error}") from error
    return import_template(data=data)


def default_template() -> JourneyTemplate:
    """The shipped "Bilan 12 semaines", loaded from its data file the first time it is needed."""
    template = JourneyTemplate.objects.filter(slug=DEFAULT_TEMPLATE_SLUG).first()
    return template or load_template_file()[0]


def _require_template_editor(template: JourneyTemplate, actor: User) -> None:
    if not selectors.can_edit_template(actor, template):
        raise NotAllowed()


@transaction.atomic
def copy_template(*, template: JourneyTemplate, operator: Organisation, actor: User) -> JourneyTemplate:
    """An editable copy of a template for one operator organisation (the reference templates are read-only)."""
    if operator not in selectors.operator_organisations_of(actor):
        raise NotAllowed()
    base = f"{operator.slug}-{template.slug}"[:70]
    slug, n = base, 1
    while JourneyTemplate.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = JourneyTemplate.objects.create(
        slug=slug,
        name_fr=template.name_fr,
        name_en=template.name_en,
        weeks=template.weeks,
        operator=operator,
        copied_from=template,
    )
    for phase in template.phases.prefetch_related("modules__activities"):
        new_phase = TemplatePhase.objects.create(template=copy, code=phase.code, order=phase.order, **_bilingual(phase))
        for module in phase.modules.all():
            new_module = Module.objects.create(
                phase=new_phase, slug=module.slug, order=module.order, **_bilingual(module)
            )
            Activity.objects.bulk_create(
                Activity(
                    template=copy,
                    module=new_module,
                    slug=activity.slug,
                    order=activity.order,
                    kind=activity.kind,
                    tool=activity.tool,
                    instrument_slug=activity.instrument_slug,
                    expected_week=activity.expected_week,
                    is_active=activity.is_active,
                    **_bilingual(activity),
                )
                for activity in module.activities.all()
            )
    return copy


def _bilingual(item) -> dict:
    return {name: getattr(item, name) for name in ("title_fr", "title_en", "purpose_fr", "purpose_en")}


ACTIVITY_FIELDS = (
    "title_fr",
    "title_en",
    "purpose_fr",
    "purpose_en",
    "kind",
    "tool",
    "instrument_slug",
    "expected_week",
)


@transaction.atomic
def save_activity(*, module: Module, actor: User, activity: Activity | None = None, **fields) -> Activity:
    """Add an activity at the end of a module, or edit one. Only an admin of the template's operator may."""
    template = module.phase.template
    _require_template_editor(template, actor)
    unknown = set(fields) - {*ACTIVITY_FIELDS, "is_active"}
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    if fields.get("expected_week") and fields["expected_week"] > template.weeks:
        raise NotAllowed(
            translation.gettext("La semaine prévue doit être entre 1 et %(weeks)s.") % {"weeks": template.weeks}
        )
    if activity is None:
        order = (module.activities.aggregate(last=Max("order"))["last"] or 0) + 1
        base = _slugify(fields.get("title_fr", "activite"))
        slug, n = base, 1
        while template.activities.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return Activity.objects.create(template=template, module=module, slug=slug, order=order, **fields)
    if activity.module_id != module.pk:
        raise NotAllowed()
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    return activity


def _slugify(text: str) -> str:
    from django.utils.text import slugify

    return (slugify(text) or "activite")[:60]


@transaction.atomic
def move_activity(*, activity: Activity, direction: str, actor: User) -> Activity:
    """Swap an activity with its neighbour in the same module ("up" or "down")."""
    _require_template_editor(activity.template, actor)
    siblings = list(Activity.objects.select_for_update().filter(module=activity.module_id).order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == activity.pk)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if other is None or not 0 <= other < len(siblings):
        return activity
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            Activity.objects.filter(pk=sibling.pk).update(order=order)
    activity.refresh_from_db()
    return activity


# --- The enrolment's status and phase ----------------------------------------------------------------------------


def actor_of(enrolment: Enrolment, user: User | None) -> Actor:
    """How the rules see `user` for this enrolment."""
    if user is None:
        return Actor.SYSTEM
    if user.pk == enrolment.beneficiary_id:
        return Actor.PERSON
    rule = access.decide(user, enrolment)
    return Actor.COACH if rule is not None and rule.is_coach else Actor.OTHER


def _record(enrolment, *, kind, from_state, to_state, actor, at, reason_code="", note="") -> Transition:
    return Transition.objects.create(
        enrolment=enrolment,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        at=at,
        reason_code=reason_code,
        note=note[:2000],
    )


@transaction.atomic
def invite(
    *,
    programme: Programme,
    beneficiary: User,
    coach: User | None = None,
    prescriber: Organisation | None = None,
    invited_by: User | None = None,
) -> Enrolment:
    """Invite a person to a programme. They are not enrolled until they accept, themselves (L6313-4)."""
    enrolment, created = Enrolment.objects.get_or_create(
        programme=programme,
        beneficiary=beneficiary,
        defaults={"coach": coach, "prescriber": prescriber, "status": EnrolmentStatus.INVITED},
    )
    if created:
        _record(
            enrolment,
            kind=Transition.Kind.STATUS,
            from_state="",
            to_state=Status.INVITED,
            actor=invited_by,
            at=enrolment.created_at,
        )
    return enrolment


def _template_for(programme: Programme) -> JourneyTemplate:
    return programme.journey_template or default_template()


@transaction.atomic
def ensure_journey(enrolment: Enrolment) -> Journey | None:
    """The journey of an enrolment that has started (consent given); None while the person is only invited."""
    if enrolment.consented_at is None:
        return None
    journey = Journey.objects.filter(enrolment=enrolment).first()
    if journey is not None:
        return journey
    started = enrolment.consented_at
    journey, _created = Journey.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "template": _template_for(enrolment.programme),
            "started_at": started,
            "last_activity_at": started,
        },
    )
    return journey


@transaction.atomic
def accept_invitation(
    *,
    enrolment: Enrolment,
    actor: User,
    consent: bool,
    share_with_prescriber: bool = False,
    bring_earlier_work: bool = False,
    at: datetime.datetime | None = None,
) -> Journey:
    """The person reads what the bilan is and accepts it: their own, timestamped consent starts the journey.

    `bring_earlier_work`: the person lets this bilan's staff see what they made during an earlier bilan (results,
    suggestions, accommodation requests); without it, they see only what is made from now on
    (openbilan.enrolments.access)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    at = at or timezone.now()
    decision = machine.decide_status(
        machine.StatusRequest(
            status=enrolment.status, action=Action.ACCEPT, actor=actor_of(enrolment, actor), consent=consent
        )
    )
    if isinstance(decision, machine.Refusal):
        raise TransitionRefused(decision.code)
    enrolment.status = decision
    enrolment.consented_at = at
    enrolment.status_changed_at = at
    enrolment.shares_with_prescriber = bool(share_with_prescriber and enrolment.prescriber_id)
    enrolment.brings_earlier_work = bool(bring_earlier_work)
    enrolment.shared_with_id = enrolment.prescriber_id if enrolment.shares_with_prescriber else None
    enrolment.save()
    _record(
        enrolment,
        kind=Transition.Kind.STATUS,
        from_state=Status.INVITED,
        to_state=decision,
        actor=actor,
        at=at,
    )
    journey = ensure_journey(enrolment)
    _record(enrolment, kind=Transition.Kind.PHASE, from_state="", to_state=Phase.PRELIMINARY, actor=actor, at=at)
    return journey


@transaction.atomic
def enrol_with_consent(
    *,
    programme: Programme,
    beneficiary: User,
    coach: User | None = None,
    prescriber: Organisation | None = None,
    consented_at: datetime.datetime | None = None,
) -> Enrolment:
    """Invite and accept in one step, for consent the person gave elsewhere (demo, imports). Safe to run twice."""
    enrolment = invite(programme=programme, beneficiary=beneficiary, coach=coach, prescriber=prescriber)
    changed = []
    if coach is not None and enrolment.coach_id != coach.pk:
        enrolment.coach, changed = coach, [*changed, "coach"]
    if prescriber is not None and enrolment.prescriber_id != prescriber.pk:
        enrolment.prescriber, changed = prescriber, [*changed, "prescriber"]
    if changed:
        enrolment.save(update_fields=changed)
    if enrolment.status == EnrolmentStatus.INVITED:
        accept_invitation(enrolment=enrolment, actor=beneficiary, consent=True, at=consented_at)
        enrolment.refresh_from_db()
    return enrolment


@transaction.atomic
def change_status(
    *, enrolment: Enrolment, action: str, actor: User | None, reason_code: str = "", note: str = ""
) -> Enrolment:
    """Pause, resume, complete or drop an enrolment, as the machine allows, and record who, when and why."""
    if action == Action.ACCEPT:
        raise TransitionRefused("actor")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    journey = Journey.objects.filter(enrolment=enrolment).first()
    decision = machine.decide_status(
        machine.StatusRequest(
            status=enrolment.status,
            action=action,
            actor=actor_of(enrolment, actor),
            reason_code=reason_code,
            note=note,
            phase=journey.phase if journey else None,
        )
    )
    if isinstance(decision, machine.Refusal):
        raise TransitionRefused(decision.code)
    now = timezone.now()
    previous = enrolment.status
    enrolment.status = decision
    enrolment.status_changed_at = now
    if decision == Status.PAUSED:
        enrolment.paused_at = now
    elif decision == Status.ACTIVE:
        enrolment.paused_at = None
    elif decision == Status.COMPLETED:
        enrolment.completed_at = now
    elif decision == Status.DROPPED:
        enrolment.dropped_at = now
        enrolment.drop_reason = reason_code
    enrolment.save()
    _record(
        enrolment,
        kind=Transition.Kind.STATUS,
        from_state=previous,
        to_state=decision,
        actor=actor,
        at=now,
        reason_code=reason_code if decision == Status.DROPPED else "",
        note=note,
    )
    if journey is not None and actor is not None and actor.pk == enrolment.beneficiary_id:
        _touch(journey, now)
    return enrolment


@transaction.atomic
def open_phase(*, journey: Journey, target: str, actor: User, note: str = "") -> Journey:
    """Open the next phase, behind its gate. Skipping a phase is refused (R6313-4)."""
    journey = Journey.objects.select_for_update().select_related("enrolment").get(pk=journey.pk)
    decision = machine.decide_phase(selectors.phase_facts(journey, actor_of(journey.enrolment, actor)), target)
    if isinstance(decision, machine.Refusal):
        raise TransitionRefused(decision.code)
    now = timezone.now()
    previous = journey.phase
    journey.phase = decision
    if decision == Phase.INVESTIGATION:
        journey.investigation_opened_at = now
    elif decision == Phase.CONCLUSIONS:
        journey.conclusions_opened_at = now
    journey.last_activity_at = now if actor.pk == journey.enrolment.beneficiary_id else journey.last_activity_at
    journey.save()
    _record(
        journey.enrolment,
        kind=Transition.Kind.PHASE,
        from_state=previous,
        to_state=decision,
        actor=actor,
        at=now,
        note=note,
    )
    return journey


def _touch(journey: Journey, at: datetime.datetime | None = None) -> None:
    """The person did something: the inactivity clock starts again."""
    at = at or timezone.now()
    Journey.objects.filter(pk=journey.pk, last_activity_at__lt=at).update(last_activity_at=at)
    journey.last_activity_at = max(journey.last_activity_at, at)


def record_outside_activity(*, enrolment: Enrolment, at: datetime.datetime | None = None) -> None:
    """The person did something outside the journey pages (wrote to their coach): the inactivity clock starts again."""
    at = at or timezone.now()
    Journey.objects.filter(enrolment=enrolment, last_activity_at__lt=at).update(last_activity_at=at)


# --- Activities --------------------------------------------------------------------------------------------------


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
        raise TransitionRefused("needs_missing")
    if needs.confirmed_at is None:
        needs.confirmed_by, needs.confirmed_at = actor, timezone.now()
        needs.save(update_fields=["confirmed_by", "confirmed_at"])
        _complete_tool(journey, Tool.NEEDS_ANALYSIS, actor)
    return needs


# --- The person's entries (autosaved, with optimistic concurrency) ------------------------------------------------

TOOL_OF_MODEL = {
    "NeedsAnalysis": Tool.NEEDS_ANALYSIS,
    "TimelineEntry": Tool.LIFE_TIMELINE,
    "DriverEntry": Tool.DRIVERS,
    "BeliefEntry": Tool.BELIEFS,
    "Aspirations": Tool.ASPIRATIONS,
}


def _require_writer(journey: Journey, model: type[Entry], actor: User) -> None:
    who = actor_of(journey.enrolment, actor)
    may_write = who is Actor.PERSON or (model is NeedsAnalysis and who is Actor.COACH)
    if not may_write:
        raise NotAllowed()
    if journey.enrolment.status != EnrolmentStatus.ACTIVE:
        raise NotAllowed(
            translation.gettext("Ce bilan n'est pas en cours : ses textes peuvent être lus, pas modifiés.")
        )
    tool = TOOL_OF_MODEL[model.__name__]
    activity = (
        Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True)
        .select_related("module__phase")
        .order_by("module__phase__order")
        .first()
    )
    if activity is None:
        raise NotAllowed()
    require_open(journey, activity)


@transaction.atomic
def save_entry(
    *,
    journey: Journey,
    model: type[Entry],
    version: int,
    values: dict,
    actor: User,
    pk: int | None = None,
    key: dict | None = None,
) -> Entry:
    """Save one entry if `version` is the stored one (0: the entry does not exist yet). A stale version raises
    StaleVersion with the newer entry, so a second tab can never silently overwrite newer text."""
    _require_writer(journey, model, actor)
    where = {"journey": journey, **({"pk": pk} if pk is not None else key or {})}
    if model is NeedsAnalysis:
        current = model.objects.filter(**where).first()
        if current is not None and current.confirmed_at is not None:
            raise NotAllowed(
                translation.gettext(
                    "L'analyse des besoins a été confirmée par votre consultant·e : elle ne change plus."
                )
            )
        values = {**values, "recorded_by": actor}
    now = timezone.now()
    if version == 0:
        if pk is not None or model.objects.filter(**where).exists():
            raise StaleVersion(model.objects.filter(**where).first())
        try:
            with transaction.atomic():
                entry = model.objects.create(**where, **values, version=1)
        except IntegrityError:
            raise StaleVersion(model.objects.filter(**where).first()) from None
    else:
        updated = model.objects.filter(**where, version=version).update(
            **values, version=F("version") + 1, updated_at=now
        )
        if not updated:
            current = model.objects.filter(**where).first()
            if current is None:
                raise NotAllowed(translation.gettext("Cette entrée n'existe plus : elle a été supprimée."))
            raise StaleVersion(current)
        entry = model.objects.get(**where)
    if actor.pk == journey.enrolment.beneficiary_id:
        _touch(journey, now)
        _start_tool(journey, TOOL_OF_MODEL[model.__name__], actor)
    return entry


@transaction.atomic
def add_entry(*, journey: Journey, model: type[Entry], actor: User, **values) -> Entry:
    """A new, empty entry in a list (ligne de vie, croyances), ready to be written."""
    _require_writer(journey, model, actor)
    entry = model.objects.create(journey=journey, **values)
    _touch(journey)
    _start_tool(journey, TOOL_OF_MODEL[model.__name__], actor)
    return entry


@transaction.atomic
def delete_entry(*, journey: Journey, model: type[Entry], pk: int, actor: User) -> None:
    _require_writer(journey, model, actor)
    deleted, _ = model.objects.filter(journey=journey, pk=pk).delete()
    if not deleted:
        raise NotAllowed(translation.gettext("Cette entrée n'existe plus : elle a été supprimée."))
    _touch(journey)


@transaction.atomic
def save_self_assessment(*, journey: Journey, moment: str, project: int, confidence: int, actor: User):
    """The two 0-10 answers at the start or at the end. Answering again replaces the answer of that moment."""
    _require_active_person(journey, actor)
    tool = Tool.SELF_ASSESSMENT_ENTRY if moment == SelfAssessment.Moment.ENTRY else Tool.SELF_ASSESSMENT_END
    activity = (
        Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True)
        .select_related("module__phase")
        .first()
    )
    if activity is None:
        raise NotAllowed()
    require_open(journey, activity)
    if not (0 <= project <= 10 and 0 <= confidence <= 10):
        raise NotAllowed(translation.gettext("Choisissez une note entre 0 et 10."))
    now = timezone.now()
    answer, _ = SelfAssessment.objects.update_or_create(
        journey=journey, moment=moment, defaults={"project": project, "confidence": confidence, "answered_at": now}
    )
    _complete_tool(journey, tool, actor)
    _touch(journey, now)
    return answer


@transaction.atomic
def set_email_preference(*, user: User, reminders: bool) -> EmailPreference:
    preference, _ = EmailPreference.objects.update_or_create(user=user, defaults={"reminders": reminders})
    return preference


# --- Reminders ---------------------------------------------------------------------------------------------------

MAX_INACTIVITY_REMINDERS = 3  # per spell of inactivity; after that the coach's drop-out prevention takes over


@transaction.atomic
def schedule_reminder(*, enrolment: Enrolment, kind: str, period: str, now: datetime.datetime) -> ReminderLog | None:
    """Decide one reminder: logged once per person, kind and period, then sent by the worker. Returns None when
    this period's reminder was already decided (running the scheduler twice sends nothing more)."""
    if ReminderLog.objects.filter(enrolment=enrolment, kind=kind, period=period).exists():
        return None
    opted_out = not selectors.wants_reminders(enrolment.beneficiary)
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                enrolment=enrolment,
                kind=kind,
                period=period,
                queued_at=now,
                state=ReminderLog.State.OPTED_OUT if opted_out else ReminderLog.State.QUEUED,
            )
    except IntegrityError:
        return None
    if not opted_out:
        send_reminder.enqueue(log.pk)
    return log


def enqueue_due_reminders(now: datetime.datetime | None = None) -> dict[str, int]:
    """What `manage.py enqueue_reminders` runs (from cron): decide every reminder due now, log it, and queue the
    ones to send. Returns how many were decided per kind, and how many of them are not sent (opted out)."""
    now = now or timezone.now()
    counts = {"inactivity": 0, "weekly_recap": 0, "opted_out": 0}
    due = itertools.chain(
        (
            (e, ReminderLog.Kind.INACTIVITY, p)
            for e, p in selectors.due_inactivity_reminders(now, limit=MAX_INACTIVITY_REMINDERS)
        ),
        ((e, ReminderLog.Kind.WEEKLY_RECAP, p) for e, p in selectors.due_weekly_recaps(now)),
    )
    for batch in _batched(due, 500):
        decided = selectors.reminders_already_decided([(e.pk, kind, period) for e, kind, period in batch])
        for enrolment, kind, period in batch:
            if (enrolment.pk, kind, period) in decided:
                continue  # the usual case of an hourly cron: this period's reminder was decided already
            log = schedule_reminder(enrolment=enrolment, kind=kind, period=period, now=now)
            if log is not None:
                counts[kind] += 1
                counts["opted_out"] += log.state == ReminderLog.State.OPTED_OUT
    return counts


def _batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)
