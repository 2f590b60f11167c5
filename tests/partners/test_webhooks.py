"""Webhooks, against a real HTTP server on 127.0.0.1: signed deliveries, retries with backoff, privacy, https only."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from openbilan.journeys import services as journeys
from openbilan.partners import delivery as webhook_delivery
from openbilan.partners import errors, webhooks
from openbilan.partners.models import WebhookDelivery
from openbilan.programmes import services as programmes
from openbilan.programmes.models import Enrolment, Referral
from tests.partners.factories import headers, partner, token_for

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}}


class Receiver:
    """A local HTTP server that records what it receives and answers the status codes it is told, in turn."""

    def __init__(self):
        self.received, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/openbilan"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.OPENBILAN_WEBHOOK_ALLOW_LOOPBACK = True
    settings.TASKS = IMMEDIATE
    server = Receiver()
    yield server
    server.stop()


def _referred_person(client, world, raw, captured):
    body = {"programme": world.programme.slug, "first_name": "Lina", "last_name": "Morel", "email": "lina@example.org"}
    with captured(execute=True):
        response = client.post("/api/v1/referrals/", body, content_type="application/json", **headers(raw))
    return Referral.objects.get(pk=response.json()["id"])


def test_a_shared_status_change_is_posted_signed_to_the_registered_address(
    client, receiver, django_capture_on_commit_callbacks
):
    world = partner()
    _token, raw = token_for(world)
    created = client.post("/api/v1/webhooks/", {"url": receiver.url}, content_type="application/json", **headers(raw))
    assert created.status_code == 201
    secret = created.json()["secret"]
    referral = _referred_person(client, world, raw, django_capture_on_commit_callbacks)
    enrolment = referral.enrolment
    with django_capture_on_commit_callbacks(execute=True):
        journeys.accept_invitation(
            enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
        )
    assert len(receiver.received) == 1
    sent_headers, body = receiver.received[0]
    assert webhook_delivery.verify(secret, sent_headers["X-OpenBilan-Signature"], body)
    assert not webhook_delivery.verify("whsec_another", sent_headers["X-OpenBilan-Signature"], body)
    assert not webhook_delivery.verify(secret, sent_headers["X-OpenBilan-Signature"], body + b" ")
    event = json.loads(body)
    assert event["type"] == "referral.status_changed" == sent_headers["X-OpenBilan-Event"]
    assert event["data"]["referral_id"] == referral.pk and event["data"]["status"] == "active"
    assert set(event["data"]) == {"referral_id", "programme", "status", "status_changed_at", "outcome"}
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == WebhookDelivery.State.DELIVERED and delivery.attempts == 1
    assert str(delivery.event_id) == event["id"] == sent_headers["X-OpenBilan-Delivery"]


def test_nothing_is_sent_when_the_person_does_not_share_their_status(
    client, receiver, django_capture_on_commit_callbacks
):
    world = partner()
    token, raw = token_for(world)
    webhooks.register(token=token, url=receiver.url)
    referral = _referred_person(client, world, raw, django_capture_on_commit_callbacks)
    enrolment = referral.enrolment
    with django_capture_on_commit_callbacks(execute=True):
        journeys.accept_invitation(enrolment=enrolment, actor=enrolment.beneficiary, consent=True)
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_a_refused_delivery_is_tried_again_later_then_abandoned(client, receiver, django_capture_on_commit_callbacks):
    world = partner()
    token, raw = token_for(world)
    webhooks.register(token=token, url=receiver.url)
    referral = _referred_person(client, world, raw, django_capture_on_commit_callbacks)
    enrolment = referral.enrolment
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        journeys.accept_invitation(
            enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
        )
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at - timezone.now() > datetime.timedelta(seconds=50)  # 1 minute, then longer
    assert webhooks.retry_due() == 0  # not yet due
    assert webhooks.retry_due(now=delivery.next_attempt_at) == 1  # due: sent again (immediate backend), accepted
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, len(receiver.received)) == ("delivered", 2, 2)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(state="pending", attempts=len(webhook_delivery.BACKOFF))
    receiver.answers = [503]
    assert webhook_delivery.deliver(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.FAILED and delivery.next_attempt_at is None


@pytest.mark.parametrize(
    "url",
    ["http://partenaire.example.org/hook", "ftp://partenaire.example.org/", "https://user:pw@partenaire.example.org/"],
)
def test_only_https_addresses_are_accepted(url):
    world = partner()
    token, _raw = token_for(world)
    with pytest.raises(errors.InvalidWebhookUrl):
        webhooks.register(token=token, url=url)


def test_loopback_is_refused_unless_the_settings_allow_it(settings):
    settings.OPENBILAN_WEBHOOK_ALLOW_LOOPBACK = False
    world = partner()
    token, _raw = token_for(world)
    with pytest.raises(errors.InvalidWebhookUrl):
        webhooks.register(token=token, url="http://127.0.0.1:9/hook")


def test_an_https_address_on_a_private_network_is_never_called(settings):
    settings.TASKS = IMMEDIATE
    world = partner()
    token, _raw = token_for(world)
    endpoint, _secret = webhooks.register(token=token, url="https://10.0.0.1/hook")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="referral.status_changed", payload={})
    assert webhook_delivery.deliver(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and delivery.last_error == "Adresse non publique : refusée."


def test_the_operator_sees_the_deliveries_on_their_page(client, receiver, django_capture_on_commit_callbacks):
    world = partner()
    token, raw = token_for(world)
    webhooks.register(token=token, url=receiver.url)
    receiver.answers = [500]
    referral = _referred_person(client, world, raw, django_capture_on_commit_callbacks)
    enrolment = referral.enrolment
    with django_capture_on_commit_callbacks(execute=True):
        journeys.accept_invitation(
            enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
        )
    client.force_login(world.admin)
    page = client.get("/partenaires/").content.decode()
    assert "referral.status_changed" in page and receiver.url in page and "HTTP 500" in page
    client.force_login(partner().admin)  # another operator's admin
    assert receiver.url not in client.get("/partenaires/").content.decode()


def test_an_outcome_recorded_is_posted_once_committed_with_the_latest_outcome(
    client, receiver, django_capture_on_commit_callbacks
):
    world = partner()
    token, raw = token_for(world)
    webhooks.register(token=token, url=receiver.url, events=["referral.outcome_recorded"])
    referral = _referred_person(client, world, raw, django_capture_on_commit_callbacks)
    enrolment = referral.enrolment
    with django_capture_on_commit_callbacks(execute=True):
        journeys.accept_invitation(
            enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
        )
    assert receiver.received == []  # subscribed to outcomes only
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed", completed_at=timezone.now())
    enrolment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        programmes.record_outcome(
            enrolment=enrolment, moment="end", kind="training", observed_on=timezone.localdate(), source="self_reported"
        )
    event = json.loads(receiver.received[0][1])
    assert event["type"] == "referral.outcome_recorded" and event["data"]["outcome"] == "training"
