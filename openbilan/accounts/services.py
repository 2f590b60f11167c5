"""Every write to accounts goes through these functions."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from openbilan.accounts import tasks
from openbilan.accounts.errors import ProposalRefused, RoleOrganisationMismatch
from openbilan.accounts.models import ROLE_ORGANISATION_KIND, ChangeProposal, Membership, Organisation, Role, User


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
def set_password(*, user: User, password: str) -> User:
    """The password a person chose (the form has checked it against the validators); nothing else changes."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled (created once; its key is shown until the first code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="OpenBilan", confirmed=False)


def confirm_device(device: TOTPDevice) -> None:
    """An authenticator app's first right code: the device (django-otp's TOTPDevice) signs the person in from now on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])


@transaction.atomic
def set_organisation_siret(*, organisation: Organisation, siret: str) -> Organisation:
    """Record the organisation's SIRET (issue 23: ProConnect ties an agent to it); validated, unique."""
    organisation.siret = siret.replace(" ", "")
    organisation.full_clean(validate_unique=True, validate_constraints=True)
    organisation.save(update_fields=["siret"])
    return organisation


# --- Changes an organisation proposes to an existing account (issue 16) -------------------------------------------


@transaction.atomic
def propose_change(*, user: User, organisation: Organisation, first_name: str, last_name: str, email: str) -> bool:
    """An organisation's file names an existing account differently: nothing changes, a proposal waits for the
    person. True when a proposal was made or changed; False when there is nothing new to ask (the same values, the
    same proposal pending, or the same one already refused). A file that agrees with the account again withdraws
    the organisation's pending proposal."""
    email = email.strip().lower()
    values = {"first_name": first_name.strip(), "last_name": last_name.strip(), "email": email}
    pending = ChangeProposal.objects.filter(user=user, organisation=organisation, decided_at__isnull=True)
    if (user.first_name, user.last_name, user.email.lower()) == (values["first_name"], values["last_name"], email):
        return bool(pending.delete()[0])
    current = pending.first()
    if current is not None and (current.first_name, current.last_name, current.email) == tuple(values.values()):
        return False
    if ChangeProposal.objects.filter(user=user, organisation=organisation, accepted=False, **values).exists():
        return False
    if current is not None:
        for name, value in values.items():
            setattr(current, name, value)
        current.created_at = timezone.now()
        current.save()
    else:
        ChangeProposal.objects.create(user=user, organisation=organisation, **values)
    return True


@transaction.atomic
def decide_change(*, proposal: ChangeProposal, user: User, accept: bool) -> ChangeProposal:
    """The person accepts (their account takes the proposed name and e-mail) or refuses (nothing changes)."""
    proposal = ChangeProposal.objects.select_for_update().select_related("user").get(pk=proposal.pk, user=user)
    if proposal.decided_at is not None:
        raise ProposalRefused("decided")
    if accept:
        person = proposal.user
        if User.objects.filter(email__iexact=proposal.email).exclude(pk=person.pk).exists():
            raise ProposalRefused("email_taken")
        person.first_name, person.last_name, person.email = proposal.first_name, proposal.last_name, proposal.email
        person.save(update_fields=["first_name", "last_name", "email"])
    proposal.decided_at, proposal.accepted = timezone.now(), accept
    proposal.save(update_fields=["decided_at", "accepted"])
    return proposal


def remember_language(*, user: User, language: str) -> None:
    """The person chose a language on the site: their e-mails are written in it from now on (openbilan/mail.py)."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def send_password_reset(*, user: User) -> None:
    """Queue the e-mail with the link to choose a new password; the worker mints the link (accounts/emails.py)."""
    user_id = user.pk
    transaction.on_commit(lambda: tasks.send_password_reset.enqueue(user_id))
