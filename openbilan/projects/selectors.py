"""Every read of the projects domain. Who may open what is decided here, once:

- a project and the synthesis: the person (a beneficiary) and the coach who follows their bilan. Nobody else;
- a project waiting for a second review: also the coach the first coach chose as second reviewer, while it waits
  (never the synthesis);
- a synthesis shared by the person: whoever holds a valid link, read-only, each opening recorded.
Funders, prescribers, operator admins, professionals, other coaches and other beneficiaries get nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from openbilan import tokens
from openbilan.accounts.models import User
from openbilan.assessments import selectors as assessments
from openbilan.assessments.models import Attempt
from openbilan.coaching import selectors as coaching
from openbilan.enrolments import access
from openbilan.enrolments.models import Enrolment
from openbilan.journeys.models import Aspirations, Journey, TimelineEntry
from openbilan.network import selectors as network
from openbilan.programmes.models import Programme
from openbilan.projects import chart, criteria, workflow
from openbilan.projects.models import (
    ActionStep,
    FieldEvidence,
    MarketEvidence,
    Opening,
    Project,
    ProjectEvent,
    ProjectState,
    RetentionChoice,
    ShareLink,
    Synthesis,
    SynthesisComment,
    SynthesisVersion,
)
from openbilan.recommendations import selectors as recommendations
from openbilan.recommendations.models import ConfirmedSkill, ShortlistItem
from openbilan.referential.models import CoreLevel, OccupationSkill


def second_review_required(programme: Programme) -> bool:
    """The programme's setting (programmes owns it: Programme.second_reviewer); False while it does not exist."""
    return bool(getattr(programme, "second_reviewer", False))


# --- who may open what ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BilanAccess(access.ByRule):
    enrolment: Enrolment
    rule: access.EnrolmentAccess


def bilan_access(user: User, enrolment_id: int) -> BilanAccess | None:
    """The bilan whose projects and synthesis `user` may open: their own, or one they follow as its coach while
    the person shares their work with them (openbilan.enrolments.access: projects and synthesis are content)."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id)
        .filter(Q(beneficiary=user) | Q(coach=user))
        .select_related("programme__operator", "beneficiary", "coach")
        .first()
    )
    if enrolment is None:
        return None
    rule = access.decide(user, enrolment)
    if rule is None or not (rule.is_person or (rule.is_coach and rule.content)):
        return None
    return BilanAccess(enrolment, rule)


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    rule: access.EnrolmentAccess

    @property
    def is_person(self) -> bool:
        return self.rule.is_person

    @property
    def is_coach(self) -> bool:
        return self.rule.is_coach

    @property
    def is_reviewer(self) -> bool:
        return self.rule.is_reviewer

    @property
    def actor(self) -> workflow.Actor:
        if self.is_person:
            return workflow.Actor.PERSON
        return workflow.Actor.COACH if self.is_coach else workflow.Actor.SECOND_REVIEWER


def project_access(user: User, project_id: int) -> ProjectAccess | None:
    if not user.is_authenticated:
        return None
    project = (
        Project.objects.filter(pk=project_id)
        .filter(Q(beneficiary=user) | Q(enrolment__coach=user) | Q(second_reviewer=user))
        .select_related("enrolment__programme__operator", "enrolment__coach", "beneficiary", "occupation")
        .first()
    )
    if project is None:
        return None
    rule = _project_rule(user, project)
    return ProjectAccess(project, rule) if rule is not None else None


def _project_rule(user: User, project: Project) -> access.EnrolmentAccess | None:
    """Who `user` is to this project: the person, the coach (while the person shares their work), or the second
    reviewer while it waits for them (a coach of the same operator, on the same condition)."""
    rule = access.decide(user, project.enrolment)
    if rule is not None and (rule.is_person or (rule.is_coach and rule.content)):
        return rule
    if project.second_reviewer_id == user.pk and project.state == ProjectState.SECOND_REVIEW:
        return access.second_reviewer(user, project.enrolment)
    return None


def my_bilans(user: User) -> QuerySet[Enrolment]:
    """The person's bilans that have started (consent given), newest first."""
    if not user.is_authenticated or not user.is_beneficiary:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(beneficiary=user, consented_at__isnull=False)
        .select_related("programme", "coach")
        .order_by("-created_at")
    )


# --- projects ------------------------------------------------------------------------------------------------------


def projects_of_enrolment(enrolment: Enrolment) -> list[Project]:
    return list(Project.objects.filter(enrolment=enrolment).select_related("occupation").order_by("created_at", "pk"))


def shortlist_candidates(enrolment: Enrolment) -> list[ShortlistItem]:
    """Shortlisted paths of the person that are not a project of this bilan yet."""
    taken = set(Project.objects.filter(enrolment=enrolment).values_list("occupation_id", "kind"))
    return [
        item
        for item in recommendations.shortlist_of(enrolment.beneficiary)
        if (item.occupation_id, item.path) not in taken and item.occupation.is_active
    ]


def debriefs_for(project: Project) -> list[network.Debrief]:
    return network.debriefs_of(project.beneficiary, [project.code_rome])


def evidence_of(project: Project, *, debriefs: list | None = None, counts: dict | None = None) -> criteria.Evidence:
    """What the criteria read (three queries, or none when the counts and debriefs are given)."""
    debriefs = debriefs_for(project) if debriefs is None else debriefs
    if counts is None:
        counts = {
            "market": project.market.count(),
            "steps": project.steps.count(),
            "interviews": project.field.filter(kind=FieldEvidence.Kind.INTERVIEW).count(),
            "immersions": project.field.filter(kind=FieldEvidence.Kind.IMMERSION).count(),
        }
    return criteria.Evidence(
        alignment_taken=bool(project.alignment_evidence),
        alignment_note=project.alignment_note,
        feasibility_note=project.feasibility_note,
        feasibility_contradicted=bool((project.feasibility_evidence or {}).get("excluded_by")),
        market_entries=counts["market"],
        training_needed=project.training_needed,
        training_name=project.training_name,
        funding_sources=len(project.funding_sources or []),
        funding_note=project.funding_note,
        dated_steps=counts["steps"],
        interviews=counts["interviews"] + len(debriefs),
        immersions=counts["immersions"],
    )


def evidence_is_stale(project: Project) -> bool:
    """Whether what the suggestions read about the person changed since the project's evidence was taken: a
    questionnaire finished, the imperatives or the life line saved, a skill confirmed."""
    taken = project.evidence_taken_at
    if taken is None:
        return True
    person_id = project.beneficiary_id
    journey = Journey.objects.filter(enrolment_id=project.enrolment_id).values_list("pk", flat=True).first()
    if journey is not None and (
        Aspirations.objects.filter(journey_id=journey, updated_at__gt=taken).exists()
        or TimelineEntry.objects.filter(journey_id=journey, updated_at__gt=taken).exists()
    ):
        return True
    return (
        Attempt.objects.filter(user_id=person_id, finished_at__gt=taken).exists()
        or ConfirmedSkill.objects.filter(user_id=person_id, confirmed_at__gt=taken).exists()
    )


def checks_of(project: Project) -> list[criteria.Check]:
    return criteria.check(evidence_of(project))


@dataclass(frozen=True)
class ProjectView:
    project: Project
    checks: list[criteria.Check]
    market: list[MarketEvidence]
    steps: list[ActionStep]
    field: list[FieldEvidence]
    debriefs: list[network.Debrief]
    events: list[ProjectEvent]
    review: ProjectEvent | None  # the latest request for changes, with its comments per criterion

    @property
    def all_met(self) -> bool:
        return criteria.all_met(self.checks)

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def by_kind(self) -> dict[str, criteria.Check]:
        return {c.kind: c for c in self.checks}


def project_view(project: Project) -> ProjectView:
    """Everything the project page shows, in a constant number of queries."""
    market = list(project.market.all())
    steps = list(project.steps.all())
    field_items = list(project.field.all())
    debriefs = debriefs_for(project)
    events = list(project.events.select_related("actor"))
    counts = {
        "market": len(market),
        "steps": len(steps),
        "interviews": sum(1 for f in field_items if f.kind == FieldEvidence.Kind.INTERVIEW),
        "immersions": sum(1 for f in field_items if f.kind == FieldEvidence.Kind.IMMERSION),
    }
    checks = criteria.check(evidence_of(project, debriefs=debriefs, counts=counts))
    review = next((e for e in reversed(events) if e.action == workflow.Action.REQUEST_CHANGES), None)
    if review is not None and project.state != ProjectState.CHANGES_REQUESTED:
        review = None
    return ProjectView(project, checks, market, steps, field_items, debriefs, events, review)


def review_queue(coach: User) -> list[Project]:
    """Projects waiting for this coach: submitted by a person they follow, or in second review with them."""
    if not coach.is_authenticated or not coach.is_coach:
        return []
    return list(
        Project.objects.filter(
            Q(enrolment__in=access.coached_enrolments(coach), state=ProjectState.SUBMITTED)
            | Q(second_reviewer=coach, state=ProjectState.SECOND_REVIEW)
        )
        .exclude(beneficiary=coach)
        .select_related("beneficiary", "enrolment__programme")
        .order_by("updated_at", "pk")
    )


def caseload_projects(coach: User) -> list[Enrolment]:
    """The coach's bilans with how many projects, validated projects and the synthesis state (two queries)."""
    if not coach.is_authenticated or not coach.is_coach:
        return []
    return list(
        access.coached_enrolments(coach)
        .select_related("beneficiary", "programme", "synthesis")
        .annotate(
            n_projects=Count("projects", distinct=True),
            n_validated=Count("projects", filter=Q(projects__state=ProjectState.VALIDATED), distinct=True),
        )
        .order_by("beneficiary__last_name", "beneficiary__first_name", "pk")
    )


def user_named(user_id: int) -> User | None:
    """The account a coach named as second reviewer; whether they may review is services.transition's rule."""
    return User.objects.filter(pk=user_id).first()


def reviewers_for(project: Project, coach: User) -> QuerySet[User]:
    """The coaches of the programme's operator who may review this project, the person's own coach excepted."""
    return (
        coaching.coaches_of(project.enrolment.programme.operator_id)
        .exclude(pk=coach.pk)
        .exclude(pk=project.beneficiary_id)
    )


# --- for the coach screen and the data export -----------------------------------------------------------------------


_STATE_RANK = {
    ProjectState.VALIDATED: 0,
    ProjectState.SECOND_REVIEW: 1,
    ProjectState.SUBMITTED: 2,
    ProjectState.CHANGES_REQUESTED: 3,
    ProjectState.DRAFT: 4,
}


def project_of(beneficiary: User) -> Project | None:
    """The person's main project: the most advanced one of their latest bilan, the newest on a tie."""
    projects = list(
        Project.objects.filter(beneficiary=beneficiary)
        .select_related("occupation", "enrolment")
        .order_by("-enrolment__created_at", "-created_at", "-pk")
    )
    if not projects:
        return None
    latest = projects[0].enrolment_id
    candidates = [p for p in projects if p.enrolment_id == latest]
    return min(candidates, key=lambda p: _STATE_RANK.get(p.state, 9))


def synthesis_of(beneficiary: User) -> Synthesis | None:
    """The synthesis of the person's latest bilan that has one."""
    return (
        Synthesis.objects.filter(enrolment__beneficiary=beneficiary)
        .select_related("enrolment")
        .order_by("-enrolment__created_at")
        .first()
    )


@dataclass(frozen=True)
class ProjectSummary:
    """What the coach screen shows in its "Projet" section (template projects/includes/coach_summary.html)."""

    person: User
    project: Project | None
    checks: list[criteria.Check]
    synthesis: Synthesis | None
    enrolment_ids: list[int] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.checks if c.met)


def project_summary_for(person: User) -> ProjectSummary:
    """For the coaching screen (coaching.www presenters): the main project, its criteria and the synthesis state.
    Call only once the viewer may see the person (their coach): the coaching screen checks and logs that."""
    project = project_of(person)
    return ProjectSummary(
        person=person,
        project=project,
        checks=checks_of(project) if project else [],
        synthesis=synthesis_of(person),
        enrolment_ids=list(
            Enrolment.objects.filter(beneficiary=person).order_by("-created_at").values_list("pk", flat=True)
        ),
    )


# --- the synthesis -----------------------------------------------------------------------------------------------


def synthesis_for(enrolment: Enrolment) -> Synthesis | None:
    return Synthesis.objects.filter(enrolment=enrolment).first()


def syntheses_waiting_for(person) -> dict[int, str]:
    """enrolment id -> state of the person's syntheses that wait for them: sent for comments ("review") or final and
    not yet confirmed as received ("final"); one query, for the person's home."""
    waiting = (workflow.SynthesisState.REVIEW, workflow.SynthesisState.FINAL)
    return dict(
        Synthesis.objects.filter(enrolment__beneficiary=person, state__in=waiting).values_list("enrolment_id", "state")
    )


def versions_of(synthesis: Synthesis) -> list[SynthesisVersion]:
    return list(
        synthesis.versions.select_related("written_by").prefetch_related(
            Prefetch("comments", queryset=SynthesisComment.objects.select_related("author"))
        )
    )


def latest_version(synthesis: Synthesis) -> SynthesisVersion | None:
    return synthesis.versions.order_by("-number").first()


def version_numbered(synthesis: Synthesis, number: int) -> SynthesisVersion | None:
    return synthesis.versions.filter(number=number).first()


def final_version(synthesis: Synthesis) -> SynthesisVersion | None:
    return synthesis.versions.filter(is_final=True).first()


def readable_version(synthesis: Synthesis, *, as_person: bool) -> SynthesisVersion | None:
    """The version a reader sees: the final one once there is one; otherwise the latest (for the person, only
    once the coach sent it)."""
    final = final_version(synthesis)
    if final is not None:
        return final
    if as_person and not workflow.person_may_read(synthesis.state):
        return None
    return latest_version(synthesis)


def links_of(synthesis: Synthesis) -> list[ShareLink]:
    return list(synthesis.links.annotate(n_openings=Count("openings")))


def openings_of(enrolment: Enrolment, limit: int = 100) -> list[Opening]:
    """Who opened the person's project or synthesis (the coach, a second reviewer, a shared link), newest first."""
    return list(
        Opening.objects.filter(Q(synthesis__enrolment=enrolment) | Q(project__enrolment=enrolment))
        .select_related("actor", "link", "project")
        .order_by("-at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class LinkLookup:
    link: ShareLink | None
    status: int  # 200 valid, 404 unknown, 410 revoked or expired


def link_for(token: str, now: datetime.datetime | None = None) -> LinkLookup:
    if not token or len(token) > 100:
        return LinkLookup(None, 404)
    link = (
        ShareLink.objects.filter(token_hash=tokens.token_hash(token))
        .select_related("synthesis__enrolment__beneficiary", "synthesis__enrolment__programme")
        .first()
    )
    if link is None:
        return LinkLookup(None, 404)
    now = now or timezone.now()
    if link.revoked_at is not None or link.expires_at <= now or not workflow.synthesis_is_final(link.synthesis.state):
        return LinkLookup(link, 410)
    return LinkLookup(link, 200)


def retention_of(enrolment: Enrolment) -> RetentionChoice | None:
    return RetentionChoice.objects.filter(enrolment=enrolment).first()


def kept_until(beneficiary: User) -> datetime.date | None:
    """The latest day the person agreed in writing to keep their documents for follow-up (R6313-7); None without
    a written agreement."""
    choice = (
        RetentionChoice.objects.filter(enrolment__beneficiary=beneficiary, keep=True)
        .exclude(agreement="")
        .order_by("-keep_until")
        .first()
    )
    return choice.keep_until if choice else None


def cep_links(beneficiary: User) -> QuerySet[ShareLink]:
    """The links by which the person sent their final synthesis to a CEP operator: the evidence that keeps that
    synthesis three years after the end (R6313-7)."""
    return ShareLink.objects.filter(synthesis__enrolment__beneficiary=beneficiary, to_cep=True)


# --- the facts the synthesis is assembled from -------------------------------------------------------------------


def _day(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def synthesis_facts(enrolment: Enrolment) -> dict:
    """The journey as plain JSON data, kept with each version: circumstances (programme, dates, phases), results
    (RIASEC scores, values, confirmed skills), options explored (reactions, shortlist), the projects and their
    steps. A fixed number of queries."""
    person = enrolment.beneficiary
    journey = Journey.objects.filter(enrolment=enrolment).first()
    phases = []
    interviews = 0
    if journey is not None:
        phases = [
            {"code": code, "opened_on": _day(at)}
            for code, at in (
                ("preliminary", journey.started_at),
                ("investigation", journey.investigation_opened_at),
                ("conclusions", journey.conclusions_opened_at),
            )
            if at is not None
        ]
        interviews = journey.interviews.count()
    riasec = assessments.latest_riasec_scores(person)
    values = assessments.latest_values_ranking(person) or ()
    skills = list(
        ConfirmedSkill.objects.filter(user=person).order_by("skill__label").values_list("skill__label", flat=True)
    )
    held = set(ConfirmedSkill.objects.filter(user=person).values_list("skill_id", flat=True))
    reactions = recommendations.reaction_history(person)
    shortlisted = {item.occupation.code_rome for item in recommendations.shortlist_of(person)}
    projects = (
        Project.objects.filter(enrolment=enrolment)
        .select_related("occupation")
        .prefetch_related("steps")
        .annotate(n_field=Count("field", distinct=True))
        .order_by("created_at", "pk")
    )
    debriefs = network.debriefs_of(person)
    options = {}
    for reaction in reactions:
        options[reaction.occupation.code_rome] = {
            "code": reaction.occupation.code_rome,
            "label": reaction.occupation.label,
            "reaction": reaction.kind,
            "shortlisted": reaction.occupation.code_rome in shortlisted,
        }
    for item in recommendations.shortlist_of(person):
        options.setdefault(
            item.occupation.code_rome,
            {"code": item.occupation.code_rome, "label": item.occupation.label, "reaction": "", "shortlisted": True},
        )
    return {
        "person": person.get_full_name() or person.email,
        "programme": enrolment.programme.name,
        "operator": enrolment.programme.operator.name,
        "coach": enrolment.coach.get_full_name() if enrolment.coach else "",
        "started_on": _day(journey.started_at) if journey else _day(enrolment.consented_at),
        "ended_on": _day(enrolment.completed_at),
        "phases": phases,
        "interviews": interviews,
        "coach_minutes": coaching.time_budget(enrolment).used,
        "riasec": None if riasec is None else {"scores": riasec, "code": chart.holland_code(riasec)},
        "values": list(values[:3]),
        "skills": skills[:30],
        "options": list(options.values())[:15],
        "projects": [
            {
                "title": p.title,
                "code": p.code_rome,
                "occupation": p.occupation.label,
                "kind": p.kind,
                "state": p.state,
                "training": p.training_name if p.training_needed else "",
                "funding": list(p.funding_sources or []),
                "local_demand": (p.feasibility_evidence or {}).get("local_demand"),
                "certification": p.certification_code,
                "session": p.session_label,
                "session_demo": p.session_is_demo,
                "field": p.n_field + sum(1 for d in debriefs if d.code_rome == p.code_rome),
                "to_acquire": _skills_to_acquire(p.occupation_id, held),
                "steps": [
                    {"title": s.title, "due_on": _day(s.due_on), "done_on": _day(s.done_on)} for s in p.steps.all()
                ],
            }
            for p in projects
        ],
        "meetings": len(debriefs),
    }


def _skills_to_acquire(occupation_id: int, held: set[int], limit: int = 8) -> list[str]:
    """The core skills of the project's occupation the person has not confirmed, by their names."""
    links = OccupationSkill.objects.filter(occupation_id=occupation_id, core=CoreLevel.MAIN).exclude(skill_id__in=held)
    return list(links.order_by("skill__label").values_list("skill__label", flat=True)[:limit])


def project_for_occupation(person: User, code_rome: str) -> Project | None:
    """The person's own project on this occupation (the latest), to pick its training from the suggestion's page."""
    return Project.objects.filter(beneficiary=person, code_rome=code_rome).order_by("-pk").first()
