"""Reads of attempts and results. Who may see what lives here, once:

- a person sees and answers their own attempts;
- their coach sees their finished results, read-only, as the one access rule says (openbilan.enrolments.access:
  the coach's operator, the status, `coach_sharing`, and only what was made under that coach's enrolment);
- nobody else: funders, prescribers, operator admins, other coaches and other beneficiaries get nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from openbilan.accounts.models import User
from openbilan.assessments import scoring
from openbilan.assessments.models import Answer, Attempt, InstrumentVersion
from openbilan.enrolments import access
from openbilan.privacy.models import Purpose

# The order instruments are offered in.
OFFER_ORDER = ("riasec-markers-48", "work-values", "ipip-bigfive-50", "ipip-neo-120")
RIASEC = "riasec-markers-48"
WORK_VALUES = "work-values"


def offered_instruments() -> list[InstrumentVersion]:
    versions = list(InstrumentVersion.objects.filter(is_current=True))
    rank = {slug: index for index, slug in enumerate(OFFER_ORDER)}
    return sorted(versions, key=lambda version: (rank.get(version.slug, len(rank)), version.slug))


def attempts_owned_by(user: User) -> QuerySet[Attempt]:
    """The only way to reach an attempt to answer it: one's own."""
    if not user.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user).select_related("instrument_version")


def attempts_with_progress(user: User) -> QuerySet[Attempt]:
    return attempts_owned_by(user).annotate(n_answers=Count("answers")).order_by("-started_at", "-pk")


def results_access(viewer: User, person: User) -> access.PersonAccess | None:
    """What `viewer` may open of the person's results (the person: all; their coach: see the module docstring)."""
    return access.person_for_content(viewer, person)


def result_for(viewer: User, attempt_id: int) -> tuple[Attempt, access.PersonAccess] | None:
    """A finished attempt `viewer` may read, with the access that opens it, else None."""
    attempt = (
        Attempt.objects.filter(pk=attempt_id, finished_at__isnull=False)
        .select_related("instrument_version", "user")
        .first()
    )
    if attempt is None:
        return None
    rule = results_access(viewer, attempt.user)
    if rule is None or not rule.shows(attempt.started_at):
        return None
    return attempt, rule


def person_for(viewer: User, user_id: int) -> tuple[User, access.PersonAccess] | None:
    """The person whose results page `viewer` may open (themself, or someone in their caseload), else None."""
    person = User.objects.filter(pk=user_id).first()
    rule = results_access(viewer, person) if person is not None else None
    return (person, rule) if rule is not None else None


def attempts_of_person(person: User, rule: access.PersonAccess | None = None) -> QuerySet[Attempt]:
    """A person's attempts with their progress, those `rule` (from person_for) shows."""
    attempts = Attempt.objects.filter(user=person)
    if rule is not None:
        attempts = rule.made_since(attempts, "started_at")
    return (
        attempts.select_related("instrument_version")
        .annotate(n_answers=Count("answers"))
        .order_by("-started_at", "-pk")
    )


def finished_attempts_of_person(person: User, rule: access.PersonAccess, *, limit: int) -> list[Attempt]:
    """The person's latest finished attempts (at most `limit`), those `rule` shows (their coach's file)."""
    return list(attempts_of_person(person, rule).filter(finished_at__isnull=False)[:limit])


def answers_of(attempt: Attempt) -> dict[str, int]:
    return dict(attempt.answers.values_list("item_id", "value"))


def latest_finished(user: User, slug: str) -> Attempt | None:
    return (
        Attempt.objects.filter(user=user, instrument_version__slug=slug, finished_at__isnull=False)
        .select_related("instrument_version")
        .order_by("-finished_at", "-pk")
        .first()
    )


def latest_riasec_scores(user: User) -> dict[str, float] | None:
    """The person's latest RIASEC profile as {letter: 0-100 score}, in R I A S E C order; None if never finished.
    For the recommendations (profile correlation needs the six scores, not only the code)."""
    attempt = latest_finished(user, RIASEC)
    if attempt is None:
        return None
    scales = attempt.result["scales"]
    return {letter: scales[letter]["score"] for letter in scoring.HOLLAND_ORDER}


def latest_values_ranking(user: User) -> tuple[str, ...] | None:
    """The person's latest work-values card sort, most important first (O*NET work value slugs); None if never done.
    The slugs map to O*NET elements 1.B.2.a-f (see instruments/work-values.json, `onet_element_id`)."""
    attempt = latest_finished(user, WORK_VALUES)
    return None if attempt is None else tuple(attempt.result["order"])


# --- cohort reliability ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortTable:
    version: InstrumentVersion
    n: int
    scales: dict[str, scoring.ScaleReliability]


def _latest_finished_ids(version: InstrumentVersion, programme_slug: str | None) -> list[int]:
    attempts = Attempt.objects.filter(instrument_version=version, finished_at__isnull=False)
    if programme_slug:
        attempts = attempts.filter(user__enrolments__programme__slug=programme_slug)
    withdrawn = access.withdrawn_people(Purpose.RESEARCH)  # their answers leave the platform's norms at once
    if withdrawn:
        attempts = attempts.exclude(user_id__in=withdrawn)
    latest: dict[int, int] = {}
    for attempt_id, user_id in attempts.order_by("user_id", "-finished_at", "-pk").values_list("pk", "user_id"):
        latest.setdefault(user_id, attempt_id)
    return sorted(latest.values())


def cohort_matrix(version: InstrumentVersion, programme_slug: str | None = None) -> np.ndarray:
    """Answers of the latest finished attempt per person on this version, as an (n, k) matrix of raw answers in the
    order of the administered items (no keying applied)."""
    instrument = version.instrument()
    columns = {item.id: index for index, item in enumerate(instrument.administered_items)}
    ids = _latest_finished_ids(version, programme_slug)
    rows = {attempt_id: row for row, attempt_id in enumerate(ids)}
    matrix = np.zeros((len(ids), len(columns)), dtype=np.int64)
    answers = Answer.objects.filter(attempt_id__in=ids).values_list("attempt_id", "item_id", "value")
    for attempt_id, item_id, value in answers.iterator(chunk_size=5000):
        if item_id in columns:
            matrix[rows[attempt_id], columns[item_id]] = value
    return matrix


def cohort_table(version: InstrumentVersion, programme_slug: str | None = None) -> CohortTable:
    """Per-scale n, mean, SD, alpha, omega and SEM over the latest finished attempt of each person on this version
    (optionally only people enrolled in one programme). Cached until another attempt is finished."""
    stamp = Attempt.objects.filter(instrument_version=version, finished_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("finished_at")
    )
    last = stamp["last"].timestamp() if stamp["last"] else 0
    withdrawn = access.consent_stamp(Purpose.RESEARCH)  # a withdrawal of `research` also renews the table
    key = f"assessments:cohort:{version.pk}:{programme_slug or '-'}:{stamp['n']}:{last}:{withdrawn}"
    cached = cache.get(key)
    if cached is not None:
        return CohortTable(version, cached[0], cached[1])
    instrument = version.instrument()
    items = instrument.administered_items
    matrix = cohort_matrix(version, programme_slug)
    keyed = scoring.keyed_values(
        matrix, instrument.reverse_flags(items), minimum=instrument.minimum, maximum=instrument.maximum
    ).reshape(matrix.shape)
    table = scoring.reliability_table(
        keyed, instrument.scale_indices(items), minimum=instrument.minimum, maximum=instrument.maximum
    )
    cache.set(key, (matrix.shape[0], table), timeout=60 * 60)
    return CohortTable(version, matrix.shape[0], table)
