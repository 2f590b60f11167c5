"""How to get to a suggested occupation (issue 21): the certifications that lead to it for this person, the sessions
near them, the routes to fund it, a shorter first step when the best fit asks more than they accept, and why not
the others. A read: it gathers what the training, territory and programmes domains own.

The person's level and the training length they accept come from their imperatives (journeys); their place and how
far they can travel from territory. A certification fits when its level is within one of the person's (either way)
and its known length within what they accept (training.selectors.training_paths). VAE is said possible for a
certification the export marks as open to VAE; it is said to fit their past jobs when the certification also leads
to one of them (by the job's own code or its parent code). A first step: a certification that fits, of a lower level
than those of the occupation, leading to an occupation from which ROME lists a move to it (mobility links).
"""

from __future__ import annotations

from dataclasses import dataclass

from openbilan.accounts.models import User
from openbilan.programmes import selectors as programmes
from openbilan.recommendations import weights as W
from openbilan.recommendations.selectors import Outlook
from openbilan.recommendations.training import person_level
from openbilan.territory import selectors as territory
from openbilan.training import selectors as training

DEFAULT_RADIUS_KM = 30  # sessions are looked for within this distance when the person has not said how far
SESSIONS = 5
FIRST_STEP_SOURCES = 6  # occupations leading to the target (ROME mobility) whose certifications are looked at
FIRST_STEPS = 3
VAE_LINKS = ("code", "parent")


@dataclass(frozen=True)
class CertificationPath:
    card: training.CertificationCard
    vae_from: tuple[str, ...] = ()  # the past jobs (labels) the certification also leads to


@dataclass(frozen=True)
class FirstStep:
    card: training.CertificationCard
    code_rome: str  # the occupation it leads to, from which ROME lists a move to the target
    label: str


@dataclass(frozen=True)
class PersonPaths:
    code_rome: str
    label: str
    level: int | None  # the person's level (2..8), None when not said
    max_training: str  # weights.MAX_TRAINING_MONTHS key
    max_months: int | None
    fitting: tuple[CertificationPath, ...]
    excluded: tuple[training.Excluded, ...]
    why_none: str  # training.TrainingPaths.why_none
    untitled: int
    sessions: tuple[training.SessionCard, ...]
    has_place: bool
    place_name: str
    radius_km: int
    first_steps: tuple[FirstStep, ...]
    funder: str  # the name of the funder of the person's programme ("" when none)
    cpf: bool  # a fitting certification (RNCP or RS) can be paid with the CPF
    regional: bool  # a session near them is funded by the Region

    @property
    def excluded_by_reason(self) -> dict[str, list[training.Excluded]]:
        found: dict[str, list[training.Excluded]] = {}
        for item in self.excluded:
            found.setdefault(item.reason, []).append(item)
        return found


def _vae_sources(past: list, cards) -> dict[str, tuple[str, ...]]:
    """Certification code -> the past jobs (labels) it also leads to, for the cards open to VAE."""
    wanted = {card.code for card in cards if card.vae}
    if not wanted:
        return {}
    found: dict[str, list[str]] = {}
    seen = set()
    for job in past:
        if not job.code_rome or job.code_rome in seen:
            continue
        seen.add(job.code_rome)
        for card in training.certifications_for_occupation(job.code_rome) or ():
            if card.code in wanted and card.link in VAE_LINKS and job.label not in found.get(card.code, []):
                found.setdefault(card.code, []).append(job.label)
    return {code: tuple(labels) for code, labels in found.items()}


def _first_steps(outlook: Outlook, code_rome: str, level, max_months, target_levels) -> tuple[FirstStep, ...]:
    """Fitting certifications of a lower level than the occupation's, leading to the occupations ROME lists as a
    move towards it (its closest links first)."""
    prepared = outlook.ranking.prepared
    sources = [code for code, targets in prepared.mobility.items() if code_rome in targets and code != code_rome]
    sources.sort(key=lambda code: (list(prepared.mobility[code]).index(code_rome), code))
    ceiling = min(target_levels) if target_levels else None
    steps: list[FirstStep] = []
    seen: set[str] = set()
    for source in sources[:FIRST_STEP_SOURCES]:
        found = training.training_paths(source, level=level, max_months=max_months)
        if found is None:
            continue
        for card in found.fitting:
            if card.code in seen or card.level is None or (ceiling is not None and card.level >= ceiling):
                continue
            seen.add(card.code)
            steps.append(FirstStep(card, source, prepared.labels[prepared.index[source]]))
            if len(steps) == FIRST_STEPS:
                return tuple(steps)
    return tuple(steps)


def _funder(person: User) -> str:
    enrolment = programmes.enrolments_of(person).select_related("programme__funder").order_by("-pk").first()
    return enrolment.programme.funder.name if enrolment else ""


def paths_for(outlook: Outlook, code_rome: str) -> PersonPaths | None:
    """Everything the training page of one suggestion shows, for the person of `outlook`. None for a code the
    ranking does not know."""
    prepared = outlook.ranking.prepared
    if code_rome not in prepared.index:
        return None
    imperatives = outlook.profile.imperatives
    level = person_level(imperatives.qualification_level)
    max_training = imperatives.max_training if imperatives.max_training in W.MAX_TRAINING_MONTHS else "any"
    max_months = W.MAX_TRAINING_MONTHS[max_training]
    found = training.training_paths(code_rome, level=level, max_months=max_months)
    if found is None:
        return None
    vae = _vae_sources(outlook.past, found.fitting)
    fitting = tuple(CertificationPath(card, vae.get(card.code, ())) for card in found.fitting)
    place = territory.place_of(outlook.person)
    radius = (place.place.travel_km if place else None) or DEFAULT_RADIUS_KM
    sessions: list = []
    commune = place.area.commune if place else None
    if fitting and commune is not None and commune.latitude is not None and commune.longitude is not None:
        sessions = training.upcoming_sessions(
            [item.card.code for item in fitting],
            point=(commune.latitude, commune.longitude),
            radius_km=radius,
            limit=SESSIONS,
        )
    steps: tuple[FirstStep, ...] = ()
    if found.why_none in ("level", "length", "level_and_length"):
        target_levels = [e.certification.level for e in found.excluded if e.certification.level is not None]
        steps = _first_steps(outlook, code_rome, level, max_months, target_levels)
    return PersonPaths(
        code_rome=code_rome,
        label=prepared.labels[prepared.index[code_rome]],
        level=level,
        max_training=max_training,
        max_months=max_months,
        fitting=fitting,
        excluded=found.excluded,
        why_none=found.why_none,
        untitled=found.untitled,
        sessions=tuple(sessions),
        has_place=place is not None,
        place_name=commune.name if commune is not None else "",
        radius_km=radius,
        first_steps=steps,
        funder=_funder(outlook.person),
        cpf=any(item.card.code.startswith(("RNCP", "RS")) for item in fitting),
        regional=any(session.regional for session in sessions),
    )
