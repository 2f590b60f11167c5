"""Messages: who may write, attachments checked by content, the hourly limit, read state, grouped e-mail notices."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openbilan.coaching import emails, services
from openbilan.coaching.errors import CoachingRefused
from openbilan.coaching.models import Attachment, Message, MessageNotification
from tests.accounts.factories import coach
from tests.coaching.factories import followed
from tests.coaching.test_filetypes import DOCX, PDF, PNG

NOTIFY_TASK = "openbilan.coaching.tasks.send_message_notification"


@pytest.fixture
def enrolment(db):
    return followed()


def send(enrolment, sender=None, body="Bonjour", **kwargs):
    return services.send_message(enrolment=enrolment, sender=sender or enrolment.beneficiary, body=body, **kwargs)


def test_a_message_from_the_person_goes_to_their_coach(enrolment):
    message = send(enrolment)
    assert message.recipient == enrolment.coach


def test_a_message_from_the_coach_goes_to_the_person(enrolment):
    assert send(enrolment, enrolment.coach).recipient == enrolment.beneficiary


def test_another_coach_cannot_write_in_the_thread(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        send(enrolment, coach())
    assert refusal.value.code == "not_allowed"
    assert not Message.objects.exists()


def test_an_empty_message_is_refused_with_a_clear_message(enrolment):
    with pytest.raises(CoachingRefused, match="Écrivez un message"):
        send(enrolment, body="   ")


def test_the_hourly_limit_stops_a_burst_with_a_clear_message(enrolment, settings):
    settings.OPENBILAN_MESSAGES_PER_HOUR = 3
    for _ in range(3):
        send(enrolment)
    with pytest.raises(CoachingRefused, match=r"beaucoup de messages dans la dernière heure \(3 au plus\)"):
        send(enrolment)
    assert Message.objects.count() == 3


def test_the_default_limit_is_thirty_an_hour(enrolment):
    now = timezone.now()
    for minute in range(30):
        send(enrolment, notify=False, now=now - datetime.timedelta(minutes=59) + datetime.timedelta(seconds=minute))
    with pytest.raises(CoachingRefused) as refusal:
        send(enrolment, now=now)
    assert refusal.value.code == "rate_limited"
    send(enrolment, now=now + datetime.timedelta(minutes=2))  # the oldest ones left the hour


def test_an_attachment_is_stored_under_a_random_name(enrolment, settings):
    message = send(enrolment, files=[SimpleUploadedFile("Mon CV.pdf", PDF)])
    attachment = message.attachments.get()
    assert (attachment.name, attachment.kind, attachment.size) == ("Mon CV.pdf", "pdf", len(PDF))
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "CV" not in stored.name and stored.suffix == ".pdf"
    assert stored.read_bytes() == PDF


def test_a_disguised_file_is_refused_and_nothing_is_saved(enrolment, settings):
    with pytest.raises(CoachingRefused, match="ne correspond pas à son extension"):
        send(enrolment, files=[SimpleUploadedFile("cv.pdf", PNG)])
    assert not Message.objects.exists() and not Attachment.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(enrolment, settings):
    settings.OPENBILAN_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(CoachingRefused, match="trop lourd") as refusal:
        send(enrolment, files=[SimpleUploadedFile("gros.docx", DOCX + b"\0" * 2000)])
    assert "1,0" in refusal.value.messages[0] or "1.0" in refusal.value.messages[0]


def test_at_most_three_files_per_message(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        send(enrolment, files=[SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)])
    assert refusal.value.code == "too_many_files"


def test_reading_the_thread_marks_only_the_other_partys_messages(enrolment):
    mine = send(enrolment, enrolment.coach)
    theirs = send(enrolment)
    assert services.mark_thread_read(enrolment=enrolment, reader=enrolment.coach) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert theirs.read_at is not None and mine.read_at is None


def test_a_burst_of_messages_plans_one_notification(enrolment):
    for _ in range(5):
        send(enrolment)
    notification = MessageNotification.objects.get()
    assert notification.recipient == enrolment.coach
    task = DBTaskResult.objects.get(task_path=NOTIFY_TASK)
    assert task.run_after == notification.due_at > timezone.now()


def test_one_email_digests_the_burst_without_the_content(enrolment):
    for n in range(5):
        send(enrolment, body=f"Secret {n}")
    notification = MessageNotification.objects.get()
    assert emails.deliver_notification(notification_id=notification.pk) == "sent"
    assert emails.deliver_notification(notification_id=notification.pk) == "sent"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [enrolment.coach.email]
    assert "5 nouveaux messages" in email.subject
    assert "Secret" not in email.body
    assert f"/accompagnement/personne/{enrolment.pk}/" in email.body
    assert not Message.objects.filter(notified_at__isnull=True).exists()


def test_the_next_notification_waits_for_the_grouping_delay(enrolment, settings):
    settings.OPENBILAN_MESSAGE_DIGEST_MINUTES = 30
    send(enrolment)
    first = MessageNotification.objects.get()
    emails.deliver_notification(notification_id=first.pk)
    first.refresh_from_db()
    send(enrolment)
    second = MessageNotification.objects.get(state="pending")
    assert second.due_at >= first.sent_at + datetime.timedelta(minutes=30)


def test_messages_read_before_the_email_leave_nothing_to_send(enrolment):
    send(enrolment)
    services.mark_thread_read(enrolment=enrolment, reader=enrolment.coach)
    notification = MessageNotification.objects.get()
    assert emails.deliver_notification(notification_id=notification.pk) == "skipped"
    assert mail.outbox == []


def test_the_person_is_sent_to_their_messages_page(enrolment):
    send(enrolment, enrolment.coach)
    emails.deliver_notification(notification_id=MessageNotification.objects.get().pk)
    assert "/accompagnement/messages/" in mail.outbox[0].body
    assert mail.outbox[0].to == [enrolment.beneficiary.email]


def test_the_thread_of_a_dropped_bilan_is_closed(enrolment):
    services.end_enrolment(enrolment=enrolment, coach=enrolment.coach, reason_code="personal")
    enrolment.refresh_from_db()
    with pytest.raises(CoachingRefused) as refusal:
        send(enrolment)
    assert refusal.value.code == "thread_closed"


def test_marking_only_the_messages_shown(enrolment):
    shown, hidden = send(enrolment), send(enrolment)
    assert services.mark_thread_read(enrolment=enrolment, reader=enrolment.coach, only=[shown.pk]) == 1
    hidden.refresh_from_db()
    assert hidden.read_at is None


def test_deleting_a_message_deletes_its_stored_file(enrolment, django_capture_on_commit_callbacks):
    message = send(enrolment, files=[SimpleUploadedFile("cv.pdf", PDF)])
    stored = Path(message.attachments.get().file.path)
    with django_capture_on_commit_callbacks(execute=True):
        message.delete()
    assert not stored.exists()


def test_a_message_from_the_person_restarts_the_inactivity_clock(db):
    from tests.journeys.factories import started_journey

    journey = started_journey()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    type(journey).objects.filter(pk=journey.pk).update(last_activity_at=long_ago)
    send(journey.enrolment, body="Je suis toujours là.")
    journey.refresh_from_db()
    assert journey.last_activity_at > long_ago + datetime.timedelta(days=29)


def test_a_message_from_the_coach_does_not_count_as_the_persons_activity(db):
    from tests.journeys.factories import started_journey

    journey = started_journey()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    type(journey).objects.filter(pk=journey.pk).update(last_activity_at=long_ago)
    send(journey.enrolment, journey.enrolment.coach, body="Avez-vous avancé ?")
    journey.refresh_from_db()
    assert journey.last_activity_at == long_ago
