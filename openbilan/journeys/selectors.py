"""Every read of the journeys domain. Who may see a journey is decided here, once: the person and their coach."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from openbilan.accounts.models import Organisation, Role, User
from openbilan.assessments.selectors import attempts_owned_by
from openbilan.enrolments import access
from openbilan.enrolments.machine import Actor
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Transition
from openbilan.journeys import machine, progress
from openbilan.journeys.models import (
    Activity,
    ActivityProgress,
    Aspirations,
    EmailPreference,
    Entry,
    Journey,
    JourneyTemplate,
    Module,
    NeedsAnalysis,
    PhaseCode,
    ReminderLog,
    SelfAssessment,
    TimelineEntry,
    Tool,
)

DEFAULT_TEMPLATE_SLUG = "bilan-12-semaines"

# --- Who may see what --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JourneyAccess(access.ByRule):
    enrolment: Enrolment
    journey: Journey | None
    rule: access.EnrolmentAccess

    @property
    def content(self) -> bool:
        """The person's work (exercises, life line, needs analysis) may be shown (openbilan.enrolments.access)."""
        return self.rule.content


def journey_access(user: User, enrolment_id: int, *, content: bool = False) -> JourneyAccess | None:
    """The enrolment and journey `user` may open: their own, or one they follow as its coach, as the one access
    rule says (openbilan.enrolments.access). `content`: the page shows the person's work. Nobody else."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id)
        .filter(Q(beneficiary=user) | Q(coach=user))
        .select_related("programme__operator", "beneficiary", "coach", "journey__template")
        .first()
    )
    if enrolment is None:
        return None
    rule = access.decide(user, enrolment)
    if rule is None or not (rule.is_person or rule.is_coach) or (content and not rule.content):
        return None
    journey = getattr(enrolment, "journey", None)
    if journey is not None:
        journey.enrolment = enrolment
    return JourneyAccess(enrolment, journey, rule)


def visible_entries(journey: Journey, model: type[Entry], *, viewer_is_person: bool) -> QuerySet:
    """The person sees all their entries; their coach sees those not marked private."""
    entries = model.objects.filter(journey=journey)
    return entries if viewer_is_person else entries.filter(private=False)


def needs_analysis_of(journey: Journey) -> NeedsAnalysis | None:
    return NeedsAnalysis.objects.filter(journey=journey).select_related("confirmed_by").first()


def stored_entry(journey: Journey, model: type[Entry], *, pk: int | None = None, lookup: dict | None = None):
    """One entry of an exercise in this journey: by its id, or by `lookup` (the one-per-journey exercises)."""
    return model.objects.filter(journey=journey, **({"pk": pk} if pk else lookup or {})).first()


def self_assessment_of(journey: Journey, moment: str) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(journey=journey, moment=moment).first()


def template_activity(template_id: int, activity_id: int) -> Activity | None:
    """An activity of this journey template (with its module and phase), None when it belongs to another."""
    return Activity.objects.select_related("module__phase").filter(pk=activity_id, template_id=template_id).first()


def template_module(template: JourneyTemplate, module_id: int) -> Module | None:
    return Module.objects.select_related("phase").filter(pk=module_id, phase__template=template).first()


def transitions_of(enrolment: Enrolment) -> QuerySet[Transition]:
    return Transition.objects.filter(enrolment=enrolment).select_related("actor")


def finished_instruments(journey: Journey) -> set[str]:
    """The questionnaires the person finished since their journey started: a questionnaire activity is done when
    its attempt is (the assessments domain owns attempts; the journey only reads them)."""
    return set(
        attempts_owned_by(journey.enrolment.beneficiary)
        .filter(finished_at__gte=journey.started_at)
        .values_list("instrument_version__slug", flat=True)
    )


def activity_state(journey: Journey, activity: Activity) -> str:
    if activity.tool == Tool.QUESTIONNAIRE and activity.instrument_slug in finished_instruments(journey):
        return ActivityProgress.State.DONE
    state = ActivityProgress.objects.filter(journey=journey, activity=activity).values_list("state", flat=True).first()
    return state or ""


def activity_done(journey: Journey, activity: Activity) -> bool:
    return ActivityProgress.objects.filter(
        journey=journey, activity=activity, state=ActivityProgress.State.DONE
    ).exists()


def tool_activity(journey: Journey, tool: str) -> Activity | None:
    """The first active activity of the journey's template run by `tool`."""
    return (
        Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True)
        .select_related("module__phase")
        .order_by("module__phase__order", "module__order", "order")
        .first()
    )


# --- Where the person stands -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityView:
    activity: Activity
    state: str
    locked: bool
    late: bool

    @property
    def done(self) -> bool:
        return self.state == ActivityProgress.State.DONE


@dataclass(frozen=True)
class PhaseView:
    code: str
    title: str
    purpose: str
    progress: progress.PhaseProgress
    activities: list[ActivityView] = field(default_factory=list)


@dataclass(frozen=True)
class Overview:
    journey: Journey
    summary: progress.Summary
    phases: list[PhaseView]
    next_activity: Activity | None
    next_phase: str | None
    next_phase_refusal: str | None  # the machine's refusal code when the next phase cannot open yet

    @property
    def current_phase(self) -> PhaseView:
        return next(phase for phase in self.phases if phase.code == self.journey.phase)

    @property
    def next_phase_label(self) -> str:
        return str(PhaseCode(self.next_phase).label) if self.next_phase else ""

    @property
    def conclusions_left(self) -> list[Activity]:
        """The activities of the conclusions phase neither done nor taken out of this journey."""
        phase = next((p for p in self.phases if p.code == PhaseCode.CONCLUSIONS), None)
        if phase is None:
            return []
        return [view.activity for view in phase.activities if view.state not in ("done", "skipped")]

    @property
    def finished(self) -> bool:
        """The bilan is completed and every activity of its conclusions phase is done: the journey is over."""
        return self.journey.enrolment.status == EnrolmentStatus.COMPLETED and not self.conclusions_left


def _pauses(enrolment: Enrolment) -> list[tuple[datetime.date, datetime.date | None]]:
    pauses, began = [], None
    for to_state, at in Transition.objects.filter(enrolment=enrolment, kind=Transition.Kind.STATUS).values_list(
        "to_state", "at"
    ):
        local = timezone.localdate(at)
        if to_state == EnrolmentStatus.PAUSED:
            began = local
        elif began is not None:
            pauses.append((began, local))
            began = None
    if began is not None:
        pauses.append((began, None))
    return pauses


def summary_for(journey: Journey, *, today: datetime.date | None = None) -> Overview:
    """Progress per phase, the next step and the weeks left, in a constant number of queries."""
    enrolment = journey.enrolment
    activities = list(
        Activity.objects.filter(template=journey.template_id, is_active=True)
        .select_related("module__phase")
        .order_by("module__phase__order", "module__order", "order")
    )
    states = dict(ActivityProgress.objects.filter(journey=journey).values_list("activity_id", "state"))
    if any(a.tool == Tool.QUESTIONNAIRE for a in activities):
        finished = finished_instruments(journey)
        for a in activities:
            if a.tool == Tool.QUESTIONNAIRE and a.instrument_slug in finished and states.get(a.pk) != "skipped":
                states[a.pk] = ActivityProgress.State.DONE
    rows = [progress.ActivityRow(a.pk, a.module.phase.code, a.expected_week, states.get(a.pk, "")) for a in activities]
    today = today or timezone.localdate()
    end = enrolment.completed_at or enrolment.dropped_at
    days = progress.active_days(
        timezone.localdate(journey.started_at), timezone.localdate(end) if end else today, _pauses(enrolment)
    )
    summary = progress.summarise(rows, journey.phase, journey.template.weeks, days)
    phase_templates = {phase.code: phase for phase in journey.template.phases.all()}
    late = set(summary.late_activity_ids)
    phases = []
    for phase_progress in summary.phases:
        template_phase = phase_templates.get(phase_progress.phase)
        phases.append(
            PhaseView(
                code=phase_progress.phase,
                title=template_phase.title if template_phase else str(PhaseCode(phase_progress.phase).label),
                purpose=template_phase.purpose if template_phase else "",
                progress=phase_progress,
                activities=[
                    ActivityView(a, states.get(a.pk, ""), phase_progress.state == "locked", a.pk in late)
                    for a in activities
                    if a.module.phase.code == phase_progress.phase
                ],
            )
        )
    next_activity = next((a for a in activities if a.pk == summary.next_activity_id), None)
    following = machine.next_phase(journey.phase)
    refusal = None
    if following is not None:
        decision = machine.decide_phase(phase_facts(journey, Actor.PERSON), following)
        refusal = decision.code if isinstance(decision, machine.Refusal) else None
    return Overview(journey, summary, phases, next_activity, following, refusal)


def phase_facts(journey: Journey, actor: Actor) -> machine.PhaseFacts:
    """What the phase gates read: the needs analysis, and the interviews held since the investigation opened."""
    needs = NeedsAnalysis.objects.filter(journey=journey).first()
    interviews = journey.interviews.all()
    if journey.investigation_opened_at is not None:
        interviews = interviews.filter(held_at__gte=journey.investigation_opened_at)
    return machine.PhaseFacts(
        status=journey.enrolment.status,
        phase=journey.phase,
        actor=actor,
        needs_recorded=bool(needs and needs.is_recorded()),
        needs_confirmed=bool(needs and needs.confirmed_at),
        interviews_done=interviews.count() if journey.investigation_opened_at else 0,
    )


@dataclass(frozen=True)
class HomeCard:
    enrolment: Enrolment
    overview: Overview | None


def home_cards(beneficiary: User) -> list[HomeCard]:
    """What the person's home shows, one card per enrolment, newest first."""
    enrolments = (
        Enrolment.objects.filter(beneficiary=beneficiary)
        .select_related("programme", "coach", "beneficiary", "journey__template")
        .order_by("-created_at")
    )
    cards = []
    for enrolment in enrolments:
        journey = getattr(enrolment, "journey", None)
        if journey is not None:
            journey.enrolment = enrolment
        cards.append(HomeCard(enrolment, summary_for(journey) if journey else None))
    return cards


def coach_journeys(coach: User) -> QuerySet[Enrolment]:
    """The enrolments a coach follows, with their journey, for the coach's list."""
    return (
        access.coached_enrolments(coach)
        .select_related("beneficiary", "programme", "journey")
        .order_by("beneficiary__last_name", "beneficiary__first_name", "pk")
    )


# --- What other domains read -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imperatives:
    """The person's hard constraints, for the suggestions' filters. Empty values mean "not said"."""

    excluded_contexts: tuple[str, ...] = ()  # ROME work-context code_ogr strings
    qualification_level: str = ""  # "infra3", "3" ... "8"
    max_training: str = ""  # "none", "6m", "1y", "2y", "any"
    self_employment: str = ""  # "yes", "no", "maybe"


def imperatives_of(user: User) -> Imperatives:
    """The imperatives the person wrote in their most recent journey (private or not: they are used for them)."""
    aspirations = (
        Aspirations.objects.filter(journey__enrolment__beneficiary=user).order_by("-journey__started_at").first()
    )
    if aspirations is None:
        return Imperatives()
    return Imperatives(
        excluded_contexts=tuple(str(code) for code in aspirations.excluded_contexts),
        qualification_level=aspirations.qualification_level,
        max_training=aspirations.max_training,
        self_employment=aspirations.self_employment,
    )


@dataclass(frozen=True)
class PastJob:
    title: str
    rome_code_ogr: str  # a ROME appellation code_ogr, as the person or coach wrote it; "" when unknown
    start_year: int | None
    end_year: int | None


def jobs_of(user: User) -> tuple[PastJob, ...]:
    """The jobs of the person's life timeline, for the experience part of the orientation profile."""
    entries = TimelineEntry.objects.filter(journey__enrolment__beneficiary=user, kind=TimelineEntry.Kind.JOB).order_by(
        "start_year", "pk"
    )
    return tuple(PastJob(e.title, e.rome_code_ogr, e.start_year, e.end_year) for e in entries)


# --- Templates and operator admins -------------------------------------------------------------------------------


def operator_organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=Organisation.Kind.OPERATOR,
        memberships__user=user,
        memberships__role=Role.OPERATOR_ADMIN,
        memberships__is_active=True,
    ).distinct()


def can_edit_template(user: User, template: JourneyTemplate) -> bool:
    """Operator admins edit their own organisation's templates; the reference templates only by copying them."""
    return bool(
        user.is_authenticated
        and template.operator_id is not None
        and operator_organisations_of(user).filter(pk=template.operator_id).exists()
    )


def templates_for_operator(operator) -> QuerySet[JourneyTemplate]:
    """The templates a programme of this operator may follow: the reference ones and the operator's own."""
    return JourneyTemplate.objects.filter(Q(operator__isnull=True) | Q(operator=operator))


def templates_for_admin(user: User) -> QuerySet[JourneyTemplate]:
    """The templates an operator admin may open: the reference ones and their organisations' own."""
    if not user.is_operator_admin:
        return JourneyTemplate.objects.none()
    return JourneyTemplate.objects.filter(
        Q(operator__isnull=True) | Q(operator__in=operator_organisations_of(user))
    ).select_related("operator")


def template_outline(template: JourneyTemplate | None) -> list:
    """Phases with their modules and every activity (retired ones too), in order, in three queries."""
    if template is None:
        return []
    return list(
        template.phases.order_by("order").prefetch_related(
            "modules__activities",
        )
    )


def programme_template(programme) -> JourneyTemplate | None:
    """The template a programme's journeys follow: its own choice, or the reference "Bilan 12 semaines"."""
    if programme.journey_template_id:
        return programme.journey_template
    return JourneyTemplate.objects.filter(slug=DEFAULT_TEMPLATE_SLUG).first()


# --- Reminders ---------------------------------------------------------------------------------------------------


def due_inactivity_reminders(now: datetime.datetime, *, limit: int):
    """(enrolment, period) for each active person without activity for their programme's N days. The period is
    the inactivity spell and its rank (N days, 2N days...), so each is reminded once per period, `limit` times."""
    # The programmes' model through the relation: journeys imports nothing from programmes (pyproject.toml).
    programmes = Enrolment.programme.field.related_model.objects
    thresholds = programmes.values_list("inactivity_days", flat=True).distinct()
    for days in sorted(set(thresholds)):
        journeys = Journey.objects.filter(
            enrolment__status=EnrolmentStatus.ACTIVE,
            enrolment__programme__inactivity_days=days,
            last_activity_at__lte=now - datetime.timedelta(days=days),
        ).select_related("enrolment__beneficiary", "enrolment__programme")
        for journey in journeys.iterator(chunk_size=500):
            rank = (now - journey.last_activity_at).days // days
            if 1 <= rank <= limit:
                spell = timezone.localtime(journey.last_activity_at).strftime("%Y-%m-%dT%H:%M")
                yield journey.enrolment, f"{spell}/{rank}"


def due_weekly_recaps(now: datetime.datetime):
    """(enrolment, ISO week) for each active person who did something in the last seven days and started at least
    a week ago: a short recap of where they stand, once a week."""
    week_ago = now - datetime.timedelta(days=7)
    year, week, _ = timezone.localtime(now).isocalendar()
    journeys = Journey.objects.filter(
        enrolment__status=EnrolmentStatus.ACTIVE, started_at__lte=week_ago, last_activity_at__gt=week_ago
    ).select_related("enrolment__beneficiary", "enrolment__programme")
    for journey in journeys.iterator(chunk_size=500):
        yield journey.enrolment, f"{year}-W{week:02d}"


def wants_reminders(user: User) -> bool:
    """Whether the person accepts the e-mails that are not essential (reminders, weekly recap). Yes by default."""
    preference = EmailPreference.objects.filter(user=user).values_list("reminders", flat=True).first()
    return preference is None or preference


def reminders_already_decided(keys: list[tuple[int, str, str]]) -> set[tuple[int, str, str]]:
    """Which of these (enrolment id, kind, period) reminders are already in the record, in one query."""
    if not keys:
        return set()
    rows = ReminderLog.objects.filter(
        enrolment_id__in={key[0] for key in keys}, period__in={key[2] for key in keys}
    ).values_list("enrolment_id", "kind", "period")
    return set(rows) & set(keys)


def reminders_of(enrolment: Enrolment) -> QuerySet[ReminderLog]:
    return ReminderLog.objects.filter(enrolment=enrolment)
