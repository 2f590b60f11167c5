"""Referrals: a prescriber refers a person; the operator decides; the person is invited through the enrolment core."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import services as enrolments
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Origin
from openbilan.privacy import throttle
from openbilan.programmes import cohort_csv
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import (
    Programme,
    Referral,
)
from openbilan.programmes.selectors import programmes_operated_by, programmes_referable_by
from openbilan.programmes.services.people import DETAIL_FIELDS, _apply_details, _person
from openbilan.programmes.tasks import send_referral_notice

logger = logging.getLogger(__name__)


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
