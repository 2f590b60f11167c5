"""Every write to programmes, enrolments, referrals, outcomes, evaluations and cohort files.

Status changes go through the enrolment core (`enrolments.services`), including the statuses of historical
records (`enrolments.services.record_historical_statuses`). Programmes never imports journeys: what journeys must
know (an evaluation answered) goes through `enrolments.hooks`.
"""

import datetime
import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import errors as enrolment_errors
from openbilan.enrolments import hooks
from openbilan.enrolments import services as enrolments
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Origin
from openbilan.enrolments.services import HistoricalState, historical_path, record_historical_statuses
from openbilan.privacy import throttle
from openbilan.programmes import cohort_csv, segments
from openbilan.programmes.errors import NotAllowed, csv_message
from openbilan.programmes.models import (
    CohortExport,
    CohortImport,
    DisabilityDeclaration,
    Evaluation,
    EvaluationKind,
    FollowUp,
    Outcome,
    OutcomeSource,
    Programme,
    Referral,
    Survey,
)
from openbilan.programmes.selectors import programmes_operated_by, programmes_referable_by
from openbilan.programmes.tasks import send_referral_notice, send_survey

logger = logging.getLogger(__name__)

DETAIL_FIELDS = (
    "phone",
    "birth_date",
    "postcode",
    "gender",
    "qualification_level",
    "qpv",
    "zrr",
    "single_parent",
    "social_minima",
    "job_seeker_since",
)
EVALUATION_ANSWERED = "evaluation_answered"  # journeys.services.PlatformEvent


# --- Programmes ---------------------------------------------------------------------------------------------------


@transaction.atomic
def upsert_programme(
    *,
    slug: str,
    name: str,
    operator: Organisation,
    funder: Organisation,
    prescribers: Iterable[Organisation] = (),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    capacity: int | None = None,
) -> Programme:
    """Create a programme, or update the one with this slug (safe to run twice)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise NotAllowed(_("La date de fin doit être après la date de début."))
    programme, _created = Programme.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "operator": operator,
            "funder": funder,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "capacity": capacity,
        },
    )
    programme.prescribers.add(*prescribers)
    return programme


@transaction.atomic
def save_programme(
    *,
    actor: User,
    programme: Programme | None = None,
    operator: Organisation | None = None,
    prescribers: Iterable[Organisation] = (),
    **fields,
) -> Programme:
    """An operator admin creates or edits a programme of their operator: name, funder, dates, capacity, prescriber
    organisations, journey template, inactivity threshold, second reviewer."""
    allowed = {
        "slug",
        "name",
        "funder",
        "starts_on",
        "ends_on",
        "capacity",
        "inactivity_days",
        "second_reviewer",
        "journey_template",
    }
    if set(fields) - allowed:
        raise TypeError(f"unknown programme fields: {sorted(set(fields) - allowed)}")
    operators = Organisation.objects.filter(
        kind=Organisation.Kind.OPERATOR,
        memberships__user=actor,
        memberships__role=Role.OPERATOR_ADMIN,
        memberships__is_active=True,
    )
    if programme is None:
        operator = operator or operators.first()
        if operator is None or not operators.filter(pk=operator.pk).exists():
            raise NotAllowed()
        programme = Programme(operator=operator)
    elif not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    if fields.get("funder") is not None and fields["funder"].kind != Organisation.Kind.FUNDER:
        raise NotAllowed(_("Le financeur doit être une organisation de type financeur."))
    _check_template(programme, fields.get("journey_template"))
    starts_on, ends_on = fields.get("starts_on", programme.starts_on), fields.get("ends_on", programme.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise NotAllowed(_("La date de fin doit être après la date de début."))
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.save()
    prescribers = list(prescribers)
    if any(org.kind != Organisation.Kind.PRESCRIBER for org in prescribers):
        raise NotAllowed(_("Seules des organisations prescriptrices peuvent orienter vers un programme."))
    programme.prescribers.set(prescribers)
    return programme


def _check_template(programme: Programme, template) -> None:
    """A programme runs the reference journey template or one of its own operator's."""
    if template is not None and template.operator_id not in (None, programme.operator_id):
        raise NotAllowed(_("Ce modèle de parcours appartient à un autre opérateur."))


@transaction.atomic
def set_journey_template(*, programme: Programme, template, actor: User) -> Programme:
    """Choose the journey template of a programme: the reference one, or one of the operator's own templates.
    Journeys already started keep the template they started with. The same checks as `save_programme`."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    _check_template(programme, template)
    programme.journey_template = template
    programme.save(update_fields=["journey_template"])
    return programme


@transaction.atomic
def set_inactivity_days(*, programme: Programme, days: int) -> Programme:
    """How many days without activity before a reminder is sent, for this programme (1 to 365)."""
    if not 1 <= days <= 365:
        raise ValueError("inactivity_days must be between 1 and 365")
    programme.inactivity_days = days
    programme.save(update_fields=["inactivity_days"])
    return programme


# --- People and their details -------------------------------------------------------------------------------------


def segment_values(details: dict, referred_on: datetime.date) -> dict:
    """The computed segments of a person on the day of their referral."""
    return {
        "age_band": segments.age_band(details.get("birth_date"), referred_on),
        "job_seeker_band": segments.job_seeker_band(details.get("job_seeker_since"), referred_on),
    }


def _apply_details(enrolment: Enrolment, details: dict, referred_on: datetime.date | None) -> list[str]:
    """Set the person's details and computed segments on the enrolment (in memory); the names of changed fields."""
    changed = []
    values = {name: details[name] for name in DETAIL_FIELDS if name in details}
    if referred_on is not None:
        values["referred_on"] = referred_on
    day = values.get("referred_on", enrolment.referred_on) or timezone.localdate()
    merged = {name: values.get(name, getattr(enrolment, name)) for name in ("birth_date", "job_seeker_since")}
    values.update(segment_values(merged, day))
    for name, value in values.items():
        if getattr(enrolment, name) != value:
            setattr(enrolment, name, value)
            changed.append(name)
    return changed


def _person(*, email: str, first_name: str, last_name: str, operator: Organisation) -> User:
    """The person's account (created without a password: they choose one from their invitation link), with the
    beneficiary role in the programme's operator."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    accounts.grant_role(user=user, organisation=operator, role=Role.BENEFICIARY)
    return user


# --- Referrals ------------------------------------------------------------------------------------------------------


def find_duplicate(
    *, email: str, first_name: str, last_name: str, birth_date: datetime.date | None, operator: Organisation
) -> tuple[str, User | None]:
    """Whether this person may already be known: the same e-mail (any account), or the same name and birth date
    among the people of the same operator (accents, case and hyphens ignored). Returns (reason, the person)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return Referral.Duplicate.EMAIL, user
    if birth_date is None:
        return Referral.Duplicate.NONE, None
    key = cohort_csv.name_key(first_name, last_name)
    candidates = Enrolment.objects.filter(birth_date=birth_date, programme__operator=operator).select_related(
        "beneficiary"
    )
    for enrolment in candidates:
        person = enrolment.beneficiary
        if cohort_csv.name_key(person.first_name, person.last_name) == key:
            return Referral.Duplicate.NAME_BIRTH_DATE, person
    pending = Referral.objects.filter(
        birth_date=birth_date, programme__operator=operator, state=Referral.State.REVIEW
    ).only("first_name", "last_name")
    if any(cohort_csv.name_key(other.first_name, other.last_name) == key for other in pending):
        return Referral.Duplicate.NAME_BIRTH_DATE, None
    return Referral.Duplicate.NONE, None


@transaction.atomic
def create_referral(
    *,
    programme: Programme,
    prescriber: Organisation,
    created_by: User,
    first_name: str,
    last_name: str,
    email: str,
    **details,
) -> Referral:
    """A prescriber refers a person. Without a possible duplicate, the person is invited at once (an e-mail with a
    signed link); with one, the referral waits until an operator admin has checked it (nothing is merged alone)."""
    if not programmes_referable_by(created_by).filter(pk=programme.pk).exists():
        raise NotAllowed(_("Votre organisation n'oriente pas vers ce programme."))
    if not prescriber.memberships.filter(user=created_by, role=Role.PRESCRIBER, is_active=True).exists():
        raise NotAllowed()
    if not programme.prescribers.filter(pk=prescriber.pk).exists():
        raise NotAllowed(_("Votre organisation n'oriente pas vers ce programme."))
    throttle.attempt("referral", f"user:{created_by.pk}")
    return _register_referral(
        programme=programme,
        prescriber=prescriber,
        created_by=created_by,
        first_name=first_name,
        last_name=last_name,
        email=email,
        **details,
    )


@transaction.atomic
def create_partner_referral(
    *, programme: Programme, prescriber: Organisation, first_name: str, last_name: str, email: str, **details
) -> Referral:
    """Issue 23: a prescriber organisation refers a person through the partner API (openbilan/partners). The
    caller has checked the organisation's token; the programme must list the organisation, as on the form."""
    if prescriber.kind != Organisation.Kind.PRESCRIBER or not programme.prescribers.filter(pk=prescriber.pk).exists():
        raise NotAllowed(_("Votre organisation n'oriente pas vers ce programme."))
    throttle.attempt("referral", f"organisation:{prescriber.pk}")
    return _register_referral(
        programme=programme,
        prescriber=prescriber,
        created_by=None,
        first_name=first_name,
        last_name=last_name,
        email=email,
        **details,
    )


def _register_referral(
    *,
    programme: Programme,
    prescriber: Organisation,
    created_by: User | None,
    first_name: str,
    last_name: str,
    email: str,
    **details,
) -> Referral:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown referral fields: {sorted(unknown)}")
    email = email.strip().lower()
    reason, existing = find_duplicate(
        email=email,
        first_name=first_name,
        last_name=last_name,
        birth_date=details.get("birth_date"),
        operator=programme.operator,
    )
    referral = Referral.objects.create(
        programme=programme,
        prescriber=prescriber,
        created_by=created_by,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        state=Referral.State.REVIEW if reason else Referral.State.INVITED,
        duplicate=reason,
        duplicate_of=existing,
        **details,
    )
    if not reason:
        user = _person(
            email=email, first_name=referral.first_name, last_name=referral.last_name, operator=programme.operator
        )
        referral.enrolment = _invite_from_referral(referral, user, actor=created_by)
        referral.save(update_fields=["enrolment"])
    elif reason == Referral.Duplicate.EMAIL and existing.is_active:
        _tell_existing_account(referral, existing)
    logger.info(
        "referral %s created by %s (duplicate: %s)",
        referral.pk,
        created_by.pk if created_by else f"organisation {prescriber.pk}",
        reason or "none",
    )
    return referral


def _tell_existing_account(referral: Referral, person: User) -> None:
    """The address has an account: the prescriber's page says nothing of it (issue 16, finding 5); its owner gets an
    e-mail through the task queue (the referral's id only, no address in the task table), one a day at most."""
    try:
        throttle.attempt("referral_notice", f"user:{person.pk}")
    except throttle.Throttled:
        return
    referral_id = referral.pk
    transaction.on_commit(lambda: send_referral_notice.enqueue(referral_id))


def _invite_from_referral(referral: Referral, user: User, *, actor: User | None) -> Enrolment:
    enrolment = enrolments.invite(
        programme=referral.programme, beneficiary=user, prescriber=referral.prescriber, invited_by=actor
    )
    details = {name: getattr(referral, name) for name in DETAIL_FIELDS}
    if enrolment.prescriber_id is None:
        enrolment.prescriber = referral.prescriber
    for name in list(details):
        if details[name] in (None, "") and getattr(enrolment, name) not in (None, ""):
            details.pop(name)  # a referral never erases what is known already
    _apply_details(enrolment, details, enrolment.referred_on or referral.created_at.date())
    if enrolment.origin == Origin.PLATFORM and enrolment.status == EnrolmentStatus.INVITED:
        enrolment.origin = Origin.REFERRAL
    enrolment.save()
    if enrolment.status == EnrolmentStatus.INVITED:
        enrolments.queue_invitation(enrolment)
    return enrolment


class Decision:
    MERGE = "merge"
    SEPARATE = "separate"
    CANCEL = "cancel"


@transaction.atomic
def decide_referral(*, referral: Referral, decision: str, actor: User) -> Referral:
    """An operator admin settles a possible duplicate: the same person (merge: the referral joins their account and,
    if they are already in the programme, their enrolment), two different people (separate: a new account is
    invited; impossible for the same e-mail), or a mistake (cancel)."""
    referral = Referral.objects.select_for_update().select_related("programme").get(pk=referral.pk)
    if not programmes_operated_by(actor).filter(pk=referral.programme_id).exists():
        raise NotAllowed()
    if referral.state != Referral.State.REVIEW:
        raise NotAllowed(_("Cette orientation a déjà été traitée."))
    if decision == Decision.MERGE:
        if referral.duplicate_of is None:
            raise NotAllowed(_("Aucune personne connue à rattacher : choisissez « personnes différentes »."))
        person = referral.duplicate_of
        if not person.roles <= {Role.BENEFICIARY}:
            raise NotAllowed(_("Cette adresse e-mail est celle d'un compte professionnel."))
        accounts.grant_role(user=person, organisation=referral.programme.operator, role=Role.BENEFICIARY)
        referral.enrolment = _invite_from_referral(referral, person, actor=actor)
        referral.state = Referral.State.MERGED
    elif decision == Decision.SEPARATE:
        if referral.duplicate == Referral.Duplicate.EMAIL:
            raise NotAllowed(
                _("Deux personnes ne peuvent pas avoir la même adresse e-mail. Fusionnez ou annulez l'orientation.")
            )
        person = _person(
            email=referral.email,
            first_name=referral.first_name,
            last_name=referral.last_name,
            operator=referral.programme.operator,
        )
        referral.enrolment = _invite_from_referral(referral, person, actor=actor)
        referral.state = Referral.State.INVITED
    elif decision == Decision.CANCEL:
        referral.state = Referral.State.CANCELLED
    else:
        raise NotAllowed()
    referral.reviewed_by, referral.reviewed_at = actor, timezone.now()
    referral.save()
    return referral


# --- Historical statuses: the one documented way around the machine's guards ----------------------------------------


# --- Outcomes -----------------------------------------------------------------------------------------------------

MOMENT_ORDER = {moment: index for index, moment in enumerate(FollowUp.values)}


def _refresh_latest_outcome(enrolment: Enrolment) -> None:
    latest = max(enrolment.outcomes.all(), key=lambda outcome: MOMENT_ORDER[outcome.moment], default=None)
    kind, on = (latest.kind, latest.observed_on) if latest else ("", None)
    if (enrolment.outcome, enrolment.outcome_on) != (kind, on):
        enrolment.outcome, enrolment.outcome_on = kind, on
        enrolment.save(update_fields=["outcome", "outcome_on"])


@transaction.atomic
def record_outcome(
    *,
    enrolment: Enrolment,
    moment: str,
    kind: str,
    observed_on: datetime.date,
    source: str,
    recorded_by: User | None = None,
    rome_code: str = "",
) -> Outcome:
    """What became of a person who completed their bilan, at the end or 3, 6, 12 months later, and who said so.
    Recording the same moment again replaces it. The enrolment keeps its latest outcome for the reports."""
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise NotAllowed(_("Une situation de sortie ne se note que pour un bilan terminé."))
    if source == OutcomeSource.COACH and (recorded_by is None or recorded_by.pk != enrolment.coach_id):
        raise NotAllowed()
    if moment not in FollowUp.values or source not in OutcomeSource.values:
        raise NotAllowed()
    if observed_on > timezone.localdate():
        raise NotAllowed(_("Cette date est dans le futur."))
    outcome, _created = Outcome.objects.update_or_create(
        enrolment=enrolment,
        moment=moment,
        defaults={
            "programme_id": enrolment.programme_id,
            "kind": kind,
            "observed_on": observed_on,
            "source": source,
            "recorded_by": recorded_by,
            "rome_code": rome_code.upper(),
        },
    )
    _refresh_latest_outcome(enrolment)
    return outcome


# --- Surveys: the evaluations and the follow-ups, by e-mail with a signed link ----------------------------------------

SURVEY_MONTHS = {
    Survey.Kind.END: 0,
    Survey.Kind.MONTHS_3: 3,
    Survey.Kind.MONTHS_6: 6,
    Survey.Kind.MONTHS_12: 12,
}
SURVEY_OUTCOME_MOMENT = {
    Survey.Kind.MONTHS_3: FollowUp.MONTHS_3,
    Survey.Kind.MONTHS_6: FollowUp.MONTHS_6,
    Survey.Kind.MONTHS_12: FollowUp.MONTHS_12,
}
SURVEY_EVALUATION = {Survey.Kind.END: EvaluationKind.HOT, Survey.Kind.MONTHS_6: EvaluationKind.COLD}
SURVEY_WINDOW_DAYS = 45  # a survey more than this late is not sent (the moment has passed)


@transaction.atomic
def schedule_surveys(*, today: datetime.date | None = None) -> dict[str, int]:
    """What `manage.py send_surveys` runs daily (cron): for each completed bilan, decide each survey when it is due
    (at the end, 3, 6 and 12 months after), once, and queue its e-mail. Returns how many were queued per kind."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(Survey.Kind.values, 0)
    for kind, months in SURVEY_MONTHS.items():
        due_before = segments.add_months(today, -months)
        not_older_than = due_before - datetime.timedelta(days=SURVEY_WINDOW_DAYS)
        candidates = (
            Enrolment.objects.filter(
                status=EnrolmentStatus.COMPLETED,
                completed_at__date__lte=due_before,
                completed_at__date__gte=not_older_than,
            )
            .exclude(surveys__kind=kind)
            .values_list("pk", "completed_at")
        )
        surveys = [
            Survey(
                enrolment_id=pk,
                kind=kind,
                due_on=segments.add_months(timezone.localdate(completed_at), months),
            )
            for pk, completed_at in candidates
        ]
        created = Survey.objects.bulk_create(surveys, ignore_conflicts=True, batch_size=1000)
        ids = list(
            Survey.objects.filter(kind=kind, state=Survey.State.QUEUED, sent_at__isnull=True)
            .filter(enrolment_id__in=[s.enrolment_id for s in created])
            .values_list("pk", flat=True)
        )
        for survey_id in ids:
            transaction.on_commit(lambda survey_id=survey_id: send_survey.enqueue(survey_id))
        counts[kind] = len(ids)
    return counts


EVALUATION_FIELDS = (
    "knows_self_better",
    "overcame_blocks",
    "unexpected",
    "helped_most",
    "satisfaction",
    "recommend",
    "testimonial",
    "testimonial_publish",
)


@transaction.atomic
def answer_survey(*, survey: Survey, evaluation: dict | None = None, outcome: dict | None = None) -> Survey:
    """The person's answers, from the signed link (no sign-in). A survey is answered once."""
    survey = Survey.objects.select_for_update().select_related("enrolment").get(pk=survey.pk)
    if survey.answered_at is not None:
        raise NotAllowed(_("Vous avez déjà répondu à ce questionnaire. Merci !"))
    now = timezone.now()
    evaluation_kind = SURVEY_EVALUATION.get(survey.kind)
    if evaluation is not None and evaluation_kind:
        record_evaluation(enrolment=survey.enrolment, kind=evaluation_kind, answered_at=now, **evaluation)
    moment = SURVEY_OUTCOME_MOMENT.get(survey.kind)
    if outcome is not None and moment and outcome.get("kind"):
        record_outcome(
            enrolment=survey.enrolment,
            moment=moment,
            kind=outcome["kind"],
            observed_on=timezone.localdate(now),
            source=OutcomeSource.SELF_REPORTED,
            recorded_by=survey.enrolment.beneficiary,
            rome_code=outcome.get("rome_code", ""),
        )
    survey.state, survey.answered_at = Survey.State.ANSWERED, now
    survey.save(update_fields=["state", "answered_at"])
    if survey.kind == Survey.Kind.END:  # the end-of-bilan evaluation; the follow-ups are after the journey
        hooks.event.send(sender=Survey, enrolment=survey.enrolment, event=EVALUATION_ANSWERED, at=now)
    return survey


@transaction.atomic
def record_evaluation(*, enrolment: Enrolment, kind: str, answered_at: datetime.datetime, **answers) -> Evaluation:
    """One evaluation of the bilan by the person. A testimonial is published only with its own consent."""
    unknown = set(answers) - set(EVALUATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown evaluation fields: {sorted(unknown)}")
    answers["testimonial"] = (answers.get("testimonial") or "").strip()[:2000]
    answers["testimonial_publish"] = bool(answers.get("testimonial_publish") and answers["testimonial"])
    evaluation, _created = Evaluation.objects.update_or_create(
        enrolment=enrolment,
        kind=kind,
        defaults={"programme_id": enrolment.programme_id, "answered_at": answered_at, **answers},
    )
    return evaluation


# --- Disability: declared by the person only, with consent, kept apart ------------------------------------------------


@transaction.atomic
def declare_disability(
    *, person: User, recognised: bool, accommodations: str, share_with_coach: bool, consent: bool
) -> DisabilityDeclaration:
    if not consent:
        raise NotAllowed(_("Pour enregistrer cette information, cochez la case qui dit que vous êtes d'accord."))
    declaration, _created = DisabilityDeclaration.objects.update_or_create(
        person=person,
        defaults={
            "recognised": recognised,
            "accommodations": accommodations.strip()[:2000],
            "share_with_coach": share_with_coach,
            "consented_at": timezone.now(),
        },
    )
    return declaration


@transaction.atomic
def withdraw_disability(*, person: User) -> None:
    """The person withdraws their consent: the declaration is erased, not archived."""
    DisabilityDeclaration.objects.filter(person=person).delete()


# --- Funders ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_funder(*, name: str, actor: User) -> Organisation:
    """An operator admin adds a funder organisation (a Région...), so that a programme can name it. Refused for anyone
    else, and when a funder of that name (ignoring case and spaces) already exists."""
    if not actor.is_authenticated or not actor.is_operator_admin:
        raise NotAllowed()
    name = " ".join(name.split())
    if not name:
        raise NotAllowed(_("Indiquez le nom du financeur."))
    known = Organisation.objects.filter(kind=Organisation.Kind.FUNDER).values_list("name", flat=True)
    if name.casefold() in {" ".join(other.split()).casefold() for other in known}:  # "RÉGION" = "région", any DB
        raise NotAllowed(_("Ce financeur existe déjà : choisissez-le dans la liste du programme."))
    base = slugify(name)[:70] or "financeur"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    funder = Organisation.objects.create(name=name[:200], slug=slug, kind=Organisation.Kind.FUNDER)
    logger.info("funder created: organisation=%s by user=%s", funder.pk, actor.pk)
    return funder


# --- The cohort file ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedProblem:
    line: int
    column: str
    value: str
    reason: str
    warning: bool = False


@dataclass
class ImportReport:
    """What an import did, or would do (dry run): counts and one line per problem (line, column, value, reason)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ReportedProblem] = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False
    historical: bool = False
    accept_homonyms: bool = False
    statuses_ignored: bool = False  # without --historical, the status columns are read but not applied
    encoding: str = ""  # as detected: cohort_csv.UTF8_BOM, UTF8 or WINDOWS_1252
    delimiter: str = ""  # as detected: "," ";" or a tab
    people: list[dict] = field(default_factory=list)  # the first PREVIEW_PEOPLE rows: line, name, email, action

    @property
    def errors(self) -> list[ReportedProblem]:
        return [problem for problem in self.problems if not problem.warning]

    @property
    def warnings(self) -> list[ReportedProblem]:
        return [problem for problem in self.problems if problem.warning]

    @property
    def ok(self) -> bool:
        """Nothing blocks the import: no error, and possible homonyms (if any) confirmed as different people."""
        return not self.errors and (self.accept_homonyms or not self.warnings)


def _problem(error: cohort_csv.RowError) -> ReportedProblem:
    return ReportedProblem(error.line, error.column, error.value, csv_message(error.code, error.params), error.warning)


def _row_error(row, column: str, code: str, warning: bool = False, **params) -> cohort_csv.RowError:
    return cohort_csv.RowError(row.line, column, str(getattr(row, column, "") or ""), code, params, warning)


def _check_against_database(programme: Programme, rows: list[cohort_csv.CohortRow], historical: bool) -> list:
    """Checks that need the database, in a few queries whatever the size of the file."""
    errors = []
    by_external_id = {
        e.external_id: e
        for e in Enrolment.objects.filter(programme=programme, external_id__in=[r.external_id for r in rows])
        .select_related("beneficiary")
        .order_by()
    }
    users = {u.email.lower(): u for u in User.objects.filter(email__in=[r.email for r in rows])}
    staff = set(
        User.objects.filter(pk__in=[u.pk for u in users.values()])
        .filter(memberships__is_active=True)
        .exclude(memberships__role=Role.BENEFICIARY)
        .values_list("pk", flat=True)
    )
    in_programme = {
        e.beneficiary_id: e
        for e in Enrolment.objects.filter(
            programme=programme, beneficiary__in=[u.pk for u in users.values()]
        ).order_by()
    }
    prescribers = _programme_prescribers(programme)
    allowed = ", ".join(sorted(org.name for org in prescribers.values())) or "—"
    birth_dates = {r.birth_date for r in rows if r.birth_date}
    known_people = {}
    for enrolment in (
        Enrolment.objects.filter(birth_date__in=birth_dates, programme__operator=programme.operator)
        .select_related("beneficiary")
        .order_by()
    ):
        person = enrolment.beneficiary
        known_people.setdefault(
            (cohort_csv.name_key(person.first_name, person.last_name), enrolment.birth_date), set()
        ).add(person.email.lower())
    for row in rows:
        existing = by_external_id.get(row.external_id)
        user = users.get(row.email)
        if user is not None and user.pk in staff:
            errors.append(_row_error(row, "email", "not_beneficiary"))
            continue
        if existing is not None:
            if user is not None and user.pk != existing.beneficiary_id:
                other = in_programme.get(user.pk)
                errors.append(_row_error(row, "email", "email_taken", other=other.external_id if other else "—"))
        elif user is not None and user.pk in in_programme and in_programme[user.pk].external_id:
            errors.append(_row_error(row, "email", "email_taken", other=in_programme[user.pk].external_id))
        if row.prescriber_name:
            org = prescribers.get(row.prescriber_name.casefold())
            if org is None:
                errors.append(_row_error(row, "prescriber_name", "unknown_prescriber", allowed=allowed))
            elif org.network != row.prescriber_kind:
                errors.append(_row_error(row, "prescriber_kind", "prescriber_kind_mismatch", kind=org.network or "—"))
        current = existing or (in_programme.get(user.pk) if user is not None else None)
        if historical and current is not None and historical_path(current.status, row.status) is None:
            errors.append(
                _row_error(
                    row,
                    "status",
                    "status_backwards",
                    current=EnrolmentStatus(current.status).label,
                    target=EnrolmentStatus(row.status).label,
                )
            )
        if current is None and user is None and row.birth_date:
            emails = known_people.get((cohort_csv.name_key(row.first_name, row.last_name), row.birth_date), set())
            if emails - {row.email}:
                errors.append(_row_error(row, "last_name", "homonym", warning=True))
    return errors


def _programme_prescribers(programme: Programme) -> dict[str, Organisation]:
    """The programme's own prescribers by name (case ignored): the only ones a cohort file may name. A file never
    creates a prescriber, nor adds one to the programme, nor reaches another operator's (issue 16, finding 3)."""
    return {org.name.casefold(): org for org in programme.prescribers.only("name", "network")}


def _prescriber(row: cohort_csv.CohortRow, programme: Programme, cache: dict) -> Organisation | None:
    if not row.prescriber_name:
        return None
    if not cache:
        cache.update(_programme_prescribers(programme))
    org = cache.get(row.prescriber_name.casefold())
    if org is None:  # checked before anything is written; a programme edited meanwhile undoes the whole file
        raise NotAllowed(
            csv_message("unknown_prescriber", {"allowed": ", ".join(sorted(o.name for o in cache.values())) or "—"})
        )
    return org


def _apply_row(
    row: cohort_csv.CohortRow,
    *,
    programme: Programme,
    historical: bool,
    actor: User | None,
    batch: CohortImport | None,
    source: str,
    prescribers: dict,
) -> str:
    """Create or update one person's enrolment from a checked row; "created", "updated" or "unchanged"."""
    enrolment = (
        Enrolment.objects.filter(programme=programme, external_id=row.external_id).select_related("beneficiary").first()
    )
    user = User.objects.filter(email__iexact=row.email).first()
    if enrolment is None and user is not None:
        enrolment = (
            Enrolment.objects.filter(programme=programme, beneficiary=user).select_related("beneficiary").first()
        )
    prescriber = _prescriber(row, programme, prescribers)
    details = {name: getattr(row, name) for name in DETAIL_FIELDS}
    started_on = row.referred_on or (row.status_on if historical else None) or timezone.localdate()
    if enrolment is None:
        if user is None:
            user = User.objects.create_user(email=row.email, first_name=row.first_name, last_name=row.last_name)
        else:  # an account known elsewhere keeps its name: the file's is proposed to its owner
            accounts.propose_change(
                user=user,
                organisation=programme.operator,
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
            )
        accounts.grant_role(user=user, organisation=programme.operator, role=Role.BENEFICIARY)
        if historical:
            enrolment = Enrolment(programme=programme, beneficiary=user, status=EnrolmentStatus.INVITED)
        else:
            enrolment = enrolments.invite(
                programme=programme, beneficiary=user, prescriber=prescriber, invited_by=actor
            )
        enrolment.prescriber = prescriber
        enrolment.external_id = row.external_id
        enrolment.origin = Origin.HISTORICAL if historical else Origin.IMPORT
        enrolment.import_batch = batch
        _apply_details(enrolment, details, started_on)
        if historical:
            state = HistoricalState(row.status, row.status_on, row.drop_reason, started_on)
            record_historical_statuses(items=[(enrolment, state)], actor=actor, source=source, new=True)
        else:
            enrolment.save()
            enrolments.queue_invitation(enrolment)
        _import_outcome(row, enrolment, historical, actor)
        return "created"

    # An import never changes an existing account's name or e-mail: it proposes, the person decides (issue 16).
    changed = accounts.propose_change(
        user=enrolment.beneficiary,
        organisation=programme.operator,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
    )
    fields = _apply_details(enrolment, details, row.referred_on or enrolment.referred_on or started_on)
    if enrolment.external_id != row.external_id:
        enrolment.external_id, fields = row.external_id, [*fields, "external_id"]
    if prescriber is not None and enrolment.prescriber_id != prescriber.pk:
        # The person's sharing choice was made for the former prescriber: the new one starts unshared.
        enrolment.prescriber, enrolment.shares_with_prescriber, enrolment.shared_with = prescriber, False, None
        fields = [*fields, "prescriber", "shares_with_prescriber", "shared_with"]
    if fields:
        enrolment.save(update_fields=fields)
        changed = True
    if historical and enrolment.status != row.status:
        state = HistoricalState(row.status, row.status_on, row.drop_reason, enrolment.referred_on or started_on)
        record_historical_statuses(items=[(enrolment, state)], actor=actor, source=source)
        changed = True
    changed = _import_outcome(row, enrolment, historical, actor) or changed
    return "updated" if changed else "unchanged"


def _import_outcome(row, enrolment: Enrolment, historical: bool, actor: User | None) -> bool:
    if not (historical and row.outcome and enrolment.status == EnrolmentStatus.COMPLETED):
        return False
    observed_on = row.outcome_on or row.status_on or timezone.localdate()
    current = Outcome.objects.filter(enrolment=enrolment, moment=FollowUp.END).first()
    if current is not None and (current.kind, current.observed_on, current.rome_code) == (
        row.outcome,
        observed_on,
        row.outcome_rome_code,
    ):
        return False
    record_outcome(
        enrolment=enrolment,
        moment=FollowUp.END,
        kind=row.outcome,
        observed_on=observed_on,
        source=OutcomeSource.IMPORT,
        recorded_by=actor,
        rome_code=row.outcome_rome_code,
    )
    return True


def import_cohort(
    *,
    programme: Programme,
    data: bytes,
    historical: bool = False,
    dry_run: bool = False,
    accept_homonyms: bool = False,
    actor: User | None = None,
    file_name: str = "",
    batch: CohortImport | None = None,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import a cohort file: all or nothing, one transaction. Every problem is reported (line, column, value,
    reason) and then nothing is written. A re-import updates the rows by external_id and changes nothing when the
    file did not change. Without `historical`, every new person starts invited (an e-mail with their link is sent
    after the import); with it, the statuses and outcomes of an earlier system are kept as they are, and recorded
    as such. `dry_run` runs the very same import and rolls it back."""
    today = today or timezone.localdate()
    report = ImportReport(dry_run=dry_run, historical=historical, accept_homonyms=accept_homonyms)
    encoding = cohort_csv.detect_encoding(data)
    if isinstance(encoding, cohort_csv.RowError):
        report.problems.append(_problem(encoding))
        return report
    text = cohort_csv.decode(data)
    parsed = cohort_csv.parse(text, historical=historical, today=today)
    report.encoding, report.delimiter = encoding, parsed.delimiter
    report.rows = len(parsed.rows) + len({e.line for e in parsed.blocking if e.line > 1})
    problems = list(parsed.errors)
    if parsed.rows:
        problems += _check_against_database(programme, parsed.rows, historical)
    report.problems = sorted((_problem(p) for p in problems), key=lambda p: (p.line, p.column))
    report.statuses_ignored = not historical and any(row.status != "invited" or row.outcome for row in parsed.rows)
    if not report.ok:
        return report
    digest = hashlib.sha256(data).hexdigest()[:12]
    source = f"{file_name or 'fichier'} ({digest})"
    try:
        with transaction.atomic():
            if batch is None and not dry_run:
                batch = CohortImport.objects.create(
                    programme=programme,
                    uploaded_by=actor,
                    file_name=file_name[:200],
                    sha256=hashlib.sha256(data).hexdigest(),
                    historical=historical,
                    accept_homonyms=accept_homonyms,
                )
            prescribers: dict = {}
            for row in parsed.rows:
                result = _apply_row(
                    row,
                    programme=programme,
                    historical=historical,
                    actor=actor,
                    batch=batch,
                    source=source,
                    prescribers=prescribers,
                )
                setattr(report, result, getattr(report, result) + 1)
                if len(report.people) < PREVIEW_PEOPLE:
                    name = f"{row.first_name} {row.last_name}"
                    report.people.append({"line": row.line, "name": name, "email": row.email, "action": result})
            if dry_run:
                transaction.set_rollback(True)
            elif batch is not None:
                batch.state = CohortImport.State.APPLIED
                batch.applied_at = timezone.now()
                batch.content = ""
                batch.people = []  # names were kept for the preview only
                batch.rows, batch.created, batch.updated, batch.unchanged = (
                    report.rows,
                    report.created,
                    report.updated,
                    report.unchanged,
                )
                batch.save()
    except (NotAllowed, enrolment_errors.NotAllowed) as error:  # a historical status the machine cannot reach
        report.created = report.updated = report.unchanged = 0
        report.problems.append(ReportedProblem(0, "", "", " ".join(error.messages)))
        return report
    report.applied = not dry_run
    logger.info(
        "cohort import programme=%s rows=%s created=%s updated=%s unchanged=%s dry_run=%s historical=%s",
        programme.slug,
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        dry_run,
        historical,
    )
    return report


PREVIEW_LIFETIME = datetime.timedelta(days=1)
PREVIEW_PEOPLE = 500  # the preview lists this many people by name; the counts cover the whole file


@transaction.atomic
def preview_cohort(
    *, programme: Programme, actor: User, data: bytes, file_name: str, historical: bool, accept_homonyms: bool
) -> tuple[CohortImport, ImportReport]:
    """The upload page's first step: a dry run of the file, kept (for one day) so that it can be confirmed."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    CohortImport.objects.filter(
        state=CohortImport.State.PREVIEWED, created_at__lt=timezone.now() - PREVIEW_LIFETIME
    ).delete()
    report = import_cohort(
        programme=programme,
        data=data,
        historical=historical,
        dry_run=True,
        accept_homonyms=accept_homonyms,
        actor=actor,
        file_name=file_name,
    )
    preview = CohortImport.objects.create(
        programme=programme,
        uploaded_by=actor,
        file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        # the text as read (a Windows-1252 file is kept decoded, so that confirming imports the same accents)
        content=cohort_csv.decode(data) if report.ok else "",
        historical=historical,
        accept_homonyms=accept_homonyms,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        errors=[problem.__dict__ for problem in report.problems],
        people=report.people if report.ok else [],
        file_format={"encoding": report.encoding, "delimiter": report.delimiter},
    )
    return preview, report


def apply_cohort_import(*, cohort_import: CohortImport, actor: User) -> ImportReport:
    """The upload page's second step: the previewed file, imported for real (checked again)."""
    if not programmes_operated_by(actor).filter(pk=cohort_import.programme_id).exists():
        raise NotAllowed()
    if cohort_import.state != CohortImport.State.PREVIEWED or not cohort_import.content:
        raise NotAllowed(_("Ce fichier a déjà été importé, ou il avait des erreurs. Déposez-le à nouveau."))
    return import_cohort(
        programme=cohort_import.programme,
        data=cohort_import.content.encode("utf-8"),
        historical=cohort_import.historical,
        accept_homonyms=cohort_import.accept_homonyms,
        actor=actor,
        file_name=cohort_import.file_name,
        batch=cohort_import,
    )


def _export_records(programme: Programme) -> Iterator[dict]:
    end_outcomes = {
        row["enrolment_id"]: row
        for row in Outcome.objects.filter(enrolment__programme=programme, moment=FollowUp.END).values(
            "enrolment_id", "kind", "observed_on", "rome_code"
        )
    }
    enrolments = (
        Enrolment.objects.filter(programme=programme)
        .select_related("beneficiary", "prescriber")
        .order_by("external_id", "pk")
    )
    for enrolment in enrolments.iterator(chunk_size=2000):
        person = enrolment.beneficiary
        status_on = {
            EnrolmentStatus.COMPLETED: enrolment.completed_at,
            EnrolmentStatus.DROPPED: enrolment.dropped_at,
            EnrolmentStatus.PAUSED: enrolment.paused_at,
            EnrolmentStatus.ACTIVE: enrolment.consented_at,
        }.get(enrolment.status)
        outcome = end_outcomes.get(enrolment.pk, {})
        yield {
            "external_id": enrolment.external_id or f"openbilan-{enrolment.pk}",
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            **{name: getattr(enrolment, name) for name in DETAIL_FIELDS},
            "prescriber_name": enrolment.prescriber.name if enrolment.prescriber else "",
            "prescriber_kind": enrolment.prescriber.network if enrolment.prescriber else "",
            "referred_on": enrolment.referred_on,
            "status": enrolment.status,
            "status_on": timezone.localdate(status_on) if status_on else None,
            "drop_reason": enrolment.drop_reason,
            "outcome": outcome.get("kind", ""),
            "outcome_on": outcome.get("observed_on"),
            "outcome_rome_code": outcome.get("rome_code", ""),
        }


def export_cohort(*, programme: Programme, actor: User, channel: str = "web") -> Iterator[str]:
    """The cohort file of a programme (personal data: operator admins only). The export is logged with who and how
    many rows before the first line is produced."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    rows = Enrolment.objects.filter(programme=programme).count()
    CohortExport.objects.create(programme=programme, exported_by=actor, channel=channel, rows=rows)
    logger.info("cohort export programme=%s by=%s rows=%s channel=%s", programme.slug, actor.pk, rows, channel)
    return cohort_csv.write(_export_records(programme))
