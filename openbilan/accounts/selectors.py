"""Reads about people and organisations."""

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from openbilan.accounts.models import ChangeProposal, Organisation, Role, User


def organisations_of(user: User, role: str) -> QuerySet[Organisation]:
    """The organisations in which the person holds this role."""
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role(role), memberships__is_active=True
    )


def organisations_of_kind(kind: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=kind)


def prescriber_with_siret(siret: str) -> Organisation | None:
    """The prescriber organisation registered with this SIRET (issue 23: ProConnect's `siret` claim), if any."""
    if not siret:
        return None
    return Organisation.objects.filter(siret=siret, kind=Organisation.Kind.PRESCRIBER).first()


def pending_proposals(user: User) -> QuerySet[ChangeProposal]:
    """The changes of name or e-mail waiting for this person's answer (their own page, their home's notice)."""
    if not user.is_authenticated:
        return ChangeProposal.objects.none()
    return ChangeProposal.objects.filter(user=user, decided_at__isnull=True).select_related("organisation", "user")


def pending_proposal_count(user: User) -> int:
    """How many changes wait for this person's answer (their home's notice)."""
    return pending_proposals(user).count()


def pending_proposal(user: User, proposal_id: int) -> ChangeProposal | None:
    """One of the changes waiting for this person's answer; None when it is not theirs or already answered."""
    return pending_proposals(user).filter(pk=proposal_id).first()


def user_with_email(email: str) -> User | None:
    """The account with this e-mail address, whatever its case (as sign-in finds it)."""
    return User.objects.filter(email__iexact=email.strip()).first()


def confirmed_device(user: User) -> TOTPDevice | None:
    """The person's authenticator app once its first code confirmed it (django-otp's TOTPDevice), if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
