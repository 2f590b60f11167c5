"""Delivering one webhook event: the signed POST to a public https address, and what becomes of each try
(delivered, tried again after the next delay, or abandoned). Run by the task worker (tasks.deliver_webhook); the
events themselves are queued by webhooks.py."""

import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan.partners import errors
from openbilan.partners.models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# The delay before each new try (after the 1st, 2nd... failure); after the last, the delivery is abandoned.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=24),
)
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-OpenBilan-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None) -> bool:
    """What a receiver checks (docs/API.md): the signature matches and is at most `tolerance` seconds old."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), f"t={timestamp},v1={parts.get('v1', '')}")


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "OPENBILAN_WEBHOOK_ALLOW_LOOPBACK", False))


def check_url(url: str) -> None:
    """https only (http to 127.0.0.1 where loopback is allowed), with no user name, password or fragment."""
    parts = urlsplit(url)
    loopback = parts.hostname == "127.0.0.1" and _loopback_allowed()
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise errors.InvalidWebhookUrl(_("L'adresse doit commencer par https://."))
    if not parts.hostname or parts.username or parts.password or parts.fragment:
        raise errors.InvalidWebhookUrl(_("L'adresse ne doit contenir ni identifiant, ni mot de passe, ni fragment."))


def _public_address(host: str, port: int) -> bool:
    """Every address the host resolves to is public (no private, loopback or link-local network), so that a partner
    cannot make the platform call its own internal services."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if address.is_loopback and host == "127.0.0.1" and _loopback_allowed():
            continue
        if not address.is_global:
            return False
    return bool(addresses)


def _body(delivery: WebhookDelivery) -> bytes:
    document = {
        "id": str(delivery.event_id),
        "type": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str]:
    parts = urlsplit(endpoint.url)
    try:
        check_url(endpoint.url)
    except errors.InvalidWebhookUrl as refusal:
        return None, str(refusal.detail)
    if not _public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)):
        return None, _("Adresse non publique : refusée.")
    body = _body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "OpenBilan-Webhooks/1",
        "X-OpenBilan-Event": delivery.event,
        "X-OpenBilan-Delivery": str(delivery.event_id),
        SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
    }
    try:
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=TIMEOUT_SECONDS, allow_redirects=False
        )
    except requests.RequestException as error:
        return None, type(error).__name__
    return response.status_code, "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"


def deliver(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """One try (run by the task worker): delivered, due again after the next delay ("retry"), or abandoned."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").filter(pk=delivery_id).first()
        if delivery is None or delivery.state != WebhookDelivery.State.PENDING:
            return "skipped"
        if delivery.endpoint.disabled_at is not None:
            delivery.state, delivery.last_error = WebhookDelivery.State.FAILED, _("Webhook supprimé.")
            delivery.save(update_fields=["state", "last_error"])
            return "failed"
    status_code, error = _post(delivery.endpoint, delivery)
    now = now or timezone.now()
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = status_code, error[:300]
    if status_code is not None and 200 <= status_code < 300:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = WebhookDelivery.State.DELIVERED, now, None
        outcome = "delivered"
    elif delivery.attempts > len(BACKOFF):
        delivery.state, delivery.next_attempt_at = WebhookDelivery.State.FAILED, None
        outcome = "failed"
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        outcome = "retry"
    delivery.save(
        update_fields=["attempts", "last_status_code", "last_error", "state", "delivered_at", "next_attempt_at"]
    )
    logger.info("webhook delivery %s: %s (%s)", delivery.pk, outcome, status_code or error)
    return outcome
