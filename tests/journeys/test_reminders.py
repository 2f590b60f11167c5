"""Reminders: decided once per person, kind and period, logged, sent by the worker, never twice."""

import datetime

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openbilan.journeys import emails, services
from openbilan.journeys.models import Journey, ReminderLog
from tests.journeys.factories import started_journey

DAY = datetime.timedelta(days=1)


def idle(journey, days):
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now() - days * DAY)


def test_an_inactive_person_gets_one_reminder_per_period(db):
    journey = started_journey()
    idle(journey, 15)
    assert services.enqueue_due_reminders()["inactivity"] == 1
    assert services.enqueue_due_reminders()["inactivity"] == 0
    log = ReminderLog.objects.get()
    assert (log.kind, log.state, log.enrolment) == ("inactivity", "queued", journey.enrolment)
    assert DBTaskResult.objects.filter(task_path="openbilan.journeys.tasks.send_reminder").count() == 1


def test_an_active_person_gets_no_inactivity_reminder(db):
    journey = started_journey()
    idle(journey, 13)
    assert services.enqueue_due_reminders()["inactivity"] == 0


def test_the_threshold_is_set_per_programme(db):
    journey = started_journey()
    journey.enrolment.programme.inactivity_days = 5
    journey.enrolment.programme.save()
    idle(journey, 6)
    assert services.enqueue_due_reminders()["inactivity"] == 1


def test_a_longer_silence_gets_a_new_reminder_each_period_up_to_three(db):
    journey = started_journey()
    start = timezone.now()
    idle(journey, 15)
    journey.refresh_from_db()
    for days_later, total in [(0, 1), (7, 1), (14, 2), (28, 3), (42, 3)]:
        services.enqueue_due_reminders(now=start + days_later * DAY)
        assert ReminderLog.objects.filter(kind="inactivity").count() == total, days_later


def test_paused_and_finished_bilans_get_no_reminder(db):
    journey = started_journey()
    services.change_status(enrolment=journey.enrolment, action="pause", actor=journey.enrolment.coach, note="x")
    idle(journey, 30)
    assert services.enqueue_due_reminders()["inactivity"] == 0


def test_an_opted_out_person_is_logged_but_not_emailed(db):
    journey = started_journey()
    services.set_email_preference(user=journey.enrolment.beneficiary, reminders=False)
    idle(journey, 15)
    services.enqueue_due_reminders()
    assert ReminderLog.objects.get().state == "opted_out"
    assert not DBTaskResult.objects.exists()


def test_delivering_sends_one_email_and_logs_it(db, settings):
    settings.SITE_URL = "https://bilan.example.org"
    journey = started_journey()
    idle(journey, 15)
    services.enqueue_due_reminders()
    log = ReminderLog.objects.get()
    assert emails.deliver_reminder(reminder_id=log.pk) == "sent"
    assert emails.deliver_reminder(reminder_id=log.pk) == "sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [journey.enrolment.beneficiary.email]
    assert "https://bilan.example.org/mon-bilan/" in message.body
    assert "https://bilan.example.org/parcours/preferences/" in message.body
    log.refresh_from_db()
    assert log.sent_at is not None


def test_a_person_who_opts_out_before_delivery_gets_nothing(db):
    journey = started_journey()
    idle(journey, 15)
    services.enqueue_due_reminders()
    services.set_email_preference(user=journey.enrolment.beneficiary, reminders=False)
    assert emails.deliver_reminder(reminder_id=ReminderLog.objects.get().pk) == "opted_out"
    assert mail.outbox == []


def test_a_failed_send_is_logged_with_its_reason(db, settings):
    settings.EMAIL_BACKEND = "tests.journeys.test_reminders.BrokenBackend"
    journey = started_journey()
    idle(journey, 15)
    services.enqueue_due_reminders()
    log = ReminderLog.objects.get()
    assert emails.deliver_reminder(reminder_id=log.pk) == "failed"
    log.refresh_from_db()
    assert (log.state, log.sent_at, log.error) == ("failed", None, "SMTP refused")


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP refused")


def test_the_weekly_recap_goes_once_a_week_to_people_who_were_active(db):
    journey = started_journey()
    Journey.objects.filter(pk=journey.pk).update(started_at=timezone.now() - 10 * DAY)
    now = timezone.now()
    assert services.enqueue_due_reminders(now=now)["weekly_recap"] == 1
    assert services.enqueue_due_reminders(now=now)["weekly_recap"] == 0
    log = ReminderLog.objects.get(kind="weekly_recap")
    assert emails.deliver_reminder(reminder_id=log.pk) == "sent"
    assert "Vous êtes en semaine 2 sur 12, dans la phase préliminaire." in mail.outbox[0].body


def test_the_hourly_run_with_nothing_new_costs_the_same_for_3_or_9_people(db, django_assert_num_queries):
    journeys = [started_journey() for _ in range(3)]
    for journey in journeys:
        idle(journey, 15)
    services.enqueue_due_reminders()
    with django_assert_num_queries(4) as few:
        services.enqueue_due_reminders()
    for journey in [started_journey() for _ in range(6)]:
        idle(journey, 15)
    services.enqueue_due_reminders()
    with django_assert_num_queries(len(few.captured_queries)):
        services.enqueue_due_reminders()
