"""Every write to accounts goes through these functions."""

from django.db import transaction

from openbilan.accounts.errors import RoleOrganisationMismatch
from openbilan.accounts.models import ROLE_ORGANISATION_KIND, Membership, Organisation, Role, User


@transaction.atomic
def upsert_organisation(*, slug: str, name: str, kind: str, network: str = "") -> Organisation:
    """Create an organisation, or update the one with this slug (safe to run twice)."""
    organisation, _created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "network": network}
    )
    return organisation


@transaction.atomic
def grant_role(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give a person a role in an organisation; the role must fit the organisation's kind."""
    role = Role(role)
    if ROLE_ORGANISATION_KIND[role] != organisation.kind:
        raise RoleOrganisationMismatch(role.label, organisation.get_kind_display())
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    user.__dict__.pop("roles", None)
    return membership


@transaction.atomic
def upsert_user(*, email: str, first_name: str, last_name: str, password: str | None = None) -> User:
    """Create a person's account or update their name; the password is set only when given."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
    user.first_name, user.last_name = first_name, last_name
    if password is not None:
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def set_organisation_siret(*, organisation: Organisation, siret: str) -> Organisation:
    """Record the organisation's SIRET (issue 23: ProConnect ties an agent to it); validated, unique."""
    organisation.siret = siret.replace(" ", "")
    organisation.full_clean(validate_unique=True, validate_constraints=True)
    organisation.save(update_fields=["siret"])
    return organisation
