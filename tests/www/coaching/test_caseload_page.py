"""The coach's home is the caseload: what each row shows, the GET form that sorts and filters it, and a query count
that does not grow with the caseload."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openbilan.journeys.models import Journey
from tests.coaching.factories import AppointmentFactory, MessageFactory, coach_of, followed
from tests.journeys.factories import invited
from tests.programmes.factories import ProgrammeFactory

URL = reverse("www:coach_home")


def caseload_of(coach, programme, n):
    """n people in all states a caseload holds: started journeys with appointments and messages, and invitations."""
    people = []
    for index in range(n):
        if index % 5 == 4:
            people.append(invited(programme=programme, coach=coach))
            continue
        enrolment = followed(programme=programme, coach=coach)
        AppointmentFactory(enrolment=enrolment, starts_at=timezone.now() + datetime.timedelta(days=index + 1))
        AppointmentFactory(enrolment=enrolment, status="missed", starts_at=timezone.now() - datetime.timedelta(days=2))
        MessageFactory(enrolment=enrolment)
        people.append(enrolment)
    return people


def test_the_query_count_is_the_same_for_5_and_60_people(client, db, django_assert_num_queries):
    programme = ProgrammeFactory()
    coach = coach_of(programme)
    caseload_of(coach, programme, 5)
    client.force_login(coach)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"status": "all"}).status_code == 200
    caseload_of(coach, programme, 55)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"status": "all"})
    assert len(response.context["rows"]) == 60
    assert len(few.captured_queries) <= 8  # session, user, roles, then five for the whole caseload


def test_a_row_shows_phase_progress_activity_next_appointment_and_risk(client, db):
    enrolment = followed(phase="investigation")
    Journey.objects.filter(enrolment=enrolment).update(last_activity_at=timezone.now() - datetime.timedelta(days=20))
    slot = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(hour=14, minute=30)
    AppointmentFactory(enrolment=enrolment, starts_at=slot)
    client.force_login(enrolment.coach)
    content = client.get(URL).content.decode()
    assert enrolment.beneficiary.get_full_name() in content
    assert "Phase d&#x27;investigation" in content
    assert "14:30" in content
    assert "Sans activité depuis 20 jours" in content
    assert reverse("coaching:person", args=[enrolment.pk]) in content


def test_the_form_filters_to_people_at_risk(client, db):
    calm = followed()
    worried = followed(programme=calm.programme, coach=calm.coach)
    AppointmentFactory(enrolment=worried, status="missed", starts_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(calm.coach)
    rows = client.get(URL, {"at_risk": "on"}).context["rows"]
    assert [row.enrolment for row in rows] == [worried]
    assert "Dernier rendez-vous manqué" in client.get(URL).content.decode()


def test_the_form_sorts_by_name(client, db):
    first = followed()
    for _ in range(3):
        followed(programme=first.programme, coach=first.coach)
    client.force_login(first.coach)
    rows = client.get(URL, {"sort": "name"}).context["rows"]
    names = [(row.person.last_name.lower(), row.person.first_name.lower()) for row in rows]
    assert names == sorted(names)


def test_nonsense_in_the_form_falls_back_to_the_defaults(client, db):
    enrolment = followed()
    client.force_login(enrolment.coach)
    response = client.get(URL, {"sort": "<script>", "status": "x" * 500, "phase": "nope", "q": "é" * 300})
    assert response.status_code == 200
    assert [row.enrolment for row in response.context["rows"]] == [enrolment]
