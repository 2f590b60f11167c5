"""The journey pages: consent, phases and their refusals, status changes, activities, the coach's tools."""

from django.urls import reverse

from openbilan.enrolments.models import EnrolmentStatus
from openbilan.journeys.models import Activity, Interview, NeedsAnalysis
from tests.journeys.factories import invited, record_needs, started_journey


def url(name, enrolment, **kwargs):
    return reverse(f"journeys:{name}", kwargs={"enrolment_id": enrolment.pk, **kwargs})


def test_the_invitation_says_what_the_bilan_is_and_who_sees_what(client, db):
    enrolment = invited(referred=True)
    client.force_login(enrolment.beneficiary)
    content = client.get(url("invitation", enrolment)).content.decode()
    for words in ["Ce qu'est le bilan", "Qui voit quoi", "Phase préliminaire", "moins de 11 personnes", "24 heures"]:
        assert words in content
    assert "orienté voie où en est mon bilan" in content


def test_accepting_without_ticking_the_box_is_refused_clearly(client, db):
    enrolment = invited()
    client.force_login(enrolment.beneficiary)
    response = client.post(url("invitation", enrolment), {})
    assert "cochez la case" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.INVITED


def test_accepting_starts_the_journey(client, db):
    enrolment = invited()
    client.force_login(enrolment.beneficiary)
    response = client.post(url("invitation", enrolment), {"consent": "on"})
    assert response.url == url("journey", enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE and enrolment.consented_at is not None


def test_declining_the_invitation_stops_it(client, db):
    enrolment = invited()
    client.force_login(enrolment.beneficiary)
    client.post(url("invitation", enrolment), {"decline": "1"})
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.drop_reason) == (EnrolmentStatus.DROPPED, "personal")


def test_an_invited_person_opening_the_journey_is_sent_to_the_invitation(client, db):
    enrolment = invited()
    client.force_login(enrolment.beneficiary)
    assert client.get(url("journey", enrolment)).url == url("invitation", enrolment)


def test_opening_an_activity_of_a_later_phase_is_refused_with_a_message(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    later = Activity.objects.get(template=journey.template, slug="plan-action")
    response = client.get(url("activity", journey.enrolment, activity_id=later.pk), follow=True)
    assert "Vous ne pouvez pas sauter une phase" in response.content.decode()
    assert response.redirect_chain[-1][0] == url("journey", journey.enrolment)


def test_an_exercise_page_of_a_later_phase_is_refused_too(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    response = client.get(url("timeline", journey.enrolment), follow=True)
    assert "Vous ne pouvez pas sauter une phase" in response.content.decode()


def test_asking_for_the_conclusions_from_the_preliminary_phase_is_refused(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    response = client.post(url("open_phase", journey.enrolment), {"phase": "conclusions"}, follow=True)
    assert "Vous ne pouvez pas sauter une phase" in response.content.decode()
    journey.refresh_from_db()
    assert journey.phase == "preliminary"


def test_the_journey_page_says_why_the_next_phase_is_closed(client, db):
    journey = started_journey()
    record_needs(journey, confirm=False)
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(url("journey", journey.enrolment)).content.decode()
    assert "quand votre consultant·e a confirmé" in content


def test_the_coach_confirms_and_the_person_opens_the_investigation(client, db):
    journey = started_journey()
    record_needs(journey, confirm=False)
    client.force_login(journey.enrolment.coach)
    client.post(url("needs_confirm", journey.enrolment))
    assert NeedsAnalysis.objects.get(journey=journey).confirmed_by == journey.enrolment.coach
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(url("journey", journey.enrolment)).content.decode()
    assert "Ouvrir la phase d&#x27;investigation" in content
    client.post(url("open_phase", journey.enrolment), {"phase": "investigation"})
    journey.refresh_from_db()
    assert journey.phase == "investigation"


def test_the_coach_records_an_interview_from_the_journey_page(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.coach)
    today = journey.started_at.date().isoformat()
    client.post(url("interview", journey.enrolment), {"held_on": today, "mode": "phone", "duration_minutes": "45"})
    interview = Interview.objects.get()
    assert (interview.mode, interview.duration_minutes, interview.recorded_by) == (
        "phone",
        45,
        journey.enrolment.coach,
    )


def test_the_person_pauses_with_a_reason(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    response = client.post(url("status", journey.enrolment), {"action": "pause", "note": "Déménagement"})
    assert response.status_code == 302
    journey.enrolment.refresh_from_db()
    assert journey.enrolment.status == EnrolmentStatus.PAUSED


def test_the_coach_cannot_complete_before_the_conclusions(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.coach)
    response = client.post(url("status", journey.enrolment), {"action": "complete"})
    assert "se termine en phase de conclusions" in response.content.decode()


def test_the_person_marks_a_plain_activity_done(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    explore = Activity.objects.get(template=journey.template, slug="explorer-metiers")
    client.post(url("activity", journey.enrolment, activity_id=explore.pk))
    content = client.get(url("journey", journey.enrolment)).content.decode()
    assert "1 sur 13 activités faites" in content


def test_the_self_assessment_is_saved_and_completes_its_activity(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    client.post(url("self_assessment", journey.enrolment, moment="entry"), {"project": "3", "confidence": "6"})
    answer = journey.self_assessments.get()
    assert (answer.project, answer.confidence) == (3, 6)


def test_a_self_assessment_out_of_range_is_refused(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    response = client.post(url("self_assessment", journey.enrolment, moment="entry"), {"project": "12"})
    assert response.status_code == 200
    assert not journey.self_assessments.exists()


def test_the_coach_reads_shared_entries_but_not_private_ones(client, journey):
    from openbilan.journeys import services
    from openbilan.journeys.models import BeliefEntry

    services.add_entry(
        journey=journey, model=BeliefEntry, actor=journey.enrolment.beneficiary, belief="Secret", private=True
    )
    client.force_login(journey.enrolment.coach)
    content = client.get(url("beliefs", journey.enrolment)).content.decode()
    assert "Trop tard pour moi." in content and "Secret" not in content
    assert "<textarea" not in content


def test_the_person_turns_reminders_off(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    client.post(reverse("journeys:preferences"), {})
    from openbilan.journeys.selectors import wants_reminders

    assert not wants_reminders(journey.enrolment.beneficiary)


def test_pages_are_translated_into_english(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    client.cookies["django_language"] = "en"
    content = client.get(url("journey", journey.enrolment)).content.decode()
    assert "My journey" in content and "Investigation phase" in content
