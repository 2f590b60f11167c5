"""Reads of the recommendations domain. Who may see a person's suggestions lives here, once:

- the person themself (a beneficiary) sees their suggestions, reactions and shortlist;
- their coach sees them read-only as the one access rule says (openbilan.enrolments.access): never while the
  person withholds `coach_sharing`, nor when they rest on work made under another operator's enrolment;
  the view logs each access;
- nobody else: funders, prescribers, operator admins, other coaches and other beneficiaries get nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from openbilan.accounts.models import User
from openbilan.assessments import selectors as assessments
from openbilan.enrolments import access
from openbilan.journeys import selectors as journeys
from openbilan.recommendations import arrays, demand, ranking
from openbilan.recommendations.models import (
    CentreChoice,
    ConfirmedSkill,
    Reaction,
    ShortlistItem,
    SuggestionSettings,
)
from openbilan.referential.models import Appellation, CoreLevel, GrandDomaine, OccupationSkill
from openbilan.territory import selectors as territory


def can_view(viewer: User, person: User) -> bool:
    if not viewer.is_authenticated:
        return False
    if viewer.pk == person.pk:
        return person.is_beneficiary
    rule = access.person_for_content(viewer, person)
    if rule is None:
        return False
    # Suggestions are computed from all the person's results and reactions: if one of them was made under another
    # enrolment the person did not bring along, the suggestions are not this coach's to read.
    return rule.since is None or not (
        assessments.attempts_owned_by(person).filter(started_at__lt=rule.since).exists()
        or Reaction.objects.filter(user=person, created_at__lt=rule.since).exists()
        or ShortlistItem.objects.filter(user=person, added_at__lt=rule.since).exists()
    )


def person_for(viewer: User, user_id: int) -> User | None:
    """The person whose suggestions `viewer` may open as their coach, else None (never a reason why)."""
    person = User.objects.filter(pk=user_id).first()
    if person is None or person.pk == viewer.pk or not can_view(viewer, person):
        return None
    return person


# --- the orientation profile --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PastOccupation:
    title: str  # what the person wrote
    code_ogr: str
    code_rome: str  # "" when the appellation is unknown
    label: str


def past_occupations_of(person: User) -> list[PastOccupation]:
    """The jobs of the person's life timeline with the ROME occupation of each (two queries)."""
    jobs = journeys.jobs_of(person)
    codes = {int(job.rome_code_ogr) for job in jobs if job.rome_code_ogr.isdigit()}
    found = {
        str(code_ogr): (code_rome, label)
        for code_ogr, code_rome, label in Appellation.objects.filter(code_ogr__in=codes).values_list(
            "code_ogr", "occupation__code_rome", "occupation__label"
        )
    }
    return [PastOccupation(job.title, job.rome_code_ogr, *found.get(job.rome_code_ogr, ("", ""))) for job in jobs]


def centre_codes_of(person: User) -> frozenset[int]:
    return frozenset(CentreChoice.objects.filter(user=person).values_list("centre__code", flat=True))


def confirmed_skill_codes_of(person: User) -> frozenset[int]:
    return frozenset(ConfirmedSkill.objects.filter(user=person).values_list("skill__code_ogr", flat=True))


def _level(value: str) -> str | None:
    return value or None


def imperatives_of(person: User) -> ranking.Imperatives:
    said = journeys.imperatives_of(person)
    return ranking.Imperatives(
        excluded_contexts=frozenset(int(code) for code in said.excluded_contexts if str(code).isdigit()),
        qualification_level=_level(said.qualification_level),
        max_training=said.max_training or "any",
        self_employment=said.self_employment or "maybe",
    )


def orientation_profile(
    person: User,
    past: list[PastOccupation] | None = None,
    *,
    reactions: dict[str, str] | None = None,
    domains: frozenset[str] = frozenset(),
) -> ranking.Person:
    """Everything the ranking uses about the person, gathered from the domains that own it. Their reactions re-rank
    the list at once; `domains` narrows it to some grands domaines (the list page's filter)."""
    past = past_occupations_of(person) if past is None else past
    reactions = reactions_of(person) if reactions is None else reactions
    return ranking.Person(
        riasec=assessments.latest_riasec_scores(person),
        work_values=assessments.latest_values_ranking(person) or (),
        centres=centre_codes_of(person),
        past_occupations=tuple(dict.fromkeys(job.code_rome for job in past if job.code_rome)),
        skills=confirmed_skill_codes_of(person),
        imperatives=imperatives_of(person),
        reactions={code: kind for code, kind in reactions.items() if kind != Reaction.Kind.UNSURE},
        domains=domains,
    )


@dataclass(frozen=True)
class Outlook:
    """One person's ranking with what the pages show next to it."""

    person: User
    profile: ranking.Person
    ranking: ranking.Ranking
    past: list[PastOccupation]
    reactions: dict[str, str]  # code_rome -> Reaction.Kind
    shortlist: list[ShortlistItem]
    demand: LocalDemandUse | None = None

    @property
    def demand_on(self) -> bool:
        """The hiring demand near the person counts in this ranking."""
        return self.demand is not None and self.demand.enabled and self.demand.factor is not None

    @property
    def shortlisted(self) -> set[str]:
        return {item.occupation.code_rome for item in self.shortlist}

    @property
    def has_interests(self) -> bool:
        return "interests" in self.ranking.components

    @property
    def missing(self) -> list[str]:
        """What the person has not given yet, as keys the pages explain."""
        profile = self.profile
        missing = []
        if profile.riasec is None:
            missing.append("riasec")
        if not profile.work_values:
            missing.append("values")
        if not profile.centres:
            missing.append("centres")
        if not profile.past_occupations:
            missing.append("past")
        if profile.imperatives.qualification_level is None:
            missing.append("level")
        return missing


def reactions_of(person: User) -> dict[str, str]:
    return dict(Reaction.objects.filter(user=person).values_list("occupation__code_rome", "kind"))


def reaction_history(person: User) -> list[Reaction]:
    """The person's reactions, most recent first, with the occupation (one query)."""
    return list(Reaction.objects.filter(user=person).select_related("occupation").order_by("-updated_at", "-pk"))


def shortlist_of(person: User) -> list[ShortlistItem]:
    return list(ShortlistItem.objects.filter(user=person).select_related("occupation"))


def outlook_for(person: User, *, domains: frozenset[str] = frozenset()) -> Outlook:
    """Rank every occupation for the person (call only after can_view() allowed it), with the hiring demand near
    them as a bounded factor unless they turned it off."""
    past = past_occupations_of(person)
    reactions = reactions_of(person)
    profile = orientation_profile(person, past, reactions=reactions, domains=domains)
    prepared = arrays.prepared()
    use = local_demand_of(person, prepared)
    factors = [use.factor] if use.enabled and use.factor is not None else []
    result = ranking.rank(prepared, profile, factors=factors)
    return Outlook(person, profile, result, past, reactions, shortlist_of(person), use)


# --- the hiring demand near the person (issue 20) --------------------------------------------------------------------


@dataclass(frozen=True)
class LocalDemandUse:
    """Whether the person wants the hiring demand near them to count, and the factor when their place allows it."""

    enabled: bool
    has_place: bool
    bassin: str  # the bassin's name ("" without a place or a bassin)
    year: int | None
    factor: ranking.Factor | None


def local_demand_enabled(person: User) -> bool:
    """The person's choice (on until they turn it off)."""
    found = SuggestionSettings.objects.filter(user=person).values_list("local_demand", flat=True).first()
    return True if found is None else found


def local_demand_of(person: User, prepared: ranking.Prepared) -> LocalDemandUse:
    """The demand factor of the person's bassin (territory.selectors.local_demand, at the job level they aim at),
    or why there is none: turned off, no place, or no survey covering their bassin."""
    enabled = local_demand_enabled(person)
    place = territory.place_of(person)
    if place is None or place.area.bassin is None:
        return LocalDemandUse(enabled, place is not None, "", None, None)
    local = territory.local_demand(bassin_code=place.area.bassin.code, qualifications=place.place.qualifications)
    if local is None:
        return LocalDemandUse(enabled, True, "", None, None)
    figures = {
        code: demand.Figure(d.level, d.family, d.family_name, d.projects.value, d.projects.floor)
        for code, d in local.by_code.items()
    }
    factor = demand.factor(prepared, figures, bassin=local.bassin_name, year=local.year) if enabled else None
    return LocalDemandUse(enabled, True, local.bassin_name, local.year, factor)


# --- the profile page ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillChoice:
    code_ogr: int
    label: str
    confirmed: bool


def skills_to_confirm(person: User, past: list[PastOccupation]) -> list[tuple[PastOccupation, list[SkillChoice]]]:
    """For each past job with a known ROME occupation: its core skills, and whether the person confirmed them."""
    codes = [job.code_rome for job in past if job.code_rome]
    if not codes:
        return []
    confirmed = confirmed_skill_codes_of(person)
    by_code: dict[str, list[SkillChoice]] = {}
    rows = (
        OccupationSkill.objects.filter(occupation__code_rome__in=codes)
        .exclude(core=CoreLevel.NONE)
        .order_by("occupation__code_rome", "skill__label")
        .values_list("occupation__code_rome", "skill__code_ogr", "skill__label")
    )
    for code, skill, label in rows:
        by_code.setdefault(code, []).append(SkillChoice(skill, label, skill in confirmed))
    seen: set[str] = set()
    out = []
    for job in past:
        if job.code_rome and job.code_rome not in seen:
            seen.add(job.code_rome)
            out.append((job, by_code.get(job.code_rome, [])))
    return out


def grands_domaines() -> list[tuple[str, str]]:
    """The ROME's grands domaines (letter, label), to narrow the list of suggestions."""
    return list(GrandDomaine.objects.order_by("code").values_list("code", "label"))
