"""Synthetic cohorts, for the demo programme and the reporting benchmarks: realistic, seeded, and fast.

People, memberships, enrolments, transitions, journeys, outcomes and evaluations are written with bulk inserts
(100,000 people in well under a minute on SQLite). Their statuses go through the one documented historical
service (`enrolments.services.record_historical_statuses`), so that every status still has its recorded
transitions. The people are
fictitious: their e-mail addresses end in `.invalid` (RFC 2606), so that nothing can ever reach anybody.
"""

import contextlib
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.utils import timezone

from openbilan import bulk
from openbilan.accounts.models import Membership, Role, User
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Origin
from openbilan.enrolments.services import HistoricalState, record_historical_statuses
from openbilan.programmes import segments
from openbilan.programmes.models import Evaluation, FollowUp, Outcome, OutcomeSource, Programme
from openbilan.programmes.services import DETAIL_FIELDS, segment_values

FIRST_NAMES = [
    "Amandine",
    "Bilal",
    "Camille",
    "Chloé",
    "Damien",
    "Élodie",
    "Fatou",
    "Florian",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jordan",
    "Julie",
    "Karima",
    "Kevin",
    "Laura",
    "Léa",
    "Lucas",
    "Manon",
    "Marine",
    "Mathis",
    "Mehdi",
    "Nadia",
    "Nicolas",
    "Océane",
    "Patrick",
    "Pauline",
    "Quentin",
    "Rachid",
    "Sabrina",
    "Samuel",
    "Sarah",
    "Sofiane",
    "Stéphanie",
    "Thomas",
    "Valérie",
    "Yanis",
    "Yasmine",
    "Zoé",
]
LAST_NAMES = [
    "Bernard",
    "Bouvier",
    "Charpentier",
    "Colin",
    "Diallo",
    "Dubois",
    "Duval",
    "Fontaine",
    "Fournier",
    "Garnier",
    "Gauthier",
    "Girard",
    "Guérin",
    "Hamel",
    "Lambert",
    "Laurent",
    "Lebrun",
    "Leclerc",
    "Lefebvre",
    "Legrand",
    "Lemaire",
    "Leroux",
    "Marchand",
    "Martin",
    "Mercier",
    "Michel",
    "Moreau",
    "Morel",
    "Nguyen",
    "Perrin",
    "Petit",
    "Renaud",
    "Robin",
    "Roussel",
    "Roux",
    "Traoré",
    "Vincent",
]
STATUS_MIX = (("completed", 60), ("active", 14), ("paused", 4), ("dropped", 12), ("invited", 10))
OUTCOME_MIX = (
    ("employed_durable", 13),
    ("employed_transition", 8),
    ("training", 17),
    ("business_creation", 8),
    ("job_seeking", 17),
    ("validating_project", 32),
    ("other", 3),
    ("", 2),
)
LATER_OUTCOME_MIX = (
    ("employed_durable", 28),
    ("employed_transition", 14),
    ("training", 22),
    ("business_creation", 9),
    ("job_seeking", 20),
    ("other", 7),
)
DROP_MIX = (("personal", 50), ("health", 10), ("found_job", 20), ("moved", 6), ("unreachable", 10), ("other", 4))
QUALIFICATION_MIX = (("infra3", 14), ("3", 22), ("4", 26), ("5", 16), ("6", 12), ("7", 8), ("8", 2))
MINIMA_MIX = (("none", 52), ("rsa", 26), ("ass", 9), ("aah", 5), ("other", 3), ("", 5))
HELPED_MIX = (
    ("introspection", 40),
    ("coach", 33),
    ("questionnaires", 10),
    ("occupations", 9),
    ("professionals", 6),
    ("other", 2),
)
TESTIMONIALS = (
    "Une grande étude de moi-même.",
    "J'ai retrouvé la confiance en mes capacités.",
    "Les activités en ligne m'ont permis de prendre du temps pour réfléchir sur moi et mes motivations.",
    "Une découverte de mes blocages, et que j'ai tout pour réussir.",
    "Mon consultant a été à l'écoute. Il m'a aidée à croire en moi et à passer à l'action.",
    "Je ne m'attendais pas à une telle démarche. Les propositions de métiers correspondent à mes envies.",
    "J'ai compris que l'âge n'est qu'un chiffre et que mes expériences de vie comptent aussi.",
    "Je sais maintenant quelles valeurs sont les miennes et je saurai mieux me présenter à un recruteur.",
)
SOURCE = "données fictives"


def _pick(rng: random.Random, mix) -> str:
    values, weights = zip(*mix, strict=True)
    return rng.choices(values, weights)[0]


def _maybe(rng: random.Random, share: float) -> bool | None:
    """yes / no, or unknown one time in ten."""
    if rng.random() < 0.1:
        return None
    return rng.random() < share


def _agreement(rng: random.Random, agree_share: float) -> int:
    if rng.random() < agree_share:
        return rng.choice((4, 4, 3))
    return rng.choice((2, 2, 1))


def new_enrolment(**values) -> Enrolment:
    """An unsaved enrolment built positionally (Django's fast path: several times quicker than keyword arguments,
    which counts for 100,000 of them). Fields not given take their default."""
    fields = Enrolment._meta.concrete_fields
    return Enrolment(*(values[f.attname] if f.attname in values else f.get_default() for f in fields))


@dataclass(frozen=True)
class Generated:
    created: int
    skipped: int


# Real postcodes of the five Normandy départements (one zone d'emploi each, but 27400 which spans three), so that
# the demo's breakdown by zone d'emploi (reporting, from territory's postcodes) is filled in.
POSTCODES = {
    "14": ("14000", "14100", "14200", "14400", "14500"),
    "27": ("27000", "27200", "27300", "27400"),
    "50": ("50000", "50100", "50300", "50400"),
    "61": ("61000", "61100", "61200"),
    "76": ("76000", "76100", "76200", "76400", "76600"),
}
GENDER_MIX = (("female", 52), ("male", 45), ("other", 1), ("", 2))


def _person_details(rng: random.Random, referred_on: datetime.date, extra: random.Random) -> dict:
    """The person's details. `extra` draws the details added later (gender), so that the main draws, and with them
    every figure of an existing synthetic cohort, stay the same."""
    age = rng.choices((rng.randint(18, 25), rng.randint(26, 44), rng.randint(45, 62)), (30, 48, 22))[0]
    birth_date = referred_on - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    job_seeker_since = (
        referred_on - datetime.timedelta(days=rng.choice((rng.randint(30, 360), rng.randint(365, 720), 900)))
        if rng.random() < 0.9
        else None
    )
    return {
        "phone": "",
        "birth_date": birth_date,
        "postcode": _postcode(rng.choice(tuple(POSTCODES)), rng.randint(0, 999)),
        "gender": _pick(extra, GENDER_MIX),
        "qualification_level": _pick(rng, QUALIFICATION_MIX),
        "qpv": _maybe(rng, 0.22),
        "zrr": _maybe(rng, 0.15),
        "single_parent": _maybe(rng, 0.18),
        "social_minima": _pick(rng, MINIMA_MIX),
        "job_seeker_since": job_seeker_since,
    }


def _postcode(departement: str, n: int) -> str:
    codes = POSTCODES[departement]
    return codes[n % len(codes)]


@transaction.atomic
def generate(
    *,
    programme: Programme,
    size: int,
    seed: int = 0,
    prefix: str = "synthetique",
    coaches: list[User] | tuple = (),
    today: datetime.date | None = None,
) -> Generated:
    """Add `size` fictitious people to `programme` (people `prefix`-000001 ... already there are kept as they are, so
    running it twice adds nothing). Returns how many were created and skipped."""
    today = today or timezone.localdate()
    with _large_cache():
        return _generate(programme=programme, size=size, seed=seed, prefix=prefix, coaches=coaches, today=today)


@contextlib.contextmanager
def _large_cache():
    """On SQLite, a larger page cache while the cohort is written: its rows go into a dozen report indexes in random
    order, and keeping their pages in memory makes the whole insert several times faster."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB, for this connection only
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _generate(*, programme, size, seed, prefix, coaches, today) -> Generated:
    rng = random.Random(seed)
    extra = random.Random(f"{seed}:details")
    emails = [f"{prefix}-{n:06d}@{programme.slug}.invalid" for n in range(1, size + 1)]
    existing = (
        set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        if size <= 5000
        else set(
            User.objects.filter(
                email__startswith=f"{prefix}-", email__endswith=f"@{programme.slug}.invalid"
            ).values_list("email", flat=True)
        )
    )
    todo = [email for email in emails if email not in existing]
    if not todo:
        return Generated(0, len(existing))
    start = programme.starts_on or today - datetime.timedelta(days=365)
    last_day = min(programme.ends_on or today, today)
    if last_day < start:
        start = last_day
    span = max((last_day - start).days, 0)
    prescribers = list(programme.prescribers.all())
    coaches = list(coaches)

    now = timezone.now()
    password = UNUSABLE_PASSWORD_PREFIX + "synthetic"
    bulk.insert_values(
        User,
        ("email", "first_name", "last_name", "password", "date_joined"),
        [(email, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), password, now) for email in todo],
    )
    user_ids = []
    for offset in range(0, len(todo), bulk.LOOKUP_CHUNK):
        chunk = todo[offset : offset + bulk.LOOKUP_CHUNK]
        found = dict(User.objects.filter(email__in=chunk).values_list("email", "pk"))
        user_ids += [found[email] for email in chunk]
    bulk.insert_values(
        Membership,
        ("user_id", "organisation_id", "role", "is_active", "created_at"),
        [(user_id, programme.operator_id, Role.BENEFICIARY, True, now) for user_id in user_ids],
    )

    items = []
    for user_id in user_ids:
        referred_on = start + datetime.timedelta(days=rng.randint(0, span))
        details = _person_details(rng, referred_on, extra)
        coach = rng.choice(coaches) if coaches else None
        prescriber = rng.choice(prescribers) if prescribers and rng.random() < 0.95 else None
        enrolment = new_enrolment(
            programme_id=programme.pk,
            beneficiary_id=user_id,
            coach_id=coach.pk if coach else None,
            prescriber_id=prescriber.pk if prescriber else None,
            status=EnrolmentStatus.INVITED,
            referred_on=referred_on,
            origin=Origin.SYNTHETIC,
            **{name: details[name] for name in DETAIL_FIELDS},
            **segment_values(details, referred_on),
        )
        status = _pick(rng, STATUS_MIX)
        days_in = (today - referred_on).days
        if status == "completed" and days_in < 84:
            status = "active"  # a bilan lasts about 12 weeks: too recent to be over
        if status != "invited" and days_in < 2:
            status = "invited"
        status_on = referred_on + datetime.timedelta(days=min(days_in, rng.randint(84, 115)))
        if status in ("dropped", "paused"):
            status_on = referred_on + datetime.timedelta(days=rng.randint(1, max(1, min(days_in, 80))))
        elif status == "active":
            status_on = referred_on + datetime.timedelta(days=1)
        enrolment.shares_with_prescriber = bool(enrolment.prescriber and status != "invited" and rng.random() < 0.6)
        enrolment.shared_with = enrolment.prescriber if enrolment.shares_with_prescriber else None
        state = HistoricalState(
            status=status,
            status_on=min(status_on, today),
            drop_reason=_pick(rng, DROP_MIX) if status == "dropped" else "",
            started_on=referred_on,
        )
        items.append((enrolment, state))
    outcomes = _outcomes(rng, items, today)
    record_historical_statuses(items=items, actor=None, source=SOURCE, new=True)
    bulk.insert_values(
        Outcome,
        ("enrolment_id", "programme_id", "moment", "kind", "observed_on", "source", "rome_code", "recorded_at"),
        [(enrolment.pk, programme.pk, *rest, now) for enrolment, *rest in outcomes],
    )
    completed = [enrolment for enrolment, _state in items if enrolment.status == EnrolmentStatus.COMPLETED]
    bulk.insert_values(
        Evaluation,
        EVALUATION_COLUMNS,
        [(enrolment.pk, programme.pk, *rest) for enrolment, *rest in _evaluations(rng, completed, today)],
    )
    return Generated(len(todo), len(existing))


def _outcomes(rng: random.Random, items, today: datetime.date) -> list[tuple]:
    """The outcomes of those who will complete, decided before the enrolments are written (so that each enrolment
    is inserted with its latest outcome, in one go): (enrolment, moment, kind, observed_on, source, rome_code)."""
    outcomes = []
    for enrolment, state in items:
        if state.status != EnrolmentStatus.COMPLETED:
            continue
        ended = state.status_on
        kind = _pick(rng, OUTCOME_MIX)
        if kind:
            outcomes.append((enrolment, FollowUp.END, kind, ended, OutcomeSource.COACH, ""))
            enrolment.outcome, enrolment.outcome_on = kind, ended
        for moment, months in ((FollowUp.MONTHS_3, 3), (FollowUp.MONTHS_6, 6), (FollowUp.MONTHS_12, 12)):
            due = segments.add_months(ended, months)
            if due > today or rng.random() > 0.7:
                break
            later = kind if kind in ("employed_durable", "training") and rng.random() < 0.7 else None
            kind = later or _pick(rng, LATER_OUTCOME_MIX)
            outcomes.append((enrolment, moment, kind, due, OutcomeSource.SELF_REPORTED, ""))
            enrolment.outcome, enrolment.outcome_on = kind, due
    return outcomes


EVALUATION_COLUMNS = (
    "enrolment_id",
    "programme_id",
    "kind",
    "knows_self_better",
    "overcame_blocks",
    "unexpected",
    "helped_most",
    "satisfaction",
    "recommend",
    "testimonial",
    "testimonial_publish",
    "answered_at",
)


def _evaluations(rng: random.Random, completed: list[Enrolment], today: datetime.date) -> list[tuple]:
    evaluations = []
    for enrolment in completed:
        ended = enrolment.completed_at
        moments = [("hot", ended)] if rng.random() < 0.75 else []
        cold_due = segments.add_months(timezone.localdate(ended), 6)
        if cold_due <= today and rng.random() < 0.45:
            moments.append(("cold", timezone.make_aware(datetime.datetime.combine(cold_due, datetime.time(18)))))
        for kind, at in moments:
            testimonial = rng.choice(TESTIMONIALS) if rng.random() < 0.12 else ""
            evaluations.append(
                (
                    enrolment,
                    kind,
                    _agreement(rng, 0.9),
                    _agreement(rng, 0.87),
                    _agreement(rng, 0.86),
                    _pick(rng, HELPED_MIX),
                    rng.choices((5, 4, 3, 2, 1), (48, 36, 10, 4, 2))[0],
                    rng.choices(range(11), (1, 1, 1, 1, 1, 2, 3, 6, 14, 25, 45))[0],
                    testimonial,
                    bool(testimonial) and rng.random() < 0.8,
                    at,
                )
            )
    return evaluations
