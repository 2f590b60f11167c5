"""Reads of the quality domain; the permission rules live here, once."""

from django.db.models import Q, QuerySet

from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import access
from openbilan.enrolments.models import Enrolment
from openbilan.programmes.models import Programme
from openbilan.quality.models import (
    AccommodationRequest,
    Complaint,
    ComplaintState,
    Offer,
    OperatorQuality,
    ResultsSnapshot,
)


def operators_administered_by(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Organisation.Kind.OPERATOR,
        memberships__user=user,
        memberships__role=Role.OPERATOR_ADMIN,
        memberships__is_active=True,
    )


def first_operator_administered_by(user: User) -> Organisation | None:
    """The operator whose quality pages the admin sees (the first by name when they administer several)."""
    return operators_administered_by(user).order_by("name").first()


def operator_quality(operator: Organisation) -> OperatorQuality:
    """The operator's quality settings, or the defaults (unsaved) when none were saved yet."""
    return OperatorQuality.objects.filter(operator=operator).first() or OperatorQuality(operator=operator)


# --- Offers and results ----------------------------------------------------------------------------------------------


def published_offers() -> QuerySet[Offer]:
    """Every published offer, for the public list (anyone may read it)."""
    return (
        Offer.objects.filter(published=True)
        .select_related("programme__operator", "programme__funder")
        .order_by("programme__name")
    )


def published_offer(slug: str) -> Offer | None:
    return published_offers().select_related("programme__operator__quality").filter(programme__slug=slug).first()


def latest_results(programme: Programme) -> ResultsSnapshot | None:
    return ResultsSnapshot.objects.filter(programme=programme).order_by("-published_at", "-pk").first()


def results_of(programme: Programme) -> QuerySet[ResultsSnapshot]:
    return ResultsSnapshot.objects.filter(programme=programme).select_related("published_by")


def programmes_for_quality(user: User) -> QuerySet[Programme]:
    """The operator admin's programmes with their offer (or none yet), for the quality home page."""
    return (
        Programme.objects.filter(operator__in=operators_administered_by(user))
        .select_related("offer", "funder")
        .order_by("name")
    )


def programme_for_admin(user: User, slug: str) -> Programme | None:
    return programmes_for_quality(user).select_related("operator").filter(slug=slug).first()


def admin_of(user: User, operator_id: int) -> bool:
    return operators_administered_by(user).filter(pk=operator_id).exists()


def offer_of(programme: Programme) -> Offer | None:
    return Offer.objects.filter(programme=programme).first()


def complaint_programmes(user: User) -> QuerySet[Programme]:
    """The programmes a complaint may be about: every published offer, and the programmes the person follows."""
    condition = Q(offer__published=True)
    if user.is_authenticated:
        condition |= Q(enrolments__beneficiary=user)
    return Programme.objects.filter(condition).select_related("operator").distinct().order_by("name")


# --- Complaints ------------------------------------------------------------------------------------------------------


def complaints_register(user: User) -> QuerySet[Complaint]:
    """The complaints register of the operators this person administers (with the complainant's statement)."""
    return (
        Complaint.objects.filter(operator__in=operators_administered_by(user))
        .select_related("programme", "statement")
        .order_by("-received_at", "-pk")
    )


def open_complaints(user: User) -> QuerySet[Complaint]:
    return complaints_register(user).exclude(state=ComplaintState.CLOSED)


def complaint_for_admin(user: User, complaint_id: int) -> Complaint | None:
    return complaints_register(user).select_related("operator", "handled_by").filter(pk=complaint_id).first()


def complaints_of(person: User) -> QuerySet[Complaint]:
    """The complaints a signed-in person filed (the only way they read them)."""
    if not person.is_authenticated:
        return Complaint.objects.none()
    return (
        Complaint.objects.filter(statement__person=person)
        .select_related("programme", "operator", "statement")
        .order_by("-received_at", "-pk")
    )


# --- Disability referent and accommodations --------------------------------------------------------------------------


def referents_for(person: User) -> list[OperatorQuality]:
    """The disability referents of the operators running the person's programmes (those that named one)."""
    operators = Enrolment.objects.filter(beneficiary=person).values("programme__operator")
    return list(
        OperatorQuality.objects.filter(operator__in=operators)
        .exclude(referent_name="")
        .select_related("operator")
        .order_by("operator__name")
    )


def accommodations_of(person: User) -> QuerySet[AccommodationRequest]:
    return AccommodationRequest.objects.filter(person=person)


def accommodations_visible_to(user: User) -> list[AccommodationRequest]:
    """Requests of the people this staff member is responsible for, as the one access rule says
    (openbilan.enrolments.access.person_access): the people they follow as coach, and the people who accepted a
    bilan of a programme their operator runs (operator admins act for the disability referent); only the requests
    made under that bilan, unless the person brought their earlier ones along. Nobody else."""
    if not user.is_authenticated:
        return []
    condition = Q(pk__in=[])
    if user.is_coach:
        condition |= access.coach_scope(user)
    if user.is_operator_admin:
        condition |= Q(programme__operator__in=operators_administered_by(user))
    people = User.objects.filter(
        pk__in=Enrolment.objects.filter(condition, consented_at__isnull=False).values("beneficiary")
    )
    visible: list[AccommodationRequest] = []
    for person in people:
        rule = access.person_access(user, person)
        if rule is not None and rule.accommodations:
            requests = rule.made_since(AccommodationRequest.objects.filter(person=person), "created_at")
            visible.extend(requests.select_related("person"))
    return sorted(visible, key=lambda r: (r.person.last_name, r.person.first_name, -r.created_at.timestamp()))
