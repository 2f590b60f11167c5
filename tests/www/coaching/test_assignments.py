"""Issue 19: the assignment page filters by programme, coach and status, and gives several bilans at once."""

import pytest
from django.urls import reverse

from openbilan.coaching.models import Assignment
from openbilan.enrolments.models import Enrolment
from tests.coaching.factories import admin_of, coach_of, followed
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

URL = reverse("coaching:assignments")


@pytest.fixture
def setup(db):
    followed_one = followed()
    programme = followed_one.programme
    waiting = [EnrolmentFactory(programme=programme, coach=None) for _ in range(2)]
    admin = admin_of(programme)
    return {"programme": programme, "followed": followed_one, "waiting": waiting, "admin": admin}


def names(html, enrolments):
    return [e.beneficiary.get_full_name() in html for e in enrolments]


def test_the_list_filters_the_bilans_without_a_coach(client, setup):
    client.force_login(setup["admin"])
    html = client.get(URL, {"coach": "none"}).content.decode()
    assert names(html, setup["waiting"]) == [True, True]
    assert setup["followed"].beneficiary.get_full_name() not in html


def test_the_list_filters_by_coach_and_by_status(client, setup):
    client.force_login(setup["admin"])
    html = client.get(URL, {"coach": str(setup["followed"].coach_id), "status": "active"}).content.decode()
    assert setup["followed"].beneficiary.get_full_name() in html
    assert names(html, setup["waiting"]) == [False, False]


def test_a_bad_filter_value_shows_everything_rather_than_an_error(client, setup):
    client.force_login(setup["admin"])
    response = client.get(URL, {"programme": "abc", "coach": "999999"})
    assert response.status_code == 200


def test_several_bilans_are_given_to_one_coach_at_once(client, setup):
    coach = coach_of(setup["programme"])
    client.force_login(setup["admin"])
    picked = [e.pk for e in setup["waiting"]]
    response = client.post(URL, {"enrolments": picked, "coach": coach.pk, "reason": "Nouvelle cohorte"})
    assert response.status_code == 302
    assert set(Enrolment.objects.filter(pk__in=picked).values_list("coach", flat=True)) == {coach.pk}
    assert Assignment.objects.filter(enrolment__in=picked, to_coach=coach, reason="Nouvelle cohorte").count() == 2


def test_a_bilan_of_another_operator_cannot_be_slipped_into_the_bulk(client, setup):
    foreign = EnrolmentFactory(programme=ProgrammeFactory(), coach=None)
    coach = coach_of(setup["programme"])
    client.force_login(setup["admin"])
    picked = [setup["waiting"][0].pk, foreign.pk]
    response = client.post(URL, {"enrolments": picked, "coach": coach.pk})
    assert response.status_code == 400
    assert "pas dans vos programmes" in response.content.decode()
    assert not Enrolment.objects.filter(pk__in=picked, coach=coach).exists()


def test_nothing_ticked_says_so(client, setup):
    client.force_login(setup["admin"])
    response = client.post(URL, {"coach": coach_of(setup["programme"]).pk})
    assert response.status_code == 400
    assert "Cochez au moins un bilan" in response.content.decode()
