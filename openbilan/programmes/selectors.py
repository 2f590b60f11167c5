"""Reads of programmes and enrolments; the permission rules live here, once."""

from django.db.models import Count, Q, QuerySet

from openbilan.accounts.models import Organisation, Role, User
from openbilan.programmes.models import Enrolment, EnrolmentStatus, Programme


def caseload_of(coach: User) -> QuerySet[Enrolment]:
    """The enrolments a coach follows, with what the caseload list shows, in a constant number of queries."""
    if not coach.is_coach:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(coach=coach)
        .select_related("beneficiary", "programme")
        .order_by("beneficiary__last_name", "beneficiary__first_name")
    )


def enrolments_of(beneficiary: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(beneficiary=beneficiary).select_related("programme", "coach")


def coach_follows(coach: User, beneficiary: User) -> bool:
    return coach.is_coach and Enrolment.objects.filter(coach=coach, beneficiary=beneficiary).exists()


def _member_of(user: User, role: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, memberships__role=role, memberships__is_active=True)


def programmes_operated_by(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(operator__in=_member_of(user, Role.OPERATOR_ADMIN))


def programmes_funded_for(user: User) -> QuerySet[Programme]:
    """Programmes a funder viewer may see aggregates of, with status counts (never a person)."""
    counts = {
        f"n_{status}": Count("enrolments", filter=Q(enrolments__status=status)) for status in EnrolmentStatus.values
    }
    return (
        Programme.objects.filter(funder__in=_member_of(user, Role.FUNDER_VIEWER))
        .annotate(n_enrolments=Count("enrolments"), **counts)
        .order_by("name")
    )


def referrals_of(user: User) -> QuerySet[Enrolment]:
    """Enrolments referred by the prescriber organisations this person belongs to."""
    return Enrolment.objects.filter(prescriber__in=_member_of(user, Role.PRESCRIBER)).select_related(
        "beneficiary", "programme"
    )
