"""The coach's screen for one person, the forms it posts to, and the person's messages and appointments pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openbilan.coaching import services
from openbilan.coaching.models import Appointment, CoachNote, ContactAttempt, Message
from openbilan.journeys.models import Interview
from tests.coaching.factories import AppointmentFactory, MessageFactory, TimeEntryFactory, admin_of, coach_of, followed
from tests.coaching.ics_check import check_calendar
from tests.coaching.test_filetypes import PDF, PNG


@pytest.fixture
def enrolment(db):
    return followed(phase="investigation")


@pytest.fixture
def as_coach(client, enrolment):
    client.force_login(enrolment.coach)
    return client


@pytest.fixture
def as_person(client, enrolment):
    client.force_login(enrolment.beneficiary)
    return client


def screen(enrolment):
    return reverse("coaching:person", args=[enrolment.pk])


def test_the_screen_has_every_section(as_coach, enrolment):
    content = as_coach.get(screen(enrolment)).content.decode()
    for anchor in (
        "summary",
        "results",
        "entries",
        "suggestions",
        "project",
        "messages",
        "appointments",
        "notes",
        "time",
        "adaptations",
        "prevention",
        "timeline",
    ):
        assert f'id="{anchor}"' in content, anchor
    assert content.count("<h1") == 1
    assert 'aria-labelledby="project-title"' in content  # filled by the projects domain when it exists


def test_private_exercise_entries_never_show(as_coach, enrolment):
    from openbilan.journeys import services as journeys
    from openbilan.journeys.models import BeliefEntry

    shared = journeys.add_entry(journey=enrolment.journey, model=BeliefEntry, actor=enrolment.beneficiary)
    journeys.save_entry(
        journey=enrolment.journey,
        model=BeliefEntry,
        pk=shared.pk,
        version=1,
        values={"belief": "Partagée"},
        actor=enrolment.beneficiary,
    )
    hidden = journeys.add_entry(journey=enrolment.journey, model=BeliefEntry, actor=enrolment.beneficiary, private=True)
    journeys.save_entry(
        journey=enrolment.journey,
        model=BeliefEntry,
        pk=hidden.pk,
        version=1,
        values={"belief": "Privée"},
        actor=enrolment.beneficiary,
    )
    response = as_coach.get(screen(enrolment))
    beliefs = next(row for row in response.context["entries"] if row["url"].endswith("/croyances/"))
    assert beliefs["count"] == 1


def test_sending_a_message_from_the_screen(as_coach, enrolment):
    response = as_coach.post(reverse("coaching:coach_thread", args=[enrolment.pk]), {"body": "Bonjour !"})
    assert response.status_code == 302 and response.url.endswith("#messages")
    assert Message.objects.get().recipient == enrolment.beneficiary


def test_a_refused_attachment_is_explained_and_nothing_is_sent(as_coach, enrolment):
    upload = SimpleUploadedFile("cv.pdf", PNG)
    response = as_coach.post(reverse("coaching:coach_thread", args=[enrolment.pk]), {"body": "CV", "files": [upload]})
    assert response.status_code == 400
    assert "ne correspond pas à son extension" in response.content.decode()
    assert not Message.objects.exists()


def test_the_rate_limit_is_explained(as_person, enrolment, settings):
    settings.OPENBILAN_MESSAGES_PER_HOUR = 1
    address = reverse("coaching:person_thread", args=[enrolment.pk])
    as_person.post(address, {"body": "Un"})
    response = as_person.post(address, {"body": "Deux"})
    assert response.status_code == 400
    assert "Attendez un peu" in response.content.decode()


def test_the_person_reads_the_thread_and_the_coach_sees_it_read(as_person, client, enrolment):
    MessageFactory(enrolment=enrolment, sender=enrolment.coach, recipient=enrolment.beneficiary, body="Coucou")
    assert "Coucou" in as_person.get(reverse("coaching:messages"), follow=True).content.decode()
    client.force_login(enrolment.coach)
    assert "Lu le" in client.get(screen(enrolment)).content.decode()


def test_an_attachment_downloads_as_a_file_with_its_type(as_person, enrolment):
    message = services.send_message(
        enrolment=enrolment, sender=enrolment.coach, body="", files=[SimpleUploadedFile("Fiche métier.pdf", PDF)]
    )
    response = as_person.get(reverse("coaching:attachment", args=[message.attachments.get().pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_booking_from_the_screen_and_downloading_the_calendar(as_coach, enrolment):
    slot = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    response = as_coach.post(
        reverse("coaching:appointment_new", args=[enrolment.pk]),
        {
            "mode": "book",
            "kind": "video",
            "slot1": slot.strftime("%Y-%m-%dT%H:%M"),
            "duration": "60",
            "video_url": "https://visio.example.org/abc",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == slot
    ics = as_coach.get(reverse("coaching:appointment_ics", args=[appointment.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    event = check_calendar(ics.content)
    assert str(event["URL"]) == "https://visio.example.org/abc"


def test_a_video_booking_without_link_is_refused_with_a_clear_message(as_coach, enrolment):
    response = as_coach.post(
        reverse("coaching:appointment_new", args=[enrolment.pk]),
        {"mode": "book", "kind": "video", "slot1": "2031-01-10T10:00", "duration": "60"},
    )
    assert response.status_code == 400
    assert "lien de la visio" in response.content.decode()
    assert not Appointment.objects.exists()


def test_proposing_slots_and_the_person_choosing_one(as_coach, client, enrolment):
    days = [timezone.localtime(timezone.now() + datetime.timedelta(days=n)) for n in (2, 3)]
    as_coach.post(
        reverse("coaching:appointment_new", args=[enrolment.pk]),
        {
            "mode": "propose",
            "kind": "phone",
            "slot1": days[0].strftime("%Y-%m-%dT%H:%M"),
            "slot2": days[1].strftime("%Y-%m-%dT%H:%M"),
            "duration": "45",
        },
    )
    assert Appointment.objects.filter(status="proposed").count() == 2
    client.force_login(enrolment.beneficiary)
    page = client.get(reverse("coaching:appointments"))
    assert len(page.context["proposed"]) == 2
    chosen = page.context["proposed"][1]
    client.post(reverse("coaching:appointment_accept", args=[chosen.pk]))
    assert dict(Appointment.objects.values_list("status", "pk"))["booked"] == chosen.pk


def test_marking_done_records_the_interview(as_coach, enrolment):
    appointment = AppointmentFactory(enrolment=enrolment, starts_at=timezone.now())
    as_coach.post(reverse("coaching:appointment_settle", args=[enrolment.pk, appointment.pk]), {"outcome": "done"})
    appointment.refresh_from_db()
    assert appointment.status == "done"
    assert Interview.objects.get().source_ref == str(appointment.pk)


def test_time_over_the_cap_is_refused_on_the_page(as_coach, enrolment):
    for _ in range(6):
        TimeEntryFactory(enrolment=enrolment, minutes=240)
    content = as_coach.get(screen(enrolment)).content.decode()
    assert "temps maximal" in content
    response = as_coach.post(
        reverse("coaching:time_add", args=[enrolment.pk]),
        {"on": timezone.localdate().isoformat(), "minutes": "30", "description": "Synthèse"},
    )
    assert response.status_code == 400
    assert "au-delà des 24 h permises" in response.content.decode()


def test_a_warning_shows_from_twenty_hours(as_coach, enrolment):
    for _ in range(5):
        TimeEntryFactory(enrolment=enrolment, minutes=240)
    assert "dépasse 20 heures" in as_coach.get(screen(enrolment)).content.decode()


def test_notes_contacts_adaptations_and_end_from_the_screen(as_coach, enrolment):
    as_coach.post(reverse("coaching:note_add", args=[enrolment.pk]), {"body": "Note"})
    as_coach.post(reverse("coaching:contact_add", args=[enrolment.pk]), {"channel": "sms", "outcome": "reached"})
    refused = as_coach.post(reverse("coaching:adaptation_add", args=[enrolment.pk]), {"kind": "pace", "change": "x"})
    assert refused.status_code == 400
    as_coach.post(reverse("coaching:end", args=[enrolment.pk]), {"reason_code": "moved", "confirm": "on"})
    enrolment.refresh_from_db()
    assert CoachNote.objects.count() == 1 and ContactAttempt.objects.count() == 1
    assert (enrolment.status, enrolment.drop_reason) == ("dropped", "moved")


def test_an_admin_reassigns_and_sees_the_history(client, enrolment):
    admin, new = admin_of(enrolment.programme), coach_of(enrolment.programme)
    client.force_login(admin)
    address = reverse("coaching:assignment_detail", args=[enrolment.pk])
    assert client.post(address, {"coach": new.pk, "reason": "Charge"}).status_code == 302
    content = client.get(address).content.decode()
    assert new.get_full_name() in content and "Charge" in content
    enrolment.refresh_from_db()
    assert enrolment.coach == new


def test_opening_the_screen_marks_the_messages_shown_as_read(as_coach, enrolment):
    message = MessageFactory(enrolment=enrolment, body="Lu sur la fiche")
    content = as_coach.get(screen(enrolment)).content.decode()
    assert "Lu sur la fiche" in content and "Nouveau" in content
    message.refresh_from_db()
    assert message.read_at is not None


def test_without_a_project_the_section_says_so(as_coach, enrolment):
    content = as_coach.get(screen(enrolment)).content.decode()
    assert "Pas encore de projet." in content
    assert "pas commencée" in content
