"""Every write about external identities: which account a verified identity signs in, linking, the e-mail link.

The linking rule (docs/PRIVACY.md, "Signing in with FranceConnect or ProConnect"): an identity signs in the account
it is linked to. A new identity never takes over an existing account silently: it is linked only
- to the account of a person already signed in (with their second factor for staff) who asks for it,
- to the account whose e-mail the provider certifies (`email_verified`, or a provider the operator trusts for it),
- after the person proves the account: its password (and, for staff, its second factor), or a link sent to its
  e-mail address (not for staff accounts: their second factor must be proved).
A ProConnect agent unknown here gets a prescriber account in the organisation of their SIRET, if it is registered."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openbilan import tokens
from openbilan.accounts import selectors as account_selectors
from openbilan.accounts import services as account_services
from openbilan.accounts.models import STAFF_ROLES, Role, User
from openbilan.identity import links, tasks
from openbilan.identity.client import VerifiedIdentity
from openbilan.identity.errors import IdentityRefused
from openbilan.identity.models import ExternalIdentity, Provider
from openbilan.identity.providers import ProviderConfig
from openbilan.privacy import security_log

LINK_VALIDITY = links.LINK_VALIDITY


@dataclass(frozen=True)
class Resolution:
    """The account to sign in, or None: the person must prove an existing account first (`candidate`: the account
    that has the provider's e-mail, when there is one)."""

    user: User | None
    candidate: User | None = None


def _account_with_email(email: str) -> User | None:
    if not email:
        return None
    return User.objects.filter(email__iexact=email).first()


def check_level(*, user: User, identity: VerifiedIdentity, config: ProviderConfig) -> None:
    """ProConnect: staff roles need a level the operator accepts for them (none: staff cannot use ProConnect)."""
    if not user.is_active:
        raise IdentityRefused("inactive")
    if identity.provider != Provider.PROCONNECT:
        if identity.acr not in config.acr_values:
            raise IdentityRefused("acr", "level not accepted")
        return
    user.__dict__.pop("roles", None)
    if user.roles & STAFF_ROLES:
        if not config.staff_acr_values:
            raise IdentityRefused("staff_not_allowed")
        if identity.acr not in config.staff_acr_values:
            raise IdentityRefused("acr", "level not accepted for staff")
    elif identity.acr not in config.acr_values:
        raise IdentityRefused("acr", "level not accepted")


@transaction.atomic
def resolve(*, identity: VerifiedIdentity, config: ProviderConfig, current_user: User | None = None) -> Resolution:
    """Which account this verified identity signs in (see the module's rule), linking or creating it when the rule
    allows; the level is checked against the account's roles before anything is written."""
    linked = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=identity.provider, sub=identity.sub, linked_at__isnull=False)
        .first()
    )
    if linked is not None:
        check_level(user=linked.user, identity=identity, config=config)
        _join_siret_organisation(user=linked.user, identity=identity)
        return Resolution(linked.user)
    if current_user is not None:
        check_level(user=current_user, identity=identity, config=config)
        link(user=current_user, identity=identity, how="session")
        return Resolution(current_user)
    account = _account_with_email(identity.email)
    if account is not None and identity.email_verified:
        check_level(user=account, identity=identity, config=config)
        link(user=account, identity=identity, how="certified_email")
        _join_siret_organisation(user=account, identity=identity)
        return Resolution(account)
    if account is not None:
        return Resolution(None, candidate=account)
    if identity.provider == Provider.PROCONNECT:
        return Resolution(_new_prescriber(identity=identity, config=config))
    return Resolution(None)


def _new_prescriber(*, identity: VerifiedIdentity, config: ProviderConfig) -> User:
    organisation = account_selectors.prescriber_with_siret(identity.siret)
    if organisation is None:
        raise IdentityRefused("organisation_unknown")
    if not identity.email:
        raise IdentityRefused("claims", "no e-mail for a new account")
    user = account_services.upsert_user(
        email=identity.email, first_name=identity.given_name[:150], last_name=identity.family_name[:150]
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    account_services.grant_role(user=user, organisation=organisation, role=Role.PRESCRIBER)
    check_level(user=user, identity=identity, config=config)
    link(user=user, identity=identity, how="new_prescriber")
    return user


def _join_siret_organisation(*, user: User, identity: VerifiedIdentity) -> None:
    """A prescriber who signs in with ProConnect joins the prescriber organisation of the SIRET ProConnect gives."""
    if identity.provider != Provider.PROCONNECT or not user.is_prescriber:
        return
    organisation = account_selectors.prescriber_with_siret(identity.siret)
    if (
        organisation is not None
        and not account_selectors.organisations_of(user, Role.PRESCRIBER).filter(pk=organisation.pk).exists()
    ):
        account_services.grant_role(user=user, organisation=organisation, role=Role.PRESCRIBER)
        security_log.event("identity_joined_organisation", user_id=user.pk, organisation_id=organisation.pk)


@transaction.atomic
def link(*, user: User, identity: VerifiedIdentity, how: str) -> ExternalIdentity:
    """Link the identity to the account (replacing the account's earlier identity at the same provider)."""
    ExternalIdentity.objects.filter(user=user, provider=identity.provider).exclude(sub=identity.sub).delete()
    ExternalIdentity.objects.filter(provider=identity.provider, sub=identity.sub).exclude(user=user).delete()
    row, _created = ExternalIdentity.objects.update_or_create(
        provider=identity.provider,
        sub=identity.sub,
        defaults={
            "user": user,
            "email_verified": identity.email_verified,
            "linked_at": timezone.now(),
            "link_token_hash": "",
        },
    )
    security_log.event("identity_linked", user_id=user.pk, provider=identity.provider, how=how)
    return row


@transaction.atomic
def record_sign_in(*, user: User, identity: VerifiedIdentity) -> None:
    """Keep the level and methods of the last sign-in (what the second-factor rule relies on), nothing else."""
    ExternalIdentity.objects.filter(user=user, provider=identity.provider, sub=identity.sub).update(
        email_verified=identity.email_verified,
        last_acr=identity.acr[:100],
        last_amr=" ".join(identity.amr)[:100],
        last_login_at=timezone.now(),
    )
    security_log.event("identity_login", user_id=user.pk, provider=identity.provider)


@transaction.atomic
def request_email_link(*, email: str, identity: VerifiedIdentity) -> None:
    """Send a confirmation link to the account with this e-mail address, if there is one that may be linked this way.

    The answer is the same whether an account exists or not (nobody learns who has an account). Staff accounts are
    never linked by e-mail: they prove their password and their second factor."""
    account = _account_with_email(email)
    if account is None or not account.is_active or account.roles & STAFF_ROLES:
        security_log.event("identity_link_mail_skipped", provider=identity.provider)
        return
    if ExternalIdentity.objects.filter(provider=identity.provider, sub=identity.sub, linked_at__isnull=False).exists():
        return
    row, _created = ExternalIdentity.objects.update_or_create(
        provider=identity.provider,
        sub=identity.sub,
        defaults={
            "user": account,
            "email_verified": False,
            "linked_at": None,
            "link_token_hash": "",
            "created_at": timezone.now(),
        },
    )
    # The worker that sends the e-mail mints the same token (identity/links.py): the task holds the row's id only.
    row.link_token_hash = tokens.token_hash(links.link_token(row))
    row.save(update_fields=["link_token_hash"])
    row_id = row.pk
    transaction.on_commit(lambda: tasks.send_link_confirmation.enqueue(row_id))
    security_log.event("identity_link_mail_sent", user_id=account.pk, provider=identity.provider)


@transaction.atomic
def confirm_email_link(*, token: str) -> ExternalIdentity | None:
    """Confirm a link asked for by e-mail: once, within 24 hours. None when the link is unknown, used or too old."""
    row = (
        ExternalIdentity.objects.select_for_update()
        .filter(link_token_hash=tokens.token_hash(token), linked_at__isnull=True)
        .first()
    )
    if row is None:
        return None
    if row.created_at < timezone.now() - LINK_VALIDITY or not row.user.is_active:
        row.delete()
        return None
    ExternalIdentity.objects.filter(user=row.user, provider=row.provider, linked_at__isnull=False).delete()
    row.linked_at = timezone.now()
    row.link_token_hash = ""
    row.save(update_fields=["linked_at", "link_token_hash"])
    security_log.event("identity_linked", user_id=row.user_id, provider=row.provider, how="email_link")
    return row
