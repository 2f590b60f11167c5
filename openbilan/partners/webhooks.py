"""Webhooks: an organisation registers an address; each event is POSTed there, signed with HMAC-SHA256 over
"<timestamp>.<body>", and tried again from the task queue with a growing delay until it is accepted (2xx) or
abandoned after the last try. Only https addresses on public networks are called; loopback (127.0.0.1) only where
settings.OPENBILAN_WEBHOOK_ALLOW_LOOPBACK says so (the tests)."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan.partners import errors, selectors
from openbilan.partners.delivery import check_url
from openbilan.partners.models import ApiToken, Event, Scope, WebhookDelivery, WebhookEndpoint
from openbilan.partners.services import require_scope
from openbilan.partners.tasks import deliver_webhook
from openbilan.privacy import security_log
from openbilan.programmes.models import Enrolment, Referral

MAX_ENDPOINTS = 5


@transaction.atomic
def register(*, token: ApiToken, url: str, events: list[str] | None = None) -> tuple[WebhookEndpoint, str]:
    """The token's organisation registers an address; returns it with its signing secret (shown once to the caller,
    kept to sign)."""
    require_scope(token, Scope.WEBHOOKS)
    check_url(url)
    if selectors.webhooks_of(token).count() >= MAX_ENDPOINTS:
        raise errors.NotAllowed(_("Cinq webhooks au plus par organisation. Supprimez-en un d'abord."))
    events = sorted(set(events or Event.values))
    if not set(events) <= set(Event.values):
        raise errors.InvalidWebhookUrl(_("Événement inconnu."))
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        organisation_id=token.organisation_id, operator_id=token.operator_id, url=url, secret=secret, events=events
    )
    security_log.event("webhook_registered", endpoint_id=endpoint.pk, organisation_id=token.organisation_id)
    return endpoint, secret


@transaction.atomic
def disable(*, token: ApiToken, endpoint: WebhookEndpoint) -> None:
    require_scope(token, Scope.WEBHOOKS)
    if not selectors.webhooks_of(token).filter(pk=endpoint.pk).exists():
        raise errors.NotAllowed()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(disabled_at=timezone.now())


# --- Events ---------------------------------------------------------------------------------------------------------


def referral_payload(referral: Referral, enrolment: Enrolment) -> dict:
    """What the prescriber may know: the referral, the status and the outcome the person shares with them."""
    return {
        "referral_id": referral.pk,
        "programme": referral.programme.slug,
        "status": enrolment.status,
        "status_changed_at": enrolment.status_changed_at.isoformat() if enrolment.status_changed_at else None,
        "outcome": enrolment.outcome or None,
    }


def status_changed(enrolment: Enrolment, event: str = Event.REFERRAL_STATUS_CHANGED) -> list[WebhookDelivery]:
    """Queue one delivery per endpoint subscribed by the prescriber of each referral of this enrolment, when the
    person shares its status with that prescriber. Sent after the change is committed."""
    referrals = Referral.objects.filter(enrolment=enrolment, prescriber_id=enrolment.prescriber_id).select_related(
        "programme", "enrolment"
    )
    deliveries = []
    for referral in referrals:
        shared = selectors.follow_up_shared(referral)
        if shared is None:
            continue
        endpoints = WebhookEndpoint.objects.filter(
            organisation_id=referral.prescriber_id,
            operator_id=referral.programme.operator_id,
            disabled_at__isnull=True,
        )
        for endpoint in endpoints:
            if event not in endpoint.events:
                continue
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                event=event,
                payload=referral_payload(referral, shared),
                next_attempt_at=timezone.now(),
            )
            deliveries.append(delivery)
            transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))
    return deliveries


def outcome_recorded(enrolment_id: int) -> list[WebhookDelivery]:
    """After an outcome is committed (the enrolment then holds its latest outcome), the same as a status change."""
    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        return []
    with transaction.atomic():
        return status_changed(enrolment, Event.REFERRAL_OUTCOME_RECORDED)


def retry_due(*, now: datetime.datetime | None = None) -> int:
    """Queue again every pending delivery whose time has come (a safety net if a queued try was lost)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for pk in due:
        deliver_webhook.enqueue(pk)
    return len(due)
