"""Reads for the funder's reporting: who may see which programme, and the aggregate counts of a programme.

Every count is a GROUP BY in the database (one query per breakdown, whatever the size of the cohort): no enrolment
is ever loaded in Python. The counts go to the pure `figures.build_report`, which applies suppression.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import CharField, Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr, TruncDate
from django.utils import timezone

from openbilan.accounts.models import Organisation, Role, User
from openbilan.coaching.models import Appointment, AppointmentStatus, TimeEntry
from openbilan.enrolments.models import AgeBand, Enrolment, EnrolmentStatus, Gender, JobSeekerBand, SocialMinima
from openbilan.privacy.models import Consent, Purpose
from openbilan.programmes.models import (
    AGREES,
    DisabilityDeclaration,
    Evaluation,
    EvaluationKind,
    FollowUp,
    Outcome,
    Programme,
)
from openbilan.programmes.segments import add_months
from openbilan.referential.choices import QualificationLevel
from openbilan.reporting import geography
from openbilan.reporting.disclosure import DEFAULT_MINIMUM
from openbilan.reporting.figures import HELPED_MOST, IMPACT_QUESTIONS, Dimension, EvaluationCounts, ReportData
from openbilan.territory.selectors import areas_of_postcodes

# The breakdowns a Region asks for (docs/DOMAIN_NOTES.md, section 5, and issue 18), in the order the report shows them.
# Most are one column of the enrolment; prescriber is a finer split of prescriber_network (one GROUP BY on
# prescriber_id), the département and the zone d'emploi come from the postcode (the zone within its département),
# disability from the person's own declaration.
DIMENSIONS = (
    "gender",
    "age_band",
    "qualification_level",
    "departement",
    "zone_emploi",
    "qpv",
    "zrr",
    "single_parent",
    "social_minima",
    "disability",
    "job_seeker_band",
    "prescriber_network",
    "prescriber",
)
# The breakdown each finer breakdown splits (they are protected together).
PARENTS = {"prescriber": "prescriber_network", "zone_emploi": "departement"}
# The enrolment field each breakdown reads (None: unknown for everybody). The zone d'emploi reads the postcode,
# through territory's postcodes and communes (`zone_dimension`).
FIELDS = {
    "gender": "gender",
    "age_band": "age_band",
    "qualification_level": "qualification_level",
    "zone_emploi": "postcode",
    "qpv": "qpv",
    "zrr": "zrr",
    "single_parent": "single_parent",
    "social_minima": "social_minima",
    "job_seeker_band": "job_seeker_band",
}
ORDERS = {
    "gender": Gender.values,
    "age_band": AgeBand.values,
    "qualification_level": QualificationLevel.values,
    "qpv": [True, False],
    "zrr": [True, False],
    "single_parent": [True, False],
    "social_minima": SocialMinima.values,
    "job_seeker_band": JobSeekerBand.values,
    "prescriber_network": Organisation.Network.values,
    "disability": [True, False],
    "departement": list(geography.DEPARTEMENTS),
}
COLD_EVALUATION_MONTHS = 6
FOLLOW_UP_MONTHS = {"end": 0, "3m": 3, "6m": 6, "12m": 12}


def minimum_cell() -> int:
    """The small-cell threshold: a figure about fewer people is withheld (settings.OPENBILAN_MIN_CELL_SIZE). Below 2
    it would protect nobody (and the texts that name it, "moins de 11 personnes", are written for a plural)."""
    minimum = getattr(settings, "OPENBILAN_MIN_CELL_SIZE", DEFAULT_MINIMUM)
    if not isinstance(minimum, int) or minimum < 2:
        raise ImproperlyConfigured(f"OPENBILAN_MIN_CELL_SIZE must be an integer of at least 2, not {minimum!r}.")
    return minimum


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


def reportable_programme(user: User, slug: str) -> Programme | None:
    """One of the programmes `user` may report on, with its funder and operator; None when it is not one of them."""
    return reportable_programmes(user).select_related("funder", "operator").filter(slug=slug).first()


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


def programme_to_report(slug: str) -> Programme | None:
    """The programme with this slug, with its funder and operator, for the command line (the operator's own
    machine: no user to check; the web pages go through `reportable_programmes`)."""
    return Programme.objects.select_related("funder", "operator").filter(slug=slug).first()


def operates(user: User, programme: Programme) -> bool:
    """True for the operator admins of the programme's operator: they see the live figures (the funder sees the
    publications only)."""
    return _member_of(user, Role.OPERATOR_ADMIN).filter(pk=programme.operator_id).exists()


def _withdrawn(purpose: str) -> list[int]:
    """People whose latest decision on `purpose` is a withdrawal (the consent ledger is only added to)."""
    latest: dict[int, bool] = {}
    rows = Consent.objects.filter(purpose=purpose).order_by("person_id", "at", "pk").values_list("person_id", "granted")
    for person_id, granted in rows:
        latest[person_id] = granted
    return sorted(person for person, granted in latest.items() if not granted)


def _cohort(programme: Programme) -> QuerySet[Enrolment]:
    """The enrolments the funder's figures count: everyone, except the people who withdrew their consent to be
    counted in the funder's anonymous statistics (privacy purpose `funder_aggregates`)."""
    cohort = Enrolment.objects.filter(programme=programme).order_by()
    withdrawn = _withdrawn(Purpose.FUNDER_AGGREGATES)
    return cohort.exclude(beneficiary_id__in=withdrawn) if withdrawn else cohort


def _of_cohort(queryset: QuerySet, programme: Programme, path: str = "enrolment__") -> QuerySet:
    """Rows about enrolments (outcomes, evaluations, appointments) of the counted people."""
    withdrawn = _withdrawn(Purpose.FUNDER_AGGREGATES)
    return queryset.exclude(**{f"{path}beneficiary_id__in": withdrawn}) if withdrawn else queryset


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


def _end_outcomes(programme: Programme) -> QuerySet[Outcome]:
    """The outcome at the end of the bilan of each person who completed it (later follow-ups are apart)."""
    return _of_cohort(
        Outcome.objects.filter(
            programme=programme, moment=FollowUp.END, enrolment__status=EnrolmentStatus.COMPLETED
        ).order_by(),
        programme,
    )


def end_outcome_counts(programme: Programme) -> dict[str, int]:
    return {row["kind"]: row["n"] for row in _end_outcomes(programme).values("kind").annotate(n=Count("programme"))}


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
    """Outcomes known at 3, 6 and 12 months, among the completers due for each (the end of the bilan is the
    headline)."""
    eligible = eligible or _eligible(programme, today)
    result = {moment: {"eligible": eligible[moment], "outcomes": {}} for moment in ("3m", "6m", "12m")}
    for moment in result:
        due = _of_cohort(
            Outcome.objects.filter(
                programme=programme,
                moment=moment,
                enrolment__status=EnrolmentStatus.COMPLETED,
                enrolment__completed_at__lte=_cutoff(today, FOLLOW_UP_MONTHS[moment]),
            ),
            programme,
        )
        for row in due.values("kind").annotate(n=Count("programme")).order_by():
            result[moment]["outcomes"][row["kind"]] = row["n"]
    return result


def evaluation_counts(
    programme: Programme, today: datetime.date, eligible: dict | None = None
) -> dict[str, EvaluationCounts]:
    """Respondents and answers of each evaluation, over those due for it (hot: all who completed)."""
    eligible = eligible or _eligible(programme, today)
    evaluations = _of_cohort(
        Evaluation.objects.filter(programme=programme, enrolment__status=EnrolmentStatus.COMPLETED).order_by(),
        programme,
    )
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


def testimonials(programme: Programme, limit: int = 12) -> list[tuple[int, str, str]]:
    """Testimonials the person agreed to publish without their name (the name is never read here), except from
    people who withdrew their consent to publish testimonials or to be counted."""
    withdrawn = set(_withdrawn(Purpose.TESTIMONIAL_PUBLICATION)) | set(_withdrawn(Purpose.FUNDER_AGGREGATES))
    rows = (
        Evaluation.objects.filter(programme=programme, testimonial_publish=True)
        .exclude(testimonial="")
        .exclude(enrolment__beneficiary_id__in=sorted(withdrawn))
        .order_by("-answered_at", "-pk")
        .values_list("pk", "kind", "testimonial")
    )
    return list(rows[:limit])


def consented_testimonials(ids) -> dict[int, str]:
    """The texts of these testimonials that may still be published (a frozen publication shows only these: a
    person who withdraws their consent disappears from every publication)."""
    withdrawn = set(_withdrawn(Purpose.TESTIMONIAL_PUBLICATION)) | set(_withdrawn(Purpose.FUNDER_AGGREGATES))
    rows = (
        Evaluation.objects.filter(pk__in=list(ids), testimonial_publish=True)
        .exclude(testimonial="")
        .exclude(enrolment__beneficiary_id__in=sorted(withdrawn))
        .values_list("pk", "testimonial")
    )
    return dict(rows)


# --- Breakdowns -------------------------------------------------------------------------------------------------------


def _split(programme: Programme, field: str | None, end_field: str | None = None, annotate=None) -> list[tuple]:
    """(segment value, status, outcome at the end of the bilan, n): the statuses from the enrolments (one GROUP BY
    on the report's index), the end outcomes of the completers from their outcomes (one GROUP BY through the
    enrolment); completers without one are "" (unknown)."""
    cohort = _cohort(programme)
    outcomes = _end_outcomes(programme)
    if annotate is not None:
        cohort = cohort.annotate(segment=annotate("")).order_by()
        outcomes = outcomes.annotate(segment=annotate("enrolment__")).order_by()
        field = end_field = "segment"
    if field is None:
        statuses = [(None, row["status"], row["n"]) for row in cohort.values("status").annotate(n=Count("programme"))]
        ends = [(None, row["kind"], row["n"]) for row in outcomes.values("kind").annotate(n=Count("programme"))]
    else:
        end_field = end_field or f"enrolment__{field}"
        statuses = [
            (row[field], row["status"], row["n"])
            for row in cohort.values(field, "status").annotate(n=Count("programme"))
        ]
        ends = [
            (row[end_field], row["kind"], row["n"])
            for row in outcomes.values(end_field, "kind").annotate(n=Count("programme"))
        ]
    return _merge(statuses, ends)


def _merge(statuses, ends) -> list[tuple]:
    known: Counter = Counter()
    rows = []
    for value, kind, n in ends:
        rows.append((value, EnrolmentStatus.COMPLETED.value, kind, n))
        known[value] += n
    completed: Counter = Counter()
    for value, status, n in statuses:
        if status == EnrolmentStatus.COMPLETED:
            completed[value] += n
        else:
            rows.append((value, status, "", n))
    for value, n in completed.items():
        if n - known[value] > 0:
            rows.append((value, EnrolmentStatus.COMPLETED.value, "", n - known[value]))
    return rows


def _mapped(rows, mapping) -> list[tuple]:
    merged: Counter = Counter()
    for value, status, kind, n in rows:
        merged[(mapping(value), status, kind)] += n
    return [(*key, n) for key, n in merged.items()]


def _disability(prefix: str):
    return Exists(DisabilityDeclaration.objects.filter(person=OuterRef(f"{prefix}beneficiary_id"), recognised=True))


def prescriber_dimensions(programme: Programme) -> tuple[Dimension, Dimension]:
    """The prescriber breakdowns (network, and each organisation within its network) from one GROUP BY on
    prescriber_id; the organisations' names are frozen with the publication."""
    rows = _split(programme, "prescriber_id")
    ids = {row[0] for row in rows if row[0] is not None}
    organisations = {org.pk: org for org in Organisation.objects.filter(pk__in=ids).only("name", "network")}
    network = _mapped(rows, lambda pk: organisations[pk].network if pk else None)
    return (
        Dimension(rows=network),
        Dimension(
            rows=rows,
            parent="prescriber_network",
            parent_of={pk: (organisations[pk].network if pk else None) for pk in ids | {None}},
            names={pk: org.name for pk, org in organisations.items()},
        ),
    )


def zone_key(departement: str, zone: str | None) -> str:
    """The row of a zone d'emploi within a département: "14-2804" (a zone that spans two départements has a row in
    each, so that the zones of a département add up to it), "14-" for a postcode of the Calvados whose zone is not
    known (no commune, or communes of several zones), "" when the département is not known either."""
    return f"{departement}-{zone or ''}" if departement else ""


def zone_dimension(programme: Programme, postcodes: list[tuple] | None = None) -> Dimension:
    """The zone d'emploi of each enrolment from its postcode (territory's postcodes and communes, one query), as a
    finer split of the département: the postcode gives both, so each zone row adds up into its département row."""
    rows = postcodes if postcodes is not None else _split(programme, "postcode")
    areas = areas_of_postcodes({row[0] for row in rows if row[0]})
    keys, names = {}, {}
    for postcode in {row[0] for row in rows}:
        area = areas.get(postcode)
        zone = area.zone_emploi if area else None
        keys[postcode] = zone_key(geography.departement_of(postcode), zone.code if zone else None)
        if zone is not None:
            names[keys[postcode]] = zone.name
    mapped = _mapped(rows, lambda postcode: keys[postcode])
    return Dimension(
        rows=mapped,
        parent=PARENTS["zone_emploi"],
        parent_of={key: key.split("-")[0] for key, *_rest in mapped},
        names=names,
    )


def dimension(programme: Programme, name: str, postcodes: list[tuple] | None = None) -> Dimension:
    if name == "zone_emploi":
        return zone_dimension(programme, postcodes)
    if name in FIELDS:
        return Dimension(rows=_split(programme, FIELDS[name]))
    if name == "departement":
        rows = postcodes if postcodes is not None else _split(programme, "postcode")
        return Dimension(rows=_mapped(rows, geography.departement_of))
    if name == "disability":
        return Dimension(rows=_split(programme, None, annotate=_disability))
    raise ValueError(f"Unknown breakdown {name!r}.")


def segment_rows(programme: Programme, dimensions=DIMENSIONS) -> dict[str, Dimension]:
    segments = {}
    prescribers = None
    postcodes = _split(programme, "postcode") if {"departement", "zone_emploi"} <= set(dimensions) else None
    for name in dimensions:
        if name in ("prescriber_network", "prescriber"):
            prescribers = prescribers or prescriber_dimensions(programme)
            segments["prescriber_network"], segments["prescriber"] = prescribers
        elif name == "zone_emploi" and "departement" not in dimensions:
            # Alone (the live dashboard reads one breakdown at a time), the zone is protected with its département.
            segments["departement"] = dimension(programme, "departement", postcodes)
            segments[name] = dimension(programme, name, postcodes)
        else:
            segments[name] = dimension(programme, name, postcodes)
    return segments


def over_time_rows(programme: Programme) -> Dimension:
    """Enrolments by quarter of referral (their status now, their end outcome if completed): grouped by month in the
    database (plain SQL functions that SQLite and PostgreSQL both have), then added up by quarter."""

    def month(prefix: str):
        return Substr(Cast(f"{prefix}referred_on", output_field=CharField()), 1, 7)

    def quarter(value):
        if not value:
            return None
        year, number = value.split("-")
        return f"{year}-T{(int(number) - 1) // 3 + 1}"

    return Dimension(rows=_mapped(_split(programme, None, annotate=month), quarter))


# --- Measures ---------------------------------------------------------------------------------------------------------


def _weighted(counter: Counter) -> list[float]:
    values = []
    for value, n in counter.items():
        values += [value] * n
    return values


def measures(programme: Programme) -> dict[str, list[float]]:
    """One value per person for each measure (their medians are published): coaching hours of those who completed
    (appointments held and time entered), days from referral to the first appointment held, weeks from the start
    of the bilan (consent) to its completion."""
    completed = _cohort(programme).filter(status=EnrolmentStatus.COMPLETED)
    minutes: Counter = Counter()
    held = _of_cohort(
        Appointment.objects.filter(
            enrolment__programme=programme,
            enrolment__status=EnrolmentStatus.COMPLETED,
            status=AppointmentStatus.DONE,
        ),
        programme,
    )
    for row in held.values("enrolment_id").annotate(total=Sum("duration_minutes")).order_by():
        minutes[row["enrolment_id"]] += row["total"]
    entries = _of_cohort(
        TimeEntry.objects.filter(enrolment__programme=programme, enrolment__status=EnrolmentStatus.COMPLETED),
        programme,
    )
    for row in entries.values("enrolment_id").annotate(total=Sum("minutes")).order_by():
        minutes[row["enrolment_id"]] += row["total"]
    hours = Counter(round(total / 60, 1) for total in minutes.values())

    first = _of_cohort(
        Appointment.objects.filter(enrolment__programme=programme, status=AppointmentStatus.DONE), programme
    )
    delays: Counter = Counter()
    rows = (
        first.exclude(enrolment__referred_on=None)
        .values("enrolment_id", "enrolment__referred_on")
        .annotate(first=Min("starts_at"))
        .order_by()
    )
    for row in rows:
        days = (timezone.localdate(row["first"]) - row["enrolment__referred_on"]).days
        delays[max(days, 0)] += 1

    weeks: Counter = Counter()
    spans = (
        completed.exclude(consented_at=None)
        .values(start=TruncDate("consented_at"), end=TruncDate("completed_at"))
        .annotate(n=Count("programme"))
        .order_by()
    )
    for row in spans:
        weeks[round(max((row["end"] - row["start"]).days, 0) / 7, 1)] += row["n"]
    return {
        "coaching_hours": _weighted(hours),
        "days_to_first_appointment": _weighted(delays),
        "weeks_to_completion": _weighted(weeks),
    }


def programme_price(programme: Programme) -> Decimal | None:
    """The price of one bilan where the programme has one (its public offer's price, quality.Offer)."""
    from openbilan.quality.models import Offer

    return Offer.objects.filter(programme=programme).values_list("price_eur", flat=True).first()


def occupation_counts(programme: Programme) -> list[tuple[str, str, int]]:
    """(outcome group, ROME code, n): the occupations of the employment and training reached at the end of the bilan."""
    rows = (
        _end_outcomes(programme)
        .filter(kind__in=["employed_durable", "employed_transition", "training"])
        .exclude(rome_code="")
        .values("kind", "rome_code")
        .annotate(n=Count("programme"))
    )
    counts: Counter = Counter()
    for row in rows:
        group = "training" if row["kind"] == "training" else "employed"
        counts[(group, row["rome_code"])] += row["n"]
    return [(group, code, n) for (group, code), n in counts.items()]


def report_data(
    programme: Programme,
    *,
    today: datetime.date | None = None,
    dimensions=DIMENSIONS,
    over_time: bool = True,
    details: bool = True,
) -> ReportData:
    """Every count the report needs. `dimensions` limits the breakdowns read (the live dashboard reads one at a
    time); `details=False` reads only the headline (status and outcomes)."""
    today = today or timezone.localdate()
    statuses = status_counts(programme)
    data = ReportData(
        programme=programme_summary(programme),
        statuses=statuses,
        end_outcomes=end_outcome_counts(programme),
        drop_reasons=_counts(_cohort(programme).filter(status=EnrolmentStatus.DROPPED), "drop_reason"),
    )
    if not details:
        return data
    eligible = _eligible(programme, today)
    data.follow_ups = follow_up_counts(programme, today, eligible)
    data.evaluations = evaluation_counts(programme, today, eligible)
    data.testimonials = testimonials(programme)
    data.segments = segment_rows(programme, dimensions)
    if over_time:
        data.over_time = over_time_rows(programme)
    data.measures = measures(programme)
    data.started = sum(n for status, n in statuses.items() if status != EnrolmentStatus.INVITED)
    data.price = programme_price(programme)
    data.occupations = occupation_counts(programme)
    return data


# --- Publications -----------------------------------------------------------------------------------------------------


def publications_of(programme: Programme) -> QuerySet:
    from openbilan.reporting.models import Publication

    return Publication.objects.filter(programme=programme).order_by("-as_of", "-pk")


def latest_publication(programme: Programme):
    return publications_of(programme).first()


def publication_on(programme: Programme, as_of: datetime.date):
    return publications_of(programme).filter(as_of=as_of).first()


def latest_publications(programmes) -> dict:
    """The latest publication of each programme (one query), for the funder's list of programmes."""
    from openbilan.reporting.models import Publication

    latest = {}
    for publication in Publication.objects.filter(programme__in=programmes).order_by("programme_id", "as_of", "pk"):
        latest[publication.programme_id] = publication
    return latest
