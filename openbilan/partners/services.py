"""Writes of the partner API: tokens issued and revoked by an operator admin, the log of every call, idempotent
requests, and referrals made by an organisation through the API."""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan import tokens
from openbilan.accounts.models import Organisation, User
from openbilan.enrolments import access
from openbilan.partners import errors, selectors
from openbilan.partners.models import SCOPES_BY_KIND, ApiCall, ApiToken, IdempotentRequest, Scope
from openbilan.privacy import security_log
from openbilan.privacy.models import AccessLabel
from openbilan.programmes import services as programmes
from openbilan.programmes.models import Enrolment, Programme, Referral

TOKEN_PREFIX = "obk_"
MAX_TOKEN_DAYS = 366
IDEMPOTENCY_HOURS = 24


# --- Tokens ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def issue_token(
    *, organisation: Organisation, actor: User, name: str, scopes: list[str], days: int
) -> tuple[ApiToken, str]:
    """An operator admin issues a token to a prescriber organisation of their programmes. Returns the token and
    its secret, which is shown once and never stored."""
    operator = selectors.operator_linking(actor, organisation)
    if operator is None:
        raise errors.NotAllowed(_("Cette organisation n'oriente vers aucun de vos programmes."))
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(Scope.values):
        raise errors.NotAllowed(_("Choisissez au moins un droit."))
    if not set(scopes) <= SCOPES_BY_KIND.get(organisation.kind, set()):
        raise errors.NotAllowed(
            _(
                "Un prescripteur reçoit les droits des orientations et des webhooks ; un financeur, celui des "
                "chiffres ; un opérateur, ceux de ses cohortes."
            )
        )
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise errors.NotAllowed(_("Un jeton dure de 1 à 366 jours."))
    raw = tokens.new_token(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        organisation=organisation,
        operator=operator,
        name=name.strip()[:100] or organisation.name,
        prefix=raw[:12],
        key_hash=tokens.token_hash(raw),
        scopes=scopes,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    security_log.event("api_token_issued", token_id=token.pk, organisation_id=organisation.pk, user_id=actor.pk)
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not selectors.tokens_issued_for(actor).filter(pk=token.pk).exists():
        raise errors.NotAllowed()
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        security_log.event("api_token_revoked", token_id=token.pk, user_id=actor.pk)
    return token


def authenticate(raw: str, *, now: datetime.datetime | None = None) -> ApiToken:
    """The token of this secret, or a refusal: unknown, expired or revoked."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.filter(key_hash=tokens.token_hash(raw)).select_related("organisation", "operator").first()
        if raw.startswith(TOKEN_PREFIX)
        else None
    )
    if token is None:
        raise errors.NotAuthenticated()
    if token.revoked_at is not None:
        raise errors.TokenRevoked()
    if token.expires_at <= now:
        raise errors.TokenExpired()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write a minute per token
    return token


def require_scope(token: ApiToken, scope: str) -> None:
    if scope not in token.scopes:
        raise errors.ScopeMissing()


# --- The access log -------------------------------------------------------------------------------------------------


def record_call(
    *,
    token: ApiToken | None,
    method: str,
    path: str,
    status_code: int,
    duration_ms: int,
    address: str | None,
    replayed: bool = False,
) -> ApiCall:
    return ApiCall.objects.create(
        token=token,
        organisation_id=token.organisation_id if token else None,
        method=method[:8],
        path=path[:300],
        status_code=status_code,
        duration_ms=max(0, duration_ms),
        address=address or None,
        replayed=replayed,
        at=timezone.now(),
    )


def purge_calls(*, days: int = 365, now: datetime.datetime | None = None) -> int:
    """Forget calls older than a year (logs are kept 6 to 12 months) and idempotent answers older than a day."""
    now = now or timezone.now()
    deleted, _by_model = ApiCall.objects.filter(at__lt=now - datetime.timedelta(days=days)).delete()
    IdempotentRequest.objects.filter(created_at__lt=now - datetime.timedelta(hours=IDEMPOTENCY_HOURS)).delete()
    return deleted


# --- Idempotent requests --------------------------------------------------------------------------------------------


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def earlier_answer(*, token: ApiToken, key: str, print_: str) -> IdempotentRequest | None:
    """The answer already given to this key (within a day), or None; a refusal when the key served another body."""
    since = timezone.now() - datetime.timedelta(hours=IDEMPOTENCY_HOURS)
    earlier = IdempotentRequest.objects.filter(
        organisation_id=token.organisation_id, key=key, created_at__gte=since
    ).first()
    if earlier is not None and earlier.fingerprint != print_:
        raise errors.IdempotencyConflict()
    return earlier


def remember_answer(*, token: ApiToken, key: str, print_: str, status_code: int, body) -> None:
    """Keep the answer with the key, in the transaction that made it: if another request with the same key won
    the race, this one is undone whole."""
    IdempotentRequest.objects.filter(
        organisation_id=token.organisation_id,
        key=key,
        created_at__lt=timezone.now() - datetime.timedelta(hours=IDEMPOTENCY_HOURS),
    ).delete()
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(
                organisation_id=token.organisation_id,
                key=key,
                fingerprint=print_,
                status_code=status_code,
                body=body,
            )
    except IntegrityError:
        raise errors.IdempotencyConflict(_("Une demande avec cette clé est déjà en cours. Réessayez.")) from None


# --- Referrals ------------------------------------------------------------------------------------------------------


def refer(*, token: ApiToken, programme: Programme, first_name: str, last_name: str, email: str, **details) -> Referral:
    """A referral made by the token's organisation, exactly as its agents make one on the form."""
    require_scope(token, Scope.REFERRALS_WRITE)
    if not selectors.programmes_for(token).filter(pk=programme.pk).exists():
        raise errors.NotAllowed(_("Votre organisation n'oriente pas vers ce programme."))
    return programmes.create_partner_referral(
        programme=programme,
        prescriber=token.organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        **details,
    )


# --- Cohorts (an operator's own token) ------------------------------------------------------------------------------


def _accountable(token: ApiToken) -> User:
    """The person who answers for what an operator's token does: the admin who issued it. The import names them as
    its author and the access log as the reader, so that each person sees who read their file and how."""
    if token.created_by is None or not token.created_by.is_active:
        raise errors.NotAllowed(_("Ce jeton n'a plus de responsable : demandez-en un nouveau à votre administrateur."))
    return token.created_by


def import_cohort(*, token: ApiToken, programme: Programme, data: bytes, file_name: str) -> programmes.ImportReport:
    """A cohort file sent by the operator's software: the very import of the upload page (all or nothing, a report
    per row), on a programme of the token's own operator."""
    require_scope(token, Scope.COHORTS_WRITE)
    if not selectors.cohort_programmes_for(token).filter(pk=programme.pk).exists():
        raise errors.NotAllowed()
    return programmes.import_cohort(
        programme=programme,
        data=data,
        actor=_accountable(token),
        file_name=file_name or f"api-{token.prefix}.csv",
    )


def record_enrolment_reads(*, token: ApiToken, enrolments: list[Enrolment], path: str) -> None:
    """Each person whose enrolment the token read finds the read on their privacy page (the staff access log)."""
    require_scope(token, Scope.COHORTS_READ)
    actor = _accountable(token)
    for enrolment in enrolments:  # a label code, read in the person's language; the token's name is the reason
        access.record(
            actor=actor, subject=enrolment.beneficiary, label=AccessLabel.API_ENROLMENT, reason=token.name, path=path
        )
