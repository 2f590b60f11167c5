"""Answering a questionnaire page by page, with and without htmx."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbilan.assessments.models import Answer, Attempt
from tests.assessments.factories import RIASEC, answer, riasec_answers, started_attempt

FIRST_PAGE = ["R1", "I1", "A1", "S1", "E1", "C1"]
SECOND_PAGE = ["R2", "I2", "A2", "S2", "E2", "C2"]


def page_url(attempt, page):
    return reverse("assessments:page", args=[attempt.pk, page])


@pytest.fixture
def attempt(instruments, enrolment, client):
    client.force_login(enrolment.beneficiary)
    return started_attempt(enrolment.beneficiary, RIASEC)


def test_starting_opens_the_first_page(client, instruments, enrolment):
    client.force_login(enrolment.beneficiary)
    response = client.post(reverse("assessments:start", args=[RIASEC]), follow=True)
    attempt = Attempt.objects.get(user=enrolment.beneficiary)
    assert response.redirect_chain[-1][0] == page_url(attempt, 1)
    content = response.content.decode()
    assert content.count("<fieldset") == 6
    assert "Contrôler la qualité de pièces avant leur envoi" in content
    assert "<legend>" in content


def test_starting_twice_resumes_the_same_attempt(client, instruments, enrolment):
    client.force_login(enrolment.beneficiary)
    client.post(reverse("assessments:start", args=[RIASEC]))
    client.post(reverse("assessments:start", args=[RIASEC]))
    assert Attempt.objects.filter(user=enrolment.beneficiary).count() == 1


def test_a_complete_page_is_saved_and_leads_to_the_next(client, attempt):
    response = client.post(page_url(attempt, 1), {**dict.fromkeys(FIRST_PAGE, "4"), "action": "next"})
    assert response.status_code == 302 and response.url == page_url(attempt, 2)
    assert dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "value")) == dict.fromkeys(FIRST_PAGE, 4)


def test_an_incomplete_page_keeps_what_was_given_and_names_the_missing_questions(client, attempt):
    response = client.post(page_url(attempt, 1), {"R1": "2", "I1": "5", "action": "next"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Répondez à cette question pour continuer." in content
    assert 'href="#q-A1"' in content
    assert Answer.objects.filter(attempt=attempt).count() == 2


@pytest.mark.parametrize("value", ["9", "0", "abc", "3.0", "-1", "", " 3"])
def test_an_invalid_value_is_refused_with_a_message_and_nothing_is_saved(client, attempt, value):
    data = {**dict.fromkeys(FIRST_PAGE, "3"), "A1": value, "action": "next"}
    response = client.post(page_url(attempt, 1), data)
    assert response.status_code == 200
    if value == "":
        assert "Répondez à cette question" in response.content.decode()
        assert Answer.objects.filter(attempt=attempt).count() == 5
    else:
        assert "pas valide" in response.content.decode()
        assert not Answer.objects.filter(attempt=attempt).exists()


def test_htmx_saves_each_answer_and_returns_a_small_fragment(client, attempt):
    response = client.post(page_url(attempt, 1), {"S1": "5"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Réponse enregistrée." in content and "<html" not in content
    assert 'hx-swap-oob="true"' in content and "1 réponse enregistrée sur 48" in content
    assert Answer.objects.get(attempt=attempt, item_id="S1").value == 5


def test_htmx_with_an_invalid_value_says_so_without_saving(client, attempt):
    response = client.post(page_url(attempt, 1), {"S1": "8"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "pas valide" in response.content.decode()
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_answers_are_shown_again_when_the_page_is_reopened(client, attempt):
    answer(attempt, {"R1": 2, "I1": 5})
    content = client.get(page_url(attempt, 1)).content.decode()
    assert 'name="R1" value="2" id="id_R1_1" checked' in content
    assert 'name="I1" value="5" id="id_I1_4" checked' in content


def test_going_back_keeps_the_answers_and_opens_the_previous_page(client, attempt):
    answer(attempt, dict.fromkeys(FIRST_PAGE, 3))
    response = client.post(page_url(attempt, 2), {"R2": "1", "action": "previous"})
    assert response.url == page_url(attempt, 1)
    assert Answer.objects.get(attempt=attempt, item_id="R2").value == 1


def test_changing_an_answer_keeps_when_it_was_first_given(client, attempt):
    answer(attempt, {"R1": 2}, seconds_apart=None)
    first = Answer.objects.get(attempt=attempt, item_id="R1")
    client.post(page_url(attempt, 1), {"R1": "4"}, headers={"HX-Request": "true"})
    changed = Answer.objects.get(attempt=attempt, item_id="R1")
    assert changed.value == 4 and changed.answered_at == first.answered_at and changed.changed_at > first.changed_at


def test_reopening_resumes_at_the_first_unanswered_question(client, attempt):
    answer(attempt, {**dict.fromkeys(FIRST_PAGE, 3), **dict.fromkeys(SECOND_PAGE[:4], 2)})
    response = client.get(reverse("assessments:take", args=[attempt.pk]))
    assert response.url == page_url(attempt, 2)


def test_the_last_page_finishes_and_shows_the_results(client, attempt):
    answers = riasec_answers()
    answer(attempt, {item: value for item, value in answers.items() if item not in {"R8", "I8"}})
    last = {item: str(value) for item, value in answers.items() if item[1] == "8"}
    response = client.post(page_url(attempt, 8), {**last, "action": "next"})
    attempt.refresh_from_db()
    assert response.url == reverse("assessments:results", args=[attempt.pk])
    assert attempt.is_finished and attempt.result["holland_code"] == "SAE"


def test_finishing_with_an_earlier_gap_sends_back_to_it(client, attempt):
    answers = riasec_answers()
    answers.pop("S3")
    answer(attempt, answers)
    response = client.post(
        page_url(attempt, 8), {"action": "next"} | {k: str(answers[k]) for k in answers if k[1] == "8"}
    )
    assert response.url == page_url(attempt, 3)
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_a_finished_attempt_cannot_be_changed(client, attempt):
    answer(attempt, riasec_answers())
    client.post(page_url(attempt, 8), {"action": "next"})
    response = client.post(page_url(attempt, 1), {"R1": "5", "action": "next"})
    assert response.url == reverse("assessments:results", args=[attempt.pk])
    assert Answer.objects.get(attempt=attempt, item_id="R1").value == riasec_answers()["R1"]


def test_a_retake_is_a_new_attempt_and_keeps_the_earlier_one(client, attempt):
    answer(attempt, riasec_answers())
    client.post(page_url(attempt, 8), {"action": "next"})
    client.post(reverse("assessments:start", args=[RIASEC]))
    attempts = Attempt.objects.filter(user=attempt.user).order_by("pk")
    assert attempts.count() == 2 and attempts[0].is_finished and not attempts[1].is_finished
    assert attempts[0].answers.count() == 48


@pytest.mark.parametrize("page", [0, 9, 99])
def test_a_page_out_of_range_is_not_found(client, attempt, page):
    assert client.get(page_url(attempt, page)).status_code == 404


def test_an_unknown_questionnaire_is_not_found(client, instruments, enrolment):
    client.force_login(enrolment.beneficiary)
    assert client.post(reverse("assessments:start", args=["mbti"])).status_code == 404


hostile = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["1e3", "NaN", "٣", "3\x00", "<script>", "1;DROP TABLE"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from([*FIRST_PAGE, "X9", "csrfmiddlewaretoken"]), hostile, max_size=8))
def test_hostile_input_never_breaks_the_page_nor_saves_a_bad_value(client, attempt, values):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(page_url(attempt, 1), {**values, "action": "next"}, headers=headers)
        assert response.status_code in (200, 302)
    assert set(Answer.objects.filter(attempt=attempt).values_list("value", flat=True)) <= {1, 2, 3, 4, 5}
