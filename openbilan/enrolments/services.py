"""Every write of the enrolment core: invite, accept, change of status, and the statuses recorded in bulk.

Each status change is decided by `enrolments.machine` and recorded as a Transition; each function is one
transaction; refusals raise a translated error. One documented exception to the machine's guards:
`record_historical_statuses`, for records migrated from an earlier system or generated for demonstrations and
benchmarks. It follows the machine's own transitions and records each one as a Transition whose note says where it
came from ("Reprise historique : ..."), so the history stays complete and honest.

The domains above (journeys, programmes) follow these changes through `enrolments.hooks`.
"""

import datetime
import functools
from collections import deque
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan import bulk
from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import access, hooks, machine, tasks
from openbilan.enrolments.errors import NotAllowed, TransitionRefused
from openbilan.enrolments.machine import DROP_REASONS, TRANSITIONS, Action, Actor, Status
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Transition

HISTORICAL_NOTE = "Reprise historique : %s"


# --- Status changes ---------------------------------------------------------------------------------------------


def queue_invitation(enrolment: Enrolment) -> None:
    """Send the invitation e-mail from the task worker once the enrolment is committed (its link is minted there)."""
    transaction.on_commit(lambda: tasks.send_invitation.enqueue(enrolment.pk))


def change_coach(*, enrolment: Enrolment, coach: User | None) -> Enrolment:
    """Give the bilan to `coach` (None: to nobody), who must be an active coach of the programme's operator: the one
    write of an enrolment's coach. The access rule reads it at once (the former coach loses access). Who may assign,
    and the history of assignments, belong to coaching (coaching.services.assign_coach), which calls this."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("programme").get(pk=enrolment.pk)
    if (
        coach is not None
        and not coach.memberships.filter(
            organisation_id=enrolment.programme.operator_id, role=Role.COACH, is_active=True
        ).exists()
    ):
        raise NotAllowed()
    Enrolment.objects.filter(pk=enrolment.pk).update(coach=coach)
    enrolment.coach = coach
    return enrolment


def actor_of(enrolment: Enrolment, user: User | None) -> Actor:
    """How the rules see `user` for this enrolment."""
    if user is None:
        return Actor.SYSTEM
    if user.pk == enrolment.beneficiary_id:
        return Actor.PERSON
    rule = access.decide(user, enrolment)
    return Actor.COACH if rule is not None and rule.is_coach else Actor.OTHER


def record_transition(enrolment, *, kind, from_state, to_state, actor, at, reason_code="", note="") -> Transition:
    """Add one row to the enrolment's history (statuses here; phases from journeys.services)."""
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
    programme,  # programmes.Programme
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
        record_transition(
            enrolment,
            kind=Transition.Kind.STATUS,
            from_state="",
            to_state=Status.INVITED,
            actor=invited_by,
            at=enrolment.created_at,
        )
    return enrolment


@transaction.atomic
def accept_invitation(
    *,
    enrolment: Enrolment,
    actor: User,
    consent: bool,
    share_with_prescriber: bool = False,
    bring_earlier_work: bool = False,
    at: datetime.datetime | None = None,
) -> Enrolment:
    """The person reads what the bilan is and accepts it: their own, timestamped consent starts the bilan (journeys
    starts the journey on `hooks.accepted`).

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
    record_transition(
        enrolment,
        kind=Transition.Kind.STATUS,
        from_state=Status.INVITED,
        to_state=decision,
        actor=actor,
        at=at,
    )
    hooks.accepted.send(sender=Enrolment, enrolment=enrolment, actor=actor, at=at)
    return enrolment


@transaction.atomic
def enrol_with_consent(
    *,
    programme,  # programmes.Programme
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
    decision = machine.decide_status(
        machine.StatusRequest(
            status=enrolment.status,
            action=action,
            actor=actor_of(enrolment, actor),
            reason_code=reason_code,
            note=note,
            phase=hooks.current_phase(enrolment),
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
    record_transition(
        enrolment,
        kind=Transition.Kind.STATUS,
        from_state=previous,
        to_state=decision,
        actor=actor,
        at=now,
        reason_code=reason_code if decision == Status.DROPPED else "",
        note=note,
    )
    hooks.status_changed.send(sender=Enrolment, enrolment=enrolment, previous=previous, actor=actor, at=now)
    return enrolment


# --- Statuses recorded in bulk ------------------------------------------------------------------------------------


def _at(day: datetime.date) -> datetime.datetime:
    """A day as an aware datetime at noon, local time (no time zone can move it to another day)."""
    return _noon(day, timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=8192)
def _noon(day: datetime.date, zone: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@dataclass(frozen=True)
class HistoricalState:
    """A status as an earlier system recorded it. `started_on`: the day the person entered the programme (their
    consent was collected by that system)."""

    status: str
    status_on: datetime.date | None = None
    drop_reason: str = ""
    started_on: datetime.date | None = None


def historical_path(current: str, target: str) -> list[Action] | None:
    """The machine's own actions that lead from `current` to `target` (shortest), or None when none does (a
    completed bilan never goes back). From "invited", the person accepts first: an earlier system only recorded
    people who had started."""
    if current == target:
        return []
    prefix = []
    if current == Status.INVITED:
        prefix, current = [Action.ACCEPT], Status.ACTIVE
        if target == current:
            return prefix
    queue = deque([(current, [])])
    seen = {current}
    while queue:
        status, path = queue.popleft()
        for action, rule in TRANSITIONS.items():
            if status in rule.sources and rule.target not in seen:
                if rule.target == target:
                    return [*prefix, *path, action]
                seen.add(rule.target)
                queue.append((rule.target, [*path, action]))
    return None


TRANSITION_COLUMNS = ("enrolment_id", "kind", "from_state", "to_state", "actor_id", "at", "reason_code", "note")


@dataclass(frozen=True)
class _Step:
    """One transition to record, kept light (a whole cohort may have hundreds of thousands)."""

    enrolment: Enrolment
    from_state: str
    to_state: str
    at: datetime.datetime
    reason_code: str = ""


def _historical_changes(enrolment: Enrolment, state: HistoricalState, *, new: bool) -> list[_Step]:
    """Apply a historical state to the enrolment in memory; the transitions to record."""
    path = historical_path(enrolment.status, state.status)
    if path is None:
        raise NotAllowed(
            _("Le statut ne peut pas revenir de « %(current)s » à « %(target)s ».")
            % {"current": EnrolmentStatus(enrolment.status).label, "target": EnrolmentStatus(state.status).label}
        )
    started = state.started_on or state.status_on or timezone.localdate()
    changed_on = state.status_on or started
    steps = []
    if new:
        steps.append(_Step(enrolment, "", Status.INVITED, _at(started)))
    status = enrolment.status
    for action in path:
        rule = TRANSITIONS[action]
        at = _at(started) if action == Action.ACCEPT else _at(changed_on)
        if action == Action.ACCEPT:
            enrolment.consented_at = enrolment.consented_at or at
        elif action == Action.PAUSE:
            enrolment.paused_at = at
        elif action == Action.RESUME:
            enrolment.paused_at = None
        elif action == Action.COMPLETE:
            enrolment.completed_at = at
        elif action == Action.DROP:
            if state.drop_reason not in DROP_REASONS:
                raise NotAllowed(_("Choisissez le motif de l'arrêt dans la liste."))
            enrolment.dropped_at, enrolment.drop_reason = at, state.drop_reason
        reason = state.drop_reason if action == Action.DROP else ""
        steps.append(_Step(enrolment, status, rule.target, at, reason))
        status = rule.target
        enrolment.status = status
        enrolment.status_changed_at = at
    return steps


HISTORICAL_FIELDS = (
    "status",
    "consented_at",
    "status_changed_at",
    "paused_at",
    "completed_at",
    "dropped_at",
    "drop_reason",
)


@transaction.atomic
def record_historical_statuses(
    *, items: list[tuple[Enrolment, HistoricalState]], actor: User | None, source: str, new: bool = False
) -> int:
    """THE one service that sets statuses without the machine's guards (consent on this platform, conclusions
    phase, the coach as the one who completes): for records migrated from an earlier system (`import_cohort
    --historical`) and for generated demonstration or benchmark cohorts. It still follows the machine's transitions
    (an invited person accepts, then completes or stops; nothing goes back) and records every step as a Transition
    noted "Reprise historique : <source>".

    `new`: the enrolments are not saved yet; they are created here (their invitation is recorded at their start
    date too). Works in bulk: one INSERT or UPDATE batch for the enrolments, one for their transitions. Returns how
    many enrolments were written."""
    steps: list[_Step] = []
    changed: list[Enrolment] = []
    for enrolment, state in items:
        if new != (enrolment.pk is None):
            raise ValueError("new=True takes unsaved enrolments, new=False saved ones")
        found = _historical_changes(enrolment, state, new=new)
        if found:
            steps.extend(found)
            changed.append(enrolment)
    if new:
        bulk.insert(Enrolment, changed, key=("programme_id", "beneficiary_id"))
    else:
        Enrolment.objects.bulk_update(changed, HISTORICAL_FIELDS, batch_size=500)
    note = HISTORICAL_NOTE % source
    actor_id = actor.pk if actor else None
    bulk.insert_values(
        Transition,
        TRANSITION_COLUMNS,
        [
            (
                step.enrolment.pk,
                Transition.Kind.STATUS,
                step.from_state,
                step.to_state,
                actor_id,
                step.at,
                step.reason_code,
                note,
            )
            for step in steps
        ],
    )
    started = [e for e in changed if e.consented_at is not None]
    if started:
        hooks.started_in_bulk.send(sender=Enrolment, enrolments=started, new=new)
    return len(changed)
