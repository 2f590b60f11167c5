"""Notes, adaptations, contact attempts, the end of a bilan, the timeline and the person's export."""

import datetime

import pytest
from django.utils import timezone

from openbilan.coaching import export, selectors, services
from openbilan.coaching.errors import CoachingRefused
from openbilan.journeys.errors import TransitionRefused
from openbilan.journeys.models import Journey, Transition
from openbilan.journeys.services import enqueue_due_reminders
from tests.accounts.factories import coach
from tests.coaching.factories import MessageFactory, followed


@pytest.fixture
def enrolment(db):
    return followed()


def test_notes_about_a_person_cover_all_their_bilans_for_the_export(enrolment):
    services.add_note(enrolment=enrolment, coach=enrolment.coach, body="Première note")
    other = followed(beneficiary=enrolment.beneficiary)
    services.add_note(enrolment=other, coach=other.coach, body="Note d'un autre bilan")
    stranger = followed()
    services.add_note(enrolment=stranger, coach=stranger.coach, body="Quelqu'un d'autre")
    assert [note.body for note in selectors.notes_about(enrolment.beneficiary)] == [
        "Première note",
        "Note d'un autre bilan",
    ]


def test_the_export_includes_the_coachs_private_notes_and_the_messages(enrolment):
    services.add_note(enrolment=enrolment, coach=enrolment.coach, body="Note privée")
    MessageFactory(enrolment=enrolment, body="Bonjour")
    data = export.part(enrolment.beneficiary)
    assert [n["note"] for n in data["coach_notes"]] == ["Note privée"]
    assert [m["body"] for m in data["messages"]] == ["Bonjour"]


def test_only_the_persons_coach_writes_notes(enrolment):
    with pytest.raises(CoachingRefused):
        services.add_note(enrolment=enrolment, coach=coach(), body="Intrus")
    with pytest.raises(CoachingRefused):
        services.add_note(enrolment=enrolment, coach=enrolment.beneficiary, body="Moi")


def test_an_adaptation_needs_its_reason(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        services.log_adaptation(
            enrolment=enrolment, coach=enrolment.coach, kind="pace", change="Un mois de plus", reason=""
        )
    assert refusal.value.code == "reason_missing"
    services.log_adaptation(
        enrolment=enrolment, coach=enrolment.coach, kind="pace", change="Un mois de plus", reason="Hospitalisation"
    )
    assert selectors.adaptations_of(enrolment).get().reason == "Hospitalisation"


def test_a_contact_attempt_is_recorded_with_its_outcome(enrolment):
    services.record_contact_attempt(
        enrolment=enrolment, coach=enrolment.coach, channel="phone", outcome="no_answer", note="Messagerie pleine"
    )
    attempt = selectors.contacts_of(enrolment).get()
    assert (attempt.channel, attempt.outcome, attempt.by) == ("phone", "no_answer", enrolment.coach)


def test_ending_a_bilan_goes_through_the_state_machine_with_its_reason(enrolment):
    services.end_enrolment(enrolment=enrolment, coach=enrolment.coach, reason_code="found_job", note="CDI")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.drop_reason) == ("dropped", "found_job")
    transition = Transition.objects.filter(enrolment=enrolment).latest("at")
    assert (transition.to_state, transition.reason_code, transition.actor) == ("dropped", "found_job", enrolment.coach)


def test_ending_without_a_known_reason_is_refused_by_the_machine(enrolment):
    with pytest.raises(TransitionRefused):
        services.end_enrolment(enrolment=enrolment, coach=enrolment.coach, reason_code="bored")


def test_the_timeline_gathers_transitions_messages_contacts_and_reminders(enrolment):
    MessageFactory(enrolment=enrolment)
    services.record_contact_attempt(enrolment=enrolment, coach=enrolment.coach, channel="sms", outcome="reached")
    Journey.objects.filter(enrolment=enrolment).update(last_activity_at=timezone.now() - datetime.timedelta(days=20))
    enqueue_due_reminders()
    kinds = {event.kind for event in selectors.timeline(enrolment)}
    assert {"transition", "message", "contact", "reminder"} <= kinds
    times = [event.at for event in selectors.timeline(enrolment)]
    assert times == sorted(times, reverse=True)
