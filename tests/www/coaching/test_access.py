"""Who may open what: a coach never reaches a person outside their caseload, and no other role reaches a person's
coaching data. EVERY coaching URL is checked (a new URL fails the coverage test until it is added here)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.coaching import services
from openbilan.coaching.models import (
    AdaptationLog,
    Appointment,
    Assignment,
    CoachNote,
    ContactAttempt,
    Message,
    TimeEntry,
)
from openbilan.privacy.models import AccessLog
from tests.accounts.factories import UserFactory, beneficiary, funder_viewer, operator_admin, prescriber
from tests.coaching.factories import admin_of, coach_of, followed
from tests.coaching.test_filetypes import PDF

# URL name -> which of the target's objects it takes.
TARGETED = {
    "person": ("enrolment",),
    "coach_thread": ("enrolment",),
    "appointment_new": ("enrolment",),
    "appointment_settle": ("enrolment", "appointment"),
    "note_add": ("enrolment",),
    "time_add": ("enrolment",),
    "adaptation_add": ("enrolment",),
    "contact_add": ("enrolment",),
    "end": ("enrolment",),
    "person_thread": ("enrolment",),
    "appointment_accept": ("appointment",),
    "appointment_ics": ("appointment",),
    "attachment": ("attachment",),
    "assignment_detail": ("enrolment",),
}
UNTARGETED = ("index", "messages", "appointments", "assignments")
# What a POST would send if it were let through: enough for each form to be valid.
POSTS = {
    "coach_thread": {"body": "Intrus"},
    "person_thread": {"body": "Intrus"},
    "appointment_new": {
        "mode": "book",
        "kind": "phone",
        "slot1": "2031-01-10T10:00",
        "duration": "60",
        "location": "x",
    },
    "appointment_settle": {"outcome": "cancelled"},
    "note_add": {"body": "Intrus"},
    "time_add": {"on": "2030-01-10", "minutes": "60", "description": "Intrus"},
    "adaptation_add": {"kind": "pace", "change": "x", "reason": "y"},
    "contact_add": {"channel": "phone", "outcome": "reached"},
    "end": {"reason_code": "other", "confirm": "on"},
    "assignment_detail": {"coach": "", "reason": "Intrus"},
}
WRITES = (Message, Appointment, CoachNote, TimeEntry, AdaptationLog, ContactAttempt, Assignment)


def test_every_coaching_url_is_covered_here():
    coaching = {pattern.name for pattern in get_resolver("openbilan.www.coaching.urls").url_patterns}
    assert coaching == set(TARGETED) | set(UNTARGETED)


@pytest.fixture
def target(db):
    """Another coach's person, with something behind every URL: a booked appointment and a message with a file."""
    enrolment = followed(phase="investigation")
    appointment = services.book_appointment(
        enrolment=enrolment,
        coach=enrolment.coach,
        kind="phone",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=60,
    )
    message = services.send_message(
        enrolment=enrolment,
        sender=enrolment.beneficiary,
        body="Mon CV",
        files=[SimpleUploadedFile("cv.pdf", PDF)],
        notify=False,
    )
    return {"enrolment": enrolment, "appointment": appointment, "attachment": message.attachments.get()}


def url(name, target):
    kwargs = {f"{kind}_id": target[kind].pk for kind in TARGETED[name]}
    return reverse(f"coaching:{name}", kwargs=kwargs)


def counts():
    return [model.objects.count() for model in WRITES]


def assert_shut_out(client, target):
    before, logs = counts(), AccessLog.objects.count()
    for name in TARGETED:
        address = url(name, target)
        assert client.get(address).status_code in (403, 404, 405), f"GET {name}"
        assert client.post(address, POSTS.get(name, {})).status_code in (403, 404, 405), f"POST {name}"
    assert counts() == before, "something was written"
    assert AccessLog.objects.count() == logs, "an access was logged: the page opened"


def test_another_coach_of_the_same_operator_reaches_nothing(client, target):
    client.force_login(coach_of(target["enrolment"].programme))
    assert_shut_out(client, target)


def test_the_former_coach_reaches_nothing_after_a_reassignment(client, target):
    enrolment = target["enrolment"]
    former = enrolment.coach
    services.assign_coach(enrolment=enrolment, coach=coach_of(enrolment.programme), admin=admin_of(enrolment.programme))
    client.force_login(former)
    assert_shut_out(client, target)


@pytest.mark.parametrize("make", [beneficiary, operator_admin, funder_viewer, prescriber], ids=lambda f: f.__name__)
def test_no_other_role_reaches_the_persons_data(client, target, make):
    client.force_login(make())
    assert_shut_out(client, target)


def test_an_admin_of_the_operator_sees_assignments_but_no_content(client, target):
    enrolment = target["enrolment"]
    client.force_login(admin_of(enrolment.programme))
    for name in TARGETED:
        if name == "assignment_detail":
            continue
        assert client.get(url(name, target)).status_code in (403, 404, 405), name
    page = client.get(url("assignment_detail", target))
    assert page.status_code == 200
    assert "Mon CV" not in page.content.decode() and "cv.pdf" not in page.content.decode()


def test_the_person_cannot_open_the_coachs_pages(client, target):
    client.force_login(target["enrolment"].beneficiary)
    for name in TARGETED:
        if name in ("person_thread", "appointment_ics", "attachment", "appointment_accept"):
            continue
        assert client.get(url(name, target)).status_code in (403, 404, 405), name


@pytest.mark.parametrize("role", [None, Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_the_untargeted_pages_are_closed_to_roles_without_them(client, db, role):
    if role:
        client.force_login(UserFactory(role=role))
    for name in UNTARGETED:
        response = client.get(reverse(f"coaching:{name}"))
        if role is None:
            assert response.status_code == 302 and "/compte/connexion/" in response.url, name
        else:
            assert response.status_code == 403, name


def test_the_two_parties_open_their_pages_and_the_coachs_opening_is_logged(client, target):
    enrolment = target["enrolment"]
    client.force_login(enrolment.coach)
    for name in ("person", "coach_thread", "appointment_new", "appointment_ics", "attachment"):
        assert client.get(url(name, target)).status_code == 200, name
    logged = AccessLog.objects.filter(actor=enrolment.coach, subject=enrolment.beneficiary)
    assert logged.count() == 5
    client.force_login(enrolment.beneficiary)
    for name in ("person_thread", "appointment_ics", "attachment"):
        assert client.get(url(name, target)).status_code == 200, name
    assert client.get(reverse("coaching:appointments")).status_code == 200
    assert AccessLog.objects.filter(actor=enrolment.beneficiary).count() == 0
