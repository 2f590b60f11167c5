"""The coach's caseload: each followed bilan's phase, progress, last activity, next appointment, unread messages
and risk flags, filtered and sorted as the coach's home shows it, in a constant number of queries whatever its size.

Only reads; who may see which bilan is the access rule's (openbilan.enrolments.access.coached_enrolments)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from openbilan.accounts.models import User
from openbilan.coaching import risk
from openbilan.coaching.models import Appointment, AppointmentStatus, Message
from openbilan.coaching.selectors import UPCOMING
from openbilan.enrolments import access
from openbilan.journeys import progress
from openbilan.journeys.models import Activity, ActivityProgress, Tool, Transition
from openbilan.programmes.models import Enrolment, EnrolmentStatus

SETTLED = (AppointmentStatus.DONE, AppointmentStatus.MISSED)


@dataclass
class CaseloadRow:
    enrolment: Enrolment
    phase: str = ""
    done: int = 0
    total: int = 0
    week: int | None = None
    weeks: int | None = None
    last_activity_at: datetime.datetime | None = None
    next_appointment_at: datetime.datetime | None = None
    next_appointment_status: str = ""
    unread: int = 0
    flags: tuple[risk.Flag, ...] = field(default_factory=tuple)

    @property
    def person(self) -> User:
        return self.enrolment.beneficiary

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def risk_score(self) -> int:
        return risk.score(self.flags)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)


def _annotated(enrolments: QuerySet[Enrolment], now: datetime.datetime) -> QuerySet[Enrolment]:
    upcoming = Appointment.objects.filter(
        enrolment=OuterRef("pk"), status__in=UPCOMING, starts_at__gte=now - datetime.timedelta(hours=1)
    ).order_by("starts_at", "pk")
    last_settled = Appointment.objects.filter(enrolment=OuterRef("pk"), status__in=SETTLED).order_by(
        "-starts_at", "-pk"
    )
    unread = (
        Message.objects.filter(enrolment=OuterRef("pk"), sender=OuterRef("beneficiary"), read_at__isnull=True)
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_message = Message.objects.filter(enrolment=OuterRef("pk"), sender=OuterRef("beneficiary")).order_by(
        "-created_at"
    )
    return enrolments.select_related("beneficiary", "programme", "journey__template").annotate(
        next_appointment_at=Subquery(upcoming.values("starts_at")[:1]),
        next_appointment_status=Subquery(upcoming.values("status")[:1]),
        last_settled_status=Subquery(last_settled.values("status")[:1]),
        unread_messages=Subquery(unread[:1]),
        last_person_message_at=Subquery(last_message.values("created_at")[:1]),
    )


def _pauses_by_enrolment(enrolment_ids: list[int]) -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """Each bilan's pauses, from its status transitions (one query for all)."""
    pauses: dict[int, list] = {}
    began: dict[int, datetime.date] = {}
    rows = (
        Transition.objects.filter(enrolment_id__in=enrolment_ids, kind=Transition.Kind.STATUS)
        .order_by("enrolment_id", "at", "pk")
        .values_list("enrolment_id", "to_state", "at")
    )
    for enrolment_id, to_state, at in rows:
        local = timezone.localdate(at)
        if to_state == EnrolmentStatus.PAUSED:
            began[enrolment_id] = local
        elif enrolment_id in began:
            pauses.setdefault(enrolment_id, []).append((began.pop(enrolment_id), local))
    for enrolment_id, start in began.items():
        pauses.setdefault(enrolment_id, []).append((start, None))
    return pauses


def rows_for(enrolments: QuerySet[Enrolment], *, now: datetime.datetime | None = None) -> list[CaseloadRow]:
    """Phase, progress, last activity, next appointment, unread messages and risk flags of each bilan, in a constant
    number of queries whatever the number of bilans (six)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    enrolments = list(_annotated(enrolments, now))
    journeys_by_id = {e.pk: getattr(e, "journey", None) for e in enrolments}
    started = {pk: journey for pk, journey in journeys_by_id.items() if journey is not None}
    template_ids = {journey.template_id for journey in started.values()}
    activities: dict[int, list[dict]] = {}
    for row in (
        Activity.objects.filter(template_id__in=template_ids, is_active=True)
        .order_by("module__phase__order", "module__order", "order")
        .values("id", "template_id", "tool", "instrument_slug", "expected_week", "module__phase__code")
    ):
        activities.setdefault(row["template_id"], []).append(row)
    states: dict[int, dict[int, str]] = {}
    for journey_id, activity_id, state in ActivityProgress.objects.filter(
        journey_id__in=[journey.pk for journey in started.values()]
    ).values_list("journey_id", "activity_id", "state"):
        states.setdefault(journey_id, {})[activity_id] = state
    finished: dict[int, list[tuple[str, datetime.datetime]]] = {}
    has_questionnaires = any(a["tool"] == Tool.QUESTIONNAIRE for rows in activities.values() for a in rows)
    if has_questionnaires:
        from openbilan.assessments.models import Attempt

        for user_id, slug, finished_at in Attempt.objects.filter(
            user_id__in=[e.beneficiary_id for e in enrolments if e.pk in started], finished_at__isnull=False
        ).values_list("user_id", "instrument_version__slug", "finished_at"):
            finished.setdefault(user_id, []).append((slug, finished_at))
    pauses = _pauses_by_enrolment(list(started))
    rows = []
    for enrolment in enrolments:
        journey = started.get(enrolment.pk)
        row = CaseloadRow(
            enrolment=enrolment,
            next_appointment_at=enrolment.next_appointment_at,
            next_appointment_status=enrolment.next_appointment_status or "",
            unread=enrolment.unread_messages or 0,
        )
        if journey is None:
            rows.append(row)
            continue
        journey.enrolment = enrolment
        done_instruments = {slug for slug, at in finished.get(enrolment.beneficiary_id, ()) if at >= journey.started_at}
        journey_states = states.get(journey.pk, {})
        template_rows = activities.get(journey.template_id, [])
        activity_rows = []
        for activity in template_rows:
            state = journey_states.get(activity["id"], "")
            if (
                activity["tool"] == Tool.QUESTIONNAIRE
                and activity["instrument_slug"] in done_instruments
                and state != ActivityProgress.State.SKIPPED
            ):
                state = ActivityProgress.State.DONE
            activity_rows.append(
                progress.ActivityRow(activity["id"], activity["module__phase__code"], activity["expected_week"], state)
            )
        end = enrolment.completed_at or enrolment.dropped_at
        days = progress.active_days(
            timezone.localdate(journey.started_at),
            timezone.localdate(end) if end else today,
            pauses.get(enrolment.pk, []),
        )
        summary = progress.summarise(activity_rows, journey.phase, journey.template.weeks, days)
        phase_weeks = [r.expected_week for r in activity_rows if r.phase == journey.phase and r.state != "skipped"]
        last_activity = max(filter(None, [journey.last_activity_at, enrolment.last_person_message_at]))
        row.phase = journey.phase
        row.done = sum(p.done for p in summary.phases)
        row.total = sum(p.total for p in summary.phases)
        row.week, row.weeks = summary.week, summary.weeks
        row.last_activity_at = last_activity
        row.flags = risk.flags(
            risk.Facts(
                status=enrolment.status,
                days_inactive=(now - last_activity).days,
                inactivity_days=enrolment.programme.inactivity_days,
                last_appointment_missed=enrolment.last_settled_status == AppointmentStatus.MISSED,
                week=summary.week,
                phase_last_week=max(phase_weeks) if phase_weeks else None,
            )
        )
        rows.append(row)
    return rows


SORTS = {
    "name": lambda row: (row.person.last_name.lower(), row.person.first_name.lower(), row.enrolment.pk),
    "risk": lambda row: (-row.risk_score, row.person.last_name.lower(), row.enrolment.pk),
    "last_activity": lambda row: (  # the longest silence first: who needs attention
        row.last_activity_at is None,
        row.last_activity_at or datetime.datetime.min.replace(tzinfo=datetime.UTC),
        row.enrolment.pk,
    ),
    "next_appointment": lambda row: (
        row.next_appointment_at is None,
        row.next_appointment_at or datetime.datetime.max.replace(tzinfo=datetime.UTC),
        row.enrolment.pk,
    ),
    "progress": lambda row: (row.percent, row.person.last_name.lower(), row.enrolment.pk),
}
STATUS_FILTERS = {
    "current": (EnrolmentStatus.INVITED, EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED),
    "all": tuple(EnrolmentStatus.values),
    **{status: (status,) for status in EnrolmentStatus.values},
}


@dataclass(frozen=True)
class CaseloadFilters:
    q: str = ""
    status: str = "current"
    phase: str = ""
    at_risk: bool = False
    sort: str = "risk"


def caseload(coach: User, filters: CaseloadFilters | None = None, *, now=None) -> list[CaseloadRow]:
    """The coach's caseload as the home page shows it: filtered and sorted, in a constant number of queries."""
    filters = filters or CaseloadFilters()
    if not coach.is_authenticated or not coach.is_coach:
        return []
    enrolments = access.coached_enrolments(coach).filter(
        status__in=STATUS_FILTERS.get(filters.status, STATUS_FILTERS["current"])
    )
    if filters.phase:
        enrolments = enrolments.filter(journey__phase=filters.phase)
    for word in filters.q.split()[:5]:
        enrolments = enrolments.filter(
            Q(beneficiary__first_name__icontains=word)
            | Q(beneficiary__last_name__icontains=word)
            | Q(beneficiary__email__icontains=word)
        )
    rows = rows_for(enrolments, now=now)
    if filters.at_risk:
        rows = [row for row in rows if row.flags]
    rows.sort(key=SORTS.get(filters.sort, SORTS["risk"]))
    return rows


def row_for(enrolment: Enrolment, *, now=None) -> CaseloadRow:
    return rows_for(Enrolment.objects.filter(pk=enrolment.pk), now=now)[0]
