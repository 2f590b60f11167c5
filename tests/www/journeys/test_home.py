"""The beneficiary's home: where they are, what comes next, progress per phase, weeks left."""

from django.urls import reverse

from tests.journeys.factories import invited, started_journey


def test_the_home_shows_the_phase_the_next_step_and_the_weeks_left(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert "Vous êtes dans la phase d&#x27;investigation." in content
    assert "Où j&#x27;en suis au départ" in content  # the entry self-assessment, still open from the first phase
    assert "Semaine 1 sur 12 · encore 11 semaines après celle-ci" in content
    assert 'aria-current="step"' in content


def test_an_invited_person_is_asked_to_read_the_invitation(client, db):
    enrolment = invited()
    client.force_login(enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert reverse("journeys:invitation", kwargs={"enrolment_id": enrolment.pk}) in content


def test_the_home_shows_no_messages_or_appointments_before_they_exist(client, db):
    journey = started_journey()
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert "non lu" not in content and "Prochain rendez-vous" not in content


def test_the_home_query_count_does_not_grow_with_progress(client, db, django_assert_max_num_queries):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("www:beneficiary_home"))
    from openbilan.journeys import services
    from openbilan.journeys.models import BeliefEntry

    for _ in range(5):
        services.add_entry(journey=journey, model=BeliefEntry, actor=journey.enrolment.beneficiary)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("www:beneficiary_home"))


def test_the_home_shows_unread_messages_and_the_next_appointment(client, db):
    import datetime

    from django.utils import timezone

    from openbilan.coaching import services as coaching

    journey = started_journey()
    enrolment = journey.enrolment
    coaching.send_message(enrolment=enrolment, sender=enrolment.coach, body="Bonjour !", notify=False)
    coaching.send_message(enrolment=enrolment, sender=enrolment.coach, body="Vous avez vu ?", notify=False)
    soon = timezone.now() + datetime.timedelta(days=3)
    coaching.book_appointment(
        enrolment=enrolment,
        coach=enrolment.coach,
        kind="video",
        starts_at=soon,
        duration_minutes=60,
        video_url="https://visio.example.org/abc",
    )
    client.force_login(enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert "2 messages non lus de votre consultant·e" in content
    assert "Prochain rendez-vous" in content and "(En visio)" in content
