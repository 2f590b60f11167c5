"""The one access rule: who is this user to this person and to this enrolment, and what may they open.

Every domain and every view asks here, never `enrolment.coach_id == user.pk` on its own. The rule reads:

- the user's role in the operator of *that* programme (a coach or an admin of another operator is nobody here);
- the coach assignment (a coach of the operator who does not follow this enrolment is nobody here);
- the enrolment's status: an invitation not accepted opens nothing of the person's work; after the end, a coach
  keeps the bilan's content for the documents' grace period only (`OPENBILAN_PURGE_GRACE_DAYS`), and the names,
  messages, appointments and outcome for the follow-up (`OPENBILAN_COACH_FOLLOW_UP_DAYS` after the end);
- the person's consents: without `coach_sharing`, the coach keeps what running the bilan needs (names, messages,
  appointments, time, notes, outcome) and never opens results, exercises, life line, suggestions, project or
  synthesis; the operator admin never opens the content at all.

Person-level data (questionnaire attempts, suggestions, accommodation requests) has no enrolment: what was made
before the person accepted this enrolment, while another one ran, belongs to that other one. The new operator's
staff see it only if the person chose to bring it along when accepting (`Enrolment.brings_earlier_work`).

The answer is one object (`EnrolmentAccess`, `PersonAccess`) that also writes the staff access log, with a label
code the person reads in their own language (`privacy.models.AccessLabel`). docs/PRIVACY.md states the rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from openbilan.accounts.models import Membership, Role, User
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.privacy.models import AccessLabel, AccessLog, Consent, Purpose
from openbilan.privacy.services import record_access

ENDED = (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED)


class Relation(StrEnum):
    PERSON = "person"
    COACH = "coach"
    REVIEWER = "reviewer"  # a coach of the same operator asked for a second review of one project
    ADMIN = "admin"


def content_days_after_end() -> int:
    """How long after the end a coach still reads the bilan's content: the documents' grace period before the
    purge destroys them (docs/PRIVACY.md, retention)."""
    return int(getattr(settings, "OPENBILAN_PURGE_GRACE_DAYS", 0))  # as privacy.erasure: R6313-7


def follow_up_days() -> int:
    """How long after the end the coach keeps names, messages, appointments, time and the outcome: the follow-up
    interview and the outcomes 3, 6 and 12 months after (programmes.FollowUp), with a month to record the last one
    (docs/PRIVACY.md)."""
    return int(getattr(settings, "OPENBILAN_COACH_FOLLOW_UP_DAYS", 400))


def withdrawn(person: User, purpose: str) -> bool:
    """True when the person's latest decision on `purpose` is a withdrawal (no decision: not withdrawn)."""
    latest = Consent.objects.filter(person=person, purpose=purpose).order_by("-at", "-pk").first()
    return latest is not None and not latest.granted


def granted(person: User, purpose: str) -> bool:
    latest = Consent.objects.filter(person=person, purpose=purpose).order_by("-at", "-pk").first()
    return latest is not None and latest.granted


def withdrawn_people(purpose: str) -> list[int]:
    """The people whose latest decision on `purpose` is a withdrawal (for aggregates that must leave them out)."""
    latest: dict[int, bool] = {}
    rows = Consent.objects.filter(purpose=purpose).order_by("person_id", "at", "pk").values_list("person_id", "granted")
    for person_id, is_granted in rows.iterator(chunk_size=5000):
        latest[person_id] = is_granted
    return sorted(person for person, is_granted in latest.items() if not is_granted)


def consent_stamp(purpose: str) -> str:
    """Changes whenever a decision on `purpose` is added: a cache of an aggregate keys on it."""
    row = Consent.objects.filter(purpose=purpose).aggregate(n=Count("pk"), last=Max("pk"))
    return f"{row['n']}-{row['last'] or 0}"


def _ended_at(enrolment: Enrolment) -> datetime.datetime | None:
    if enrolment.status == EnrolmentStatus.COMPLETED:
        return enrolment.completed_at or enrolment.status_changed_at
    if enrolment.status == EnrolmentStatus.DROPPED:
        return enrolment.dropped_at or enrolment.status_changed_at
    return None


def _roles_in(user: User, operator_id: int) -> set[str]:
    """The user's active roles in this one operator organisation (cached on the user for the request)."""
    cache = user.__dict__.setdefault("_operator_roles", {})
    if operator_id not in cache:
        cache[operator_id] = set(
            Membership.objects.filter(user=user, organisation_id=operator_id, is_active=True).values_list(
                "role", flat=True
            )
        )
    return cache[operator_id]


def _since(enrolment: Enrolment) -> datetime.datetime | None:
    """Person-level data made before this moment belongs to another enrolment of the person (None: all of it is
    this enrolment's). It is the moment the person accepted this enrolment, when another enrolment of theirs was
    accepted before it and the person did not choose to bring their earlier work along."""
    if enrolment.consented_at is None:
        return timezone.now()  # never reached: an invitation opens nothing of the person's work
    if enrolment.brings_earlier_work:
        return None
    return enrolment.consented_at if has_earlier_bilan(enrolment) else None


def has_earlier_bilan(enrolment: Enrolment) -> bool:
    """The person accepted another bilan before this one (the invitation then offers to bring its work along)."""
    others = Enrolment.objects.filter(beneficiary_id=enrolment.beneficiary_id, consented_at__isnull=False)
    if enrolment.consented_at is not None:
        others = others.filter(consented_at__lt=enrolment.consented_at)
    return others.exclude(pk=enrolment.pk).exists()


@dataclass(frozen=True)
class EnrolmentAccess:
    """What `user` may open of this enrolment. `runs`: names, messages, appointments, time, notes, outcome.
    `content`: results, exercises, life line, suggestions, project, synthesis."""

    user: User
    enrolment: Enrolment
    relation: Relation
    runs: bool
    content: bool

    @property
    def is_person(self) -> bool:
        return self.relation == Relation.PERSON

    @property
    def is_coach(self) -> bool:
        return self.relation == Relation.COACH

    @property
    def is_reviewer(self) -> bool:
        return self.relation == Relation.REVIEWER

    @property
    def is_admin(self) -> bool:
        return self.relation == Relation.ADMIN

    @property
    def person(self) -> User:
        return self.enrolment.beneficiary

    @property
    def since(self) -> datetime.datetime | None:
        """Person-level data made before this moment is not this enrolment's (see the module's docstring)."""
        return None if self.is_person else _since(self.enrolment)

    def log(self, label: str, *, path: str = "", reason: str = "") -> AccessLog | None:
        """Record that a staff member opened the person's data (the person reads it on their privacy page)."""
        return record(actor=self.user, subject=self.enrolment.beneficiary, label=label, path=path, reason=reason)


class ByRule:
    """For a domain's access object that carries the rule (`rule`: an EnrolmentAccess): who the user is to the person,
    read from the rule rather than stored twice."""

    rule: EnrolmentAccess

    @property
    def is_person(self) -> bool:
        return self.rule.is_person

    @property
    def is_coach(self) -> bool:
        return self.rule.is_coach


def record(*, actor: User, subject: User, label: str, path: str = "", reason: str = "") -> AccessLog | None:
    """One line of the staff access log, with a label code (AccessLabel). A person reading their own data is not
    logged."""
    if label not in AccessLabel.values:
        raise ValueError(f"Unknown access label: {label!r}")
    return record_access(actor=actor, subject=subject, what=label, reason=reason, path=path)


def decide(user: User, enrolment: Enrolment) -> EnrolmentAccess | None:
    """The rule, for an enrolment already loaded (with `programme` and `beneficiary`). None: nothing at all."""
    if not user.is_authenticated:
        return None
    if enrolment.beneficiary_id == user.pk:
        if not user.is_beneficiary:
            return None
        return EnrolmentAccess(user, enrolment, Relation.PERSON, runs=True, content=True)
    roles = _roles_in(user, enrolment.programme.operator_id)
    if Role.COACH in roles and enrolment.coach_id == user.pk:
        runs, content = _coach_may(enrolment)
        if runs:
            return EnrolmentAccess(user, enrolment, Relation.COACH, runs=True, content=content)
        return None
    if Role.OPERATOR_ADMIN in roles:
        return EnrolmentAccess(user, enrolment, Relation.ADMIN, runs=True, content=False)
    return None


def second_reviewer(user: User, enrolment: Enrolment) -> EnrolmentAccess | None:
    """A coach of the programme's operator whom the first coach asked to review a project: they read it on the same
    conditions as the first coach (the caller checks the project waits for them)."""
    if not user.is_authenticated or Role.COACH not in _roles_in(user, enrolment.programme.operator_id):
        return None
    _runs, content = _coach_may(enrolment)
    return EnrolmentAccess(user, enrolment, Relation.REVIEWER, runs=False, content=True) if content else None


def _coach_may(enrolment: Enrolment, now: datetime.datetime | None = None) -> tuple[bool, bool]:
    """(runs, content) for the enrolment's own coach, by status, dates and the person's consents."""
    now = now or timezone.now()
    if enrolment.status == EnrolmentStatus.INVITED or enrolment.consented_at is None:
        return True, False  # an invitation: the name, the invitation, the first messages; no work of the person
    ended = _ended_at(enrolment)
    if ended is None:
        runs, content = True, True
    else:
        keeps_documents = enrolment.status == EnrolmentStatus.COMPLETED and granted(
            enrolment.beneficiary, Purpose.KEEP_DOCUMENTS
        )
        runs_days = follow_up_days()  # the follow-up interview and outcome, or the last contacts after a drop
        content_days = follow_up_days() if keeps_documents else content_days_after_end()
        runs = now <= ended + datetime.timedelta(days=runs_days)
        content = runs and now <= ended + datetime.timedelta(days=content_days)
    if content and withdrawn(enrolment.beneficiary, Purpose.COACH_SHARING):
        content = False
    return runs, content


def _loaded(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.select_related("programme__operator", "beneficiary", "coach", "prescriber")


def enrolment_access(user: User, enrolment_id: int) -> EnrolmentAccess | None:
    """The access of `user` to the enrolment with this id; None for anybody the rule does not name (a 404)."""
    if not user.is_authenticated:
        return None
    enrolment = _loaded(Enrolment.objects.filter(pk=enrolment_id)).first()
    return decide(user, enrolment) if enrolment is not None else None


def coach_scope(user: User, now: datetime.datetime | None = None) -> Q:
    """The enrolments `user` follows as coach and still may open (for lists: the caseload), as one condition.

    It says the same as `decide` for the coach relation's `runs`, in SQL."""
    now = now or timezone.now()
    if not user.is_authenticated or not user.is_coach:
        return Q(pk__in=[])
    operators = Membership.objects.filter(user=user, role=Role.COACH, is_active=True).values("organisation")
    open_ = ~Q(status__in=ENDED)
    completed = Q(status=EnrolmentStatus.COMPLETED, completed_at__gte=now - datetime.timedelta(days=follow_up_days()))
    dropped = Q(status=EnrolmentStatus.DROPPED, dropped_at__gte=now - datetime.timedelta(days=follow_up_days()))
    return Q(coach=user, programme__operator__in=operators) & (open_ | completed | dropped)


def coached_enrolments(user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(coach_scope(user))


# --- Person-level data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonAccess:
    """What `user` may open of the person's own data (not tied to one enrolment).

    `content`: questionnaire results, suggestions and reactions (the person; their coach with `coach_sharing`).
    `accommodations`: the accommodation requests (the person; their coach; the admins of an operator whose
    enrolment the person accepted). `since`: what was made before belongs to another operator's enrolment."""

    user: User
    person: User
    relation: Relation
    content: bool
    accommodations: bool
    since: datetime.datetime | None
    enrolment: Enrolment | None  # the enrolment that opens it (None for the person)

    @property
    def is_person(self) -> bool:
        return self.relation == Relation.PERSON

    def made_since(self, queryset: QuerySet, field: str) -> QuerySet:
        """Rows of `queryset` this access may show: those made since `since` (the person: all)."""
        return queryset if self.since is None else queryset.filter(**{f"{field}__gte": self.since})

    def shows(self, at: datetime.datetime | None) -> bool:
        return self.since is None or (at is not None and at >= self.since)

    def log(self, label: str, *, path: str = "", reason: str = "") -> AccessLog | None:
        return record(actor=self.user, subject=self.person, label=label, path=path, reason=reason)


def person_access(user: User, person: User) -> PersonAccess | None:
    """The access of `user` to the person-level data of `person`, through the enrolment that opens the most."""
    if not user.is_authenticated:
        return None
    if user.pk == person.pk:
        if not user.is_beneficiary:
            return None
        return PersonAccess(user, person, Relation.PERSON, True, True, None, None)
    best: PersonAccess | None = None
    for enrolment in _loaded(Enrolment.objects.filter(beneficiary=person).order_by("-consented_at", "-pk")):
        access = decide(user, enrolment)
        if access is None or enrolment.consented_at is None:
            continue  # an invitation not accepted opens nothing of the person's own data
        candidate = PersonAccess(
            user,
            person,
            access.relation,
            content=access.content,
            accommodations=access.is_coach or (access.is_admin and enrolment.status not in ENDED),
            since=access.since,
            enrolment=enrolment,
        )
        if best is None or _opens_more(candidate, best):
            best = candidate
    if best is None or not (best.content or best.accommodations):
        return None
    return best


def _rank(access: PersonAccess) -> tuple:
    earliest = -access.since.timestamp() if access.since is not None else 0.0
    return (access.content, access.accommodations, access.since is None, earliest)


def _opens_more(a: PersonAccess, b: PersonAccess) -> bool:
    return _rank(a) > _rank(b)


def person_for_content(user: User, person: User) -> PersonAccess | None:
    access = person_access(user, person)
    return access if access is not None and access.content else None
