"""The beneficiary's home: where they are, what comes next, progress per phase, weeks left."""

from django.urls import reverse

from tests.journeys.factories import invited, started_journey


def test_the_home_shows_the_phase_the_next_step_and_the_weeks_left(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert "Vous êtes dans la phase d&#x27;investigation." in content
    assert "Où j&#x27;en suis au départ" in content  # the entry self-assessment, still open from the first phase
    assert "Semaine 1 sur 12" in content and "il reste 12 semaines" in content
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
