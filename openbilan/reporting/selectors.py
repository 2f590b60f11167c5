"""Reads for the funder's reporting: who may see which programme, and the aggregate counts of a programme.

Every count is a GROUP BY in the database (one query per breakdown, whatever the size of the cohort): no enrolment
is ever loaded in Python. The counts go to the pure `figures.build_report`, which applies suppression.
"""

import datetime

from django.conf import settings
from django.db.models import CharField, Count, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from openbilan.accounts.models import Organisation, Role, User
from openbilan.programmes.models import (
    AGREES,
    AgeBand,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    EvaluationKind,
    JobSeekerBand,
    Outcome,
    Programme,
    QualificationLevel,
    SocialMinima,
)
from openbilan.programmes.segments import add_months
from openbilan.reporting.figures import DEFAULT_MINIMUM, HELPED_MOST, IMPACT_QUESTIONS, EvaluationCounts, ReportData

# The segments funders ask about (DOMAIN.md section 6), each one column of the enrolment (prescriber: two views of
# the prescriber_id column).
DIMENSIONS = (
    "age_band",
    "qualification_level",
    "qpv",
    "zrr",
    "single_parent",
    "social_minima",
    "job_seeker_band",
    "prescriber_network",
    "prescriber",
)
ORDERS = {
    "age_band": AgeBand.values,
    "qualification_level": QualificationLevel.values,
    "qpv": [True, False],
    "zrr": [True, False],
    "single_parent": [True, False],
    "social_minima": SocialMinima.values,
    "job_seeker_band": JobSeekerBand.values,
    "prescriber_network": Organisation.Network.values,
}
COLD_EVALUATION_MONTHS = 6
FOLLOW_UP_MONTHS = {"end": 0, "3m": 3, "6m": 6, "12m": 12}


def minimum_cell() -> int:
    """The small-cell threshold: a figure about fewer people is withheld (settings.OPENBILAN_MIN_CELL_SIZE)."""
    return getattr(settings, "OPENBILAN_MIN_CELL_SIZE", DEFAULT_MINIMUM)


def _member_of(user: User, role: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, memberships__role=role, memberships__is_active=True)


def reportable_programmes(user: User) -> QuerySet[Programme]:
    """The programmes whose aggregates `user` may see: those their funder organisation funds (funder viewers),
    and those their operator runs (operator admins). Never a person: only counts go through this module."""
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(
        Q(funder__in=_member_of(user, Role.FUNDER_VIEWER)) | Q(operator__in=_member_of(user, Role.OPERATOR_ADMIN))
    )


def programme_rows(user: User) -> QuerySet[Programme]:
    """The reportable programmes with their number of people enrolled and completed (one query)."""
    return (
        reportable_programmes(user)
        .select_related("funder")
        .annotate(
            n_enrolled=Count("enrolments"),
            n_completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED)),
        )
        .order_by("name")
    )


def _cohort(programme: Programme) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(programme=programme).order_by()


def _counts(queryset: QuerySet, field: str) -> dict:
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("programme")).order_by()}


def _cutoff(today: datetime.date, months: int) -> datetime.datetime:
    """The end of the day `months` before `today`: a bilan completed by then is due for that follow-up."""
    day = add_months(today, -months)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def programme_summary(programme: Programme) -> dict:
    return {
        "programme": programme.slug,
        "programme_name": programme.name,
        "funder": programme.funder.name,
        "operator": programme.operator.name,
        "starts_on": programme.starts_on.isoformat() if programme.starts_on else None,
        "ends_on": programme.ends_on.isoformat() if programme.ends_on else None,
        "capacity": programme.capacity,
    }


def status_counts(programme: Programme) -> dict[str, int]:
    return _counts(_cohort(programme), "status")


def _eligible(programme: Programme, today: datetime.date) -> dict[str, int]:
    """Completers due for each follow-up and for the cold evaluation (one query, on the report's index)."""
    months = {**FOLLOW_UP_MONTHS, "cold": COLD_EVALUATION_MONTHS}
    counts = (
        _cohort(programme)
        .filter(status=EnrolmentStatus.COMPLETED)
        .aggregate(
            **{key: Count("programme", filter=Q(completed_at__lte=_cutoff(today, n))) for key, n in months.items()}
        )
    )
    return {key: value or 0 for key, value in counts.items()}


def follow_up_counts(programme: Programme, today: datetime.date, eligible: dict | None = None) -> dict[str, dict]:
    """Outcomes known at each follow-up moment (only people who completed have outcomes)."""
    eligible = eligible or _eligible(programme, today)
    result = {moment: {"eligible": eligible[moment], "outcomes": {}} for moment in FOLLOW_UP_MONTHS}
    rows = (
        Outcome.objects.filter(programme=programme).values("moment", "kind").annotate(n=Count("programme")).order_by()
    )
    for row in rows:
        result[row["moment"]]["outcomes"][row["kind"]] = row["n"]
    return result


def evaluation_counts(
    programme: Programme, today: datetime.date, eligible: dict | None = None
) -> dict[str, EvaluationCounts]:
    """Respondents and answers of each evaluation, over those due for it (hot: all who completed)."""
    eligible = eligible or _eligible(programme, today)
    evaluations = Evaluation.objects.filter(programme=programme).order_by()
    aggregates = {}
    for question in IMPACT_QUESTIONS:
        aggregates[f"{question}_agree"] = Count("programme", filter=Q(**{f"{question}__in": AGREES}))
        aggregates[f"{question}_answered"] = Count(question)
    rows = evaluations.values("kind").annotate(
        respondents=Count("programme"),
        satisfaction_answered=Count("satisfaction"),
        satisfaction_sum=Sum("satisfaction"),
        satisfied=Count("programme", filter=Q(satisfaction__gte=4)),
        recommend_answered=Count("recommend"),
        promoters=Count("programme", filter=Q(recommend__gte=9)),
        detractors=Count("programme", filter=Q(recommend__lte=6)),
        **{f"helped_{key}": Count("programme", filter=Q(helped_most=key)) for key in HELPED_MOST},
        **aggregates,
    )
    result = {
        EvaluationKind.HOT: EvaluationCounts(eligible=eligible["end"]),
        EvaluationKind.COLD: EvaluationCounts(eligible=eligible["cold"]),
    }
    for row in rows:
        counts = result[row["kind"]]
        counts.respondents = row["respondents"]
        counts.agree = {question: row[f"{question}_agree"] for question in IMPACT_QUESTIONS}
        counts.answered = {question: row[f"{question}_answered"] for question in IMPACT_QUESTIONS}
        counts.helped_most = {key: row[f"helped_{key}"] for key in HELPED_MOST if row[f"helped_{key}"]}
        counts.satisfaction_answered = row["satisfaction_answered"]
        counts.satisfaction_sum = row["satisfaction_sum"] or 0
        counts.satisfied = row["satisfied"]
        counts.recommend_answered = row["recommend_answered"]
        counts.promoters = row["promoters"]
        counts.detractors = row["detractors"]
    return result


def testimonials(programme: Programme, limit: int = 12) -> list[tuple[str, str]]:
    """Testimonials the person agreed to publish without their name (the name is never read here)."""
    return list(
        Evaluation.objects.filter(programme=programme, testimonial_publish=True)
        .exclude(testimonial="")
        .order_by("-answered_at", "-pk")
        .values_list("kind", "testimonial")[:limit]
    )


def _breakdown_rows(programme: Programme, field: str) -> list[tuple[object, str, str, int]]:
    rows = _cohort(programme).values(field, "status", "outcome").annotate(n=Count("programme")).order_by()
    return [(row[field], row["status"], row["outcome"], row["n"]) for row in rows]


def prescriber_rows(programme: Programme) -> tuple[list, list, dict[int, str]]:
    """The prescriber breakdowns (by network and by organisation) from one GROUP BY on prescriber_id."""
    rows = _breakdown_rows(programme, "prescriber_id")
    ids = {row[0] for row in rows if row[0] is not None}
    organisations = {org.pk: org for org in Organisation.objects.filter(pk__in=ids).only("name", "network")}
    by_network = [(organisations[pk].network if pk else None, *rest) for pk, *rest in rows]
    by_name = [(organisations[pk].name if pk else None, *rest) for pk, *rest in rows]
    return by_network, by_name, {pk: org.name for pk, org in organisations.items()}


def segment_rows(programme: Programme, dimensions=DIMENSIONS) -> dict[str, list]:
    segments = {}
    prescribers = None
    for dimension in dimensions:
        if dimension in ("prescriber_network", "prescriber"):
            prescribers = prescribers or prescriber_rows(programme)
            segments[dimension] = prescribers[0] if dimension == "prescriber_network" else prescribers[1]
        else:
            segments[dimension] = _breakdown_rows(programme, dimension)
    return segments


def over_time_rows(programme: Programme) -> list[tuple[object, str, str, int]]:
    """Enrolments by quarter of referral (their status now, their outcome if completed): grouped by month in the
    database (on the report's index, with plain SQL functions that SQLite and PostgreSQL both have), then the
    month rows are added up by quarter."""
    month = Substr(Cast("referred_on", output_field=CharField()), 1, 7)
    rows = _cohort(programme).annotate(month=month).values("month", "status", "outcome").annotate(n=Count("programme"))
    quarters: dict[tuple, int] = {}
    for row in rows.order_by():
        key = None
        if row["month"]:
            year, number = row["month"].split("-")
            key = f"{year}-T{(int(number) - 1) // 3 + 1}"
        quarters[(key, row["status"], row["outcome"])] = (
            quarters.get((key, row["status"], row["outcome"]), 0) + row["n"]
        )
    return [(*key, n) for key, n in quarters.items()]


def report_data(
    programme: Programme,
    *,
    today: datetime.date | None = None,
    dimensions=DIMENSIONS,
    over_time: bool = True,
    details: bool = True,
) -> ReportData:
    """Every count the report needs. `dimensions` limits the breakdowns read (the dashboard reads one at a time);
    `details=False` reads only the headline (status and outcomes)."""
    today = today or timezone.localdate()
    cohort = _cohort(programme)
    data = ReportData(
        programme=programme_summary(programme),
        statuses=status_counts(programme),
        outcomes=_counts(cohort.filter(status=EnrolmentStatus.COMPLETED), "outcome"),
    )
    if not details:
        return data
    data.drop_reasons = _counts(cohort.filter(status=EnrolmentStatus.DROPPED), "drop_reason")
    eligible = _eligible(programme, today)
    data.follow_ups = follow_up_counts(programme, today, eligible)
    data.evaluations = evaluation_counts(programme, today, eligible)
    data.testimonials = testimonials(programme)
    data.segments = segment_rows(programme, dimensions)
    if over_time:
        data.over_time = over_time_rows(programme)
    return data
