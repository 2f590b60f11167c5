"""Results for the person and their coach; nobody else reaches a personal questionnaire URL."""

import pytest
from django.urls import reverse
from django.utils import translation

from openbilan.accounts.models import Role
from openbilan.privacy.models import AccessLog
from tests.accounts.factories import UserFactory, beneficiary, coach, funder_viewer, operator_admin, prescriber
from tests.assessments.factories import (
    BIGFIVE,
    NEO,
    RIASEC,
    WORK_VALUES,
    finished_attempt,
    riasec_answers,
    started_attempt,
)
from tests.programmes.factories import EnrolmentFactory


@pytest.fixture
def finished(instruments, enrolment):
    return finished_attempt(enrolment.beneficiary, RIASEC)


def results_url(attempt):
    return reverse("assessments:results", args=[attempt.pk])


def test_the_person_sees_scores_bands_code_and_source(client, finished):
    client.force_login(finished.user)
    content = client.get(results_url(finished)).content.decode()
    assert "Votre code : SAE" in content
    assert "Exploration, pas sélection." in content
    assert 'role="img"' in content and "<caption>" in content and '<th scope="row">Social</th>' in content
    assert "Armstrong, Allison" in content and "non validée" in content
    assert "Marge d'erreur" in content and "de 6" in content
    assert "Qualité des réponses" not in content


def test_reading_ones_own_results_is_not_logged(client, finished):
    client.force_login(finished.user)
    client.get(results_url(finished))
    assert not AccessLog.objects.exists()


def test_the_coach_sees_the_same_plus_quality_flags_and_the_access_is_logged(client, finished, enrolment):
    client.force_login(enrolment.coach)
    response = client.get(results_url(finished))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Code : SAE" in content and "Votre code" not in content
    assert "Qualité des réponses" in content and "Temps médian par question" in content
    log = AccessLog.objects.get()
    assert (log.actor, log.subject, log.path) == (enrolment.coach, finished.user, results_url(finished))


def test_the_coach_is_warned_of_straight_lining(client, instruments, enrolment):
    attempt = finished_attempt(enrolment.beneficiary, RIASEC, answers=dict.fromkeys(riasec_answers(), 3))
    client.force_login(enrolment.coach)
    assert "la même réponse a été donnée à toutes les questions" in client.get(results_url(attempt)).content.decode()


def test_the_coach_is_warned_of_implausibly_fast_answers(client, instruments, enrolment):
    attempt = finished_attempt(enrolment.beneficiary, RIASEC, seconds_apart=0.5)
    client.force_login(enrolment.coach)
    assert "réponses très rapides" in client.get(results_url(attempt)).content.decode()


def test_a_tie_at_the_third_letter_is_explained(client, instruments, enrolment):
    profile = {"R": 1, "I": 4, "A": 5, "S": 4, "E": 2, "C": 1}
    attempt = finished_attempt(enrolment.beneficiary, RIASEC, answers=riasec_answers(profile))
    client.force_login(enrolment.beneficiary)
    content = client.get(results_url(attempt)).content.decode()
    assert "Votre code : AIS" in content and "convention R, I, A, S, E, C" in content


def big_five_answers():
    from openbilan.assessments.definitions import shipped_instrument

    return {item.id: (4 if item.reverse else 2) for item in shipped_instrument(BIGFIVE).items}


def test_big_five_results_read_each_dimension(client, instruments, enrolment):
    attempt = finished_attempt(enrolment.beneficiary, BIGFIVE, answers=big_five_answers())
    client.force_login(enrolment.beneficiary)
    content = client.get(results_url(attempt)).content.decode()
    assert "Calme émotionnel" in content and "Votre code" not in content
    assert "plutôt réservée" in content  # every keyed answer is 2: low extraversion


def test_neo_results_show_domains_facets_and_say_why_a_facet_is_missing(client, instruments, enrolment):
    from openbilan.assessments.definitions import shipped_instrument

    answers = {item.id: 3 + (item.id.endswith("1")) for item in shipped_instrument(NEO).administered_items}
    attempt = finished_attempt(enrolment.beneficiary, NEO, answers=answers)
    client.force_login(enrolment.beneficiary)
    content = client.get(results_url(attempt)).content.decode()
    assert "Le détail des facettes" in content and "Gaieté" in content
    assert "opinions politiques" in content and "Remise en question des traditions</th>" not in content


def test_work_values_card_sort_moves_and_finishes(client, instruments, enrolment):
    attempt = started_attempt(enrolment.beneficiary, WORK_VALUES)
    client.force_login(enrolment.beneficiary)
    url = reverse("assessments:sort", args=[attempt.pk])
    order = [card for card, _ in sorted(attempt.answers.values_list("item_id", "value"), key=lambda pair: pair[1])]
    response = client.post(url, {"move": f"{order[1]}:up"})
    assert response.status_code == 302 and response.url.startswith(url)
    page = client.get(response.url).content.decode()
    assert "maintenant en position 1 sur 6" in page and "autofocus" in page
    response = client.post(url, {"action": "finish"})
    assert response.url == results_url(attempt)
    attempt.refresh_from_db()
    assert attempt.result["order"][:2] == [order[1], order[0]]
    assert "Votre classement" in client.get(results_url(attempt)).content.decode()


def test_work_values_htmx_move_returns_the_cards_only(client, instruments, enrolment):
    attempt = started_attempt(enrolment.beneficiary, WORK_VALUES)
    client.force_login(enrolment.beneficiary)
    first = attempt.answers.get(value=1).item_id
    response = client.post(
        reverse("assessments:sort", args=[attempt.pk]), {"move": f"{first}:down"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content and 'id="cartes"' in content
    assert attempt.answers.get(item_id=first).value == 2


@pytest.mark.parametrize("move", ["achievement:left", "nothing:up", "", "x" * 80])
def test_a_bad_card_move_is_refused_with_a_message(client, instruments, enrolment, move):
    attempt = started_attempt(enrolment.beneficiary, WORK_VALUES)
    before = sorted(attempt.answers.values_list("item_id", "value"))
    client.force_login(enrolment.beneficiary)
    response = client.post(reverse("assessments:sort", args=[attempt.pk]), {"move": move})
    assert response.status_code == 200 and "save-error" in response.content.decode()
    assert sorted(attempt.answers.values_list("item_id", "value")) == before


def test_the_person_page_lists_attempts_for_the_coach_and_logs_it(client, finished, enrolment):
    client.force_login(enrolment.coach)
    response = client.get(reverse("assessments:person", args=[finished.user.pk]))
    assert response.status_code == 200 and results_url(finished) in response.content.decode()
    assert AccessLog.objects.filter(actor=enrolment.coach, subject=finished.user).count() == 1


def test_the_list_page_shows_every_instrument_and_resumes_the_open_attempt(client, instruments, enrolment):
    attempt = started_attempt(enrolment.beneficiary, RIASEC)
    client.force_login(enrolment.beneficiary)
    content = client.get(reverse("assessments:list")).content.decode()
    for name in ("Centres d&#x27;intérêt (RIASEC)", "Ce qui compte pour vous au travail", "Big Five", "IPIP-NEO"):
        assert name in content
    assert reverse("assessments:take", args=[attempt.pk]) in content and "Reprendre" in content


def test_the_list_page_query_count_does_not_grow_with_attempts(
    client, instruments, enrolment, django_assert_num_queries
):
    client.force_login(enrolment.beneficiary)
    finished_attempt(enrolment.beneficiary, RIASEC)
    client.get(reverse("assessments:list"))  # warm the session
    with django_assert_num_queries(5):
        client.get(reverse("assessments:list"))
    for _ in range(3):
        finished_attempt(enrolment.beneficiary, RIASEC)
    started_attempt(enrolment.beneficiary, WORK_VALUES)
    with django_assert_num_queries(5):
        client.get(reverse("assessments:list"))


def test_the_person_page_query_count_does_not_grow_with_attempts(
    client, instruments, enrolment, django_assert_num_queries
):
    finished_attempt(enrolment.beneficiary, RIASEC)
    client.force_login(enrolment.coach)
    url = reverse("assessments:person", args=[enrolment.beneficiary.pk])
    client.get(url)
    # session, user, roles, the person, the access rule (their enrolments, the coach's roles in that operator,
    # coach_sharing, an earlier enrolment), the access log insert, attempts with their progress
    with django_assert_num_queries(10):
        client.get(url)
    for _ in range(3):
        finished_attempt(enrolment.beneficiary, RIASEC)
    with django_assert_num_queries(10):
        client.get(url)


# --- who may open what -------------------------------------------------------------------------------------------

OUTSIDERS = {
    "funder": funder_viewer,
    "prescriber": prescriber,
    "operator_admin": operator_admin,
    "other_coach": coach,
    "other_beneficiary": beneficiary,
}


def personal_urls(finished, unfinished, ranking):
    return {
        "take": ("get", reverse("assessments:take", args=[unfinished.pk])),
        "page": ("get", reverse("assessments:page", args=[unfinished.pk, 1])),
        "page_post": ("post", reverse("assessments:page", args=[unfinished.pk, 1])),
        "sort": ("get", reverse("assessments:sort", args=[ranking.pk])),
        "sort_post": ("post", reverse("assessments:sort", args=[ranking.pk])),
        "results": ("get", results_url(finished)),
        "person": ("get", reverse("assessments:person", args=[finished.user.pk])),
    }


@pytest.mark.parametrize("outsider", list(OUTSIDERS))
def test_no_other_role_reaches_any_personal_url(client, instruments, enrolment, outsider):
    person = enrolment.beneficiary
    urls = personal_urls(
        finished_attempt(person, RIASEC), started_attempt(person, BIGFIVE), started_attempt(person, WORK_VALUES)
    )
    client.force_login(OUTSIDERS[outsider]())
    for name, (method, url) in urls.items():
        data = {"EXT1": "5", "action": "next", "move": "support:up"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (outsider, name, response.status_code)
    assert not AccessLog.objects.exists()


def test_the_coach_may_read_but_never_answer(client, instruments, enrolment):
    person = enrolment.beneficiary
    urls = personal_urls(
        finished_attempt(person, RIASEC), started_attempt(person, BIGFIVE), started_attempt(person, WORK_VALUES)
    )
    client.force_login(enrolment.coach)
    for name in ("take", "page", "page_post", "sort", "sort_post"):
        method, url = urls[name]
        assert getattr(client, method)(url).status_code in (403, 404), name
    assert client.get(urls["results"][1]).status_code == 200


def test_a_coach_who_no_longer_follows_the_person_loses_access(client, instruments, enrolment):
    attempt = finished_attempt(enrolment.beneficiary, RIASEC)
    former = enrolment.coach
    enrolment.coach = coach()
    enrolment.save()
    client.force_login(former)
    assert client.get(results_url(attempt)).status_code == 404


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.BENEFICIARY])
def test_the_list_page_is_for_beneficiaries_only(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("assessments:list")).status_code == 403
    assert client.post(reverse("assessments:start", args=[RIASEC])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, instruments):
    attempt = finished_attempt(EnrolmentFactory().beneficiary, RIASEC)
    for url in (reverse("assessments:list"), results_url(attempt), reverse("assessments:take", args=[attempt.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_results_are_in_english_when_the_person_chose_english(client, finished):
    client.force_login(finished.user)
    client.cookies["django_language"] = "en"
    content = client.get(results_url(finished)).content.decode()
    assert "Your code: SAE" in content and "Exploration, not selection." in content
    assert '<th scope="row">Social</th>' in content and "Enterprising" in content
    assert "not validated" in content


def test_questions_are_in_english_when_the_person_chose_english(client, instruments, enrolment):
    attempt = started_attempt(enrolment.beneficiary, RIASEC)
    client.force_login(enrolment.beneficiary)
    client.cookies["django_language"] = "en"
    content = client.get(reverse("assessments:page", args=[attempt.pk, 1])).content.decode()
    assert "Test the quality of parts before shipment" in content and "Slightly enjoy" in content
    assert "Page 1 of 8" in content


def test_the_access_log_keeps_a_code_the_person_reads_in_their_own_language(client, finished, enrolment):
    client.force_login(enrolment.coach)
    client.cookies["django_language"] = "en"  # the coach's language is not the person's
    client.get(results_url(finished))
    entry = AccessLog.objects.get()
    assert entry.what == "results"
    with translation.override("fr"):
        assert entry.label == "Résultats de questionnaire"
    with translation.override("en"):
        assert entry.label == "Questionnaire results"


# --- issue 19: results that lead somewhere -----------------------------------------------------------------------


def test_identical_answers_never_print_a_zero_width_band(client, instruments, enrolment):
    import re

    attempt = finished_attempt(enrolment.beneficiary, RIASEC, answers=dict.fromkeys(riasec_answers(), 5))
    client.force_login(enrolment.beneficiary)
    content = client.get(results_url(attempt)).content.decode()
    bands = re.findall(r"de (\d+) à (\d+)", content)
    assert bands, "the table gives each band"
    assert all(int(low) < int(high) for low, high in bands), bands


def test_results_lead_to_the_suggestions_and_back_to_the_bilan(client, finished):
    client.force_login(finished.user)
    content = client.get(results_url(finished)).content.decode()
    assert f'href="{reverse("recommendations:list")}"' in content
    assert f'href="{reverse("www:beneficiary_home")}"' in content


def test_the_source_is_introduced_in_french_and_the_english_reference_marked_as_such(client, finished):
    client.force_login(finished.user)
    content = client.get(results_url(finished)).content.decode()
    assert "<dt>Source</dt><dd>Source : " in content.replace("\n", "")
    assert '<dd lang="en">Armstrong, P. I.' in content


def test_the_long_personality_test_counts_the_facets_it_asks_about_the_same_way_everywhere():
    from openbilan.assessments import definitions

    instrument = definitions.shipped()["ipip-neo-120"]
    asked = {item.scale for item in instrument.items if item.administered}
    count = len([code for code in asked if code[-1].isdigit()])
    for key in ("name", "summary", "purpose"):
        texts = instrument.data[key]
        assert f"{count} facettes" in texts["fr"], key
        assert f"{count} " in texts["en"] and "30 facet" not in texts["en"], key
