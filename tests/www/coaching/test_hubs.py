"""Issue 19: the coach's inbox and agenda across the caseload, linked from the coach's home."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from openbilan.coaching import services
from openbilan.privacy.models import AccessLog
from tests.coaching.factories import followed


def message(enrolment, body="Bonjour"):
    return services.send_message(enrolment=enrolment, sender=enrolment.beneficiary, body=body, notify=False)


def appointment(enrolment, days=2):
    return services.book_appointment(
        enrolment=enrolment,
        coach=enrolment.coach,
        kind="phone",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        duration_minutes=60,
    )


@pytest.fixture
def mine(db):
    return followed(phase="investigation")


@pytest.fixture
def theirs(db):
    return followed(phase="investigation")


def test_the_inbox_lists_the_caseloads_conversations_unread_first_without_their_text(client, mine, theirs):
    message(mine, "Mon texte secret")
    message(theirs, "Autre personne")
    client.force_login(mine.coach)
    response = client.get(reverse("coaching:messages"))
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.beneficiary.get_full_name() in html
    assert "1 message non lu" in html
    assert reverse("coaching:coach_thread", kwargs={"enrolment_id": mine.pk}) in html
    assert theirs.beneficiary.get_full_name() not in html
    assert "Mon texte secret" not in html
    assert not AccessLog.objects.exists(), "the inbox shows no content, so it opens no file"


def test_the_inbox_query_count_does_not_grow_with_the_caseload(client, mine, django_assert_max_num_queries):
    message(mine)
    client.force_login(mine.coach)
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("coaching:messages"))
    for _ in range(3):
        message(followed(phase="investigation", programme=mine.programme, coach=mine.coach))
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = client.get(reverse("coaching:messages")).content.decode()
    assert html.count("1 message non lu") == 4


def test_the_agenda_lists_the_coachs_appointments_only(client, mine, theirs):
    appointment(mine)
    appointment(theirs)
    client.force_login(mine.coach)
    response = client.get(reverse("coaching:appointments"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon agenda" in html
    assert mine.beneficiary.get_full_name() in html
    assert reverse("coaching:person", kwargs={"enrolment_id": mine.pk}) in html
    assert theirs.beneficiary.get_full_name() not in html


def test_the_person_still_gets_their_own_pages(client, mine):
    appointment(mine)
    client.force_login(mine.beneficiary)
    assert "Mes rendez-vous" in client.get(reverse("coaching:appointments")).content.decode()
    assert client.get(reverse("coaching:messages")).status_code == 302  # one bilan: straight to its thread


def test_the_coach_home_links_the_inbox_the_agenda_and_the_projects_to_validate(client, mine):
    client.force_login(mine.coach)
    html = client.get(reverse("www:coach_home")).content.decode()
    for name in ("coaching:messages", "coaching:appointments", "projects:index"):
        assert f'href="{reverse(name)}"' in html, name
