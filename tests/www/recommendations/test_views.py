"""The suggestion pages: what the person sees, what their forms do, and who may open what."""

import re

import pytest
from django.urls import reverse

from openbilan.privacy.models import AccessLog
from openbilan.recommendations.models import Reaction, ShortlistItem
from tests.accounts.factories import beneficiary, coach, funder_viewer, operator_admin, prescriber
from tests.programmes.factories import EnrolmentFactory
from tests.recommendations.factories import NIGHT, WEEKEND, Imperatives, person_with_evidence, referential

pytestmark = pytest.mark.django_db

PERSON_URLS = [
    ("recommendations:list", {}),
    ("recommendations:detail", {"code": "K2111"}),
    ("recommendations:shortlist", {}),
    ("recommendations:business", {}),
    ("recommendations:why_not", {}),
    ("recommendations:profile", {}),
]
POST_URLS = [
    ("recommendations:react", {"code": "K2111"}, {"kind": "fits"}),
    ("recommendations:shortlist_toggle", {"code": "K2111"}, {"action": "add"}),
]


@pytest.fixture
def rome():
    return referential()


@pytest.fixture
def person(rome):
    return person_with_evidence(past=("D1214",), imperatives=Imperatives((NIGHT,), "5", "1y", "no"))


@pytest.fixture
def as_person(client, person):
    client.force_login(person)
    return client


def test_list_shows_the_eligible_suggestions_explained_and_says_exploration_not_selection(as_person):
    response = as_person.get(reverse("recommendations:list"))
    html = response.content.decode()
    assert response.status_code == 200
    # 14 occupations minus 4 with night work, the past job, one practised only self-employed, one needing a master
    assert html.count('class="card rec-card"') == 7
    assert "Exploration, pas sélection." in html
    assert "Vos goûts ressemblent assez à ceux des personnes qui font ce métier." in html
    assert 'class="fit-scale" role="img" aria-label="Ressemblance : 3 sur 4"' in html
    assert "corrélation" not in html
    assert html.count("<h1>") == 1


def test_list_never_shows_an_occupation_with_an_excluded_context(as_person):
    html = as_person.get(reverse("recommendations:list")).content.decode()
    for code in ("J1506", "J1501", "N1101", "K1717"):  # all have night work
        assert reverse("recommendations:detail", args=[code]) not in html


def test_list_runs_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    referential(imported=True)
    person = person_with_evidence(past=("D1214", "D1505"), imperatives=Imperatives((NIGHT,), "5", "1y", "no"))
    client.force_login(person)
    client.get(reverse("recommendations:list"))  # builds the arrays once for this import
    # session, user, roles; past jobs and their appellations; RIASEC; values; centres; skills; imperatives;
    # the import's version; reactions; shortlist; grands domaines; the demand setting and the person's place (the
    # journey's "read the suggestions" activity was ticked by the first visit)
    with django_assert_num_queries(16):  # ... and the grands domaines of the filter
        client.get(reverse("recommendations:list"))


def test_evidence_page_shows_reasons_entry_sentence_and_training(as_person):
    html = as_person.get(reverse("recommendations:detail", args=["K2111"])).content.decode()
    assert "Rang " in html
    assert "Cet emploi est accessible avec une Licence." in html
    assert "12 mois de formation" in html  # from bac+2 to licence
    assert "Compétence 100" in html  # a core skill already held, from the past job
    assert "On passe souvent à ce métier depuis votre métier" in html
    assert "Comment nous calculons ce score" in html  # the numbers, behind a disclosure
    assert "Accord avec les lettres du ROME pour ce métier" in html


def test_skills_are_named_even_when_complementary_elsewhere(as_person):
    """A skill that is core for one occupation and complementary for another is still shown by its name."""
    from openbilan.recommendations import arrays
    from openbilan.referential.models import CoreLevel, Occupation, OccupationSkill, Skill

    skill = Skill.objects.get(code_ogr=110)
    OccupationSkill.objects.create(
        occupation=Occupation.objects.get(code_rome="N1302"), skill=skill, core=CoreLevel.NONE
    )
    arrays.clear()
    html = as_person.get(reverse("recommendations:detail", args=["K2111"])).content.decode()
    assert skill.label in html
    assert ">110<" not in html and "110," not in html


def test_reacting_on_the_list_with_htmx_re_ranks_the_list_at_once(as_person, person):
    before = as_person.get(reverse("recommendations:list")).content.decode()
    response = as_person.post(
        reverse("recommendations:react", args=["K2111"]),
        {"kind": "not_for_me", "next": "/suggestions/"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="suggestions"' in html and "<h1>" not in html
    assert "La liste est mise à jour." in html
    assert before.index('id="card-K2111"') < before.index('id="card-K2113"')
    assert 'id="card-K2111"' not in html or html.index('id="card-K2111"') > html.index('id="card-K2113"')


def test_a_reaction_can_be_undone(as_person, person):
    url = reverse("recommendations:react", args=["K2111"])
    as_person.post(url, {"kind": "fits", "next": "/suggestions/"})
    assert Reaction.objects.filter(user=person).exists()
    page = as_person.get(reverse("recommendations:detail", args=["K2111"])).content.decode()
    assert "Annuler ma réaction" in page
    response = as_person.post(url, {"kind": "undo", "next": "/suggestions/"}, follow=True)
    assert not Reaction.objects.filter(user=person).exists()
    assert "Votre réaction est annulée." in response.content.decode()


def test_the_person_can_narrow_the_list_to_one_domain(as_person):
    html = as_person.get(reverse("recommendations:list"), {"domaine": "K"}).content.decode()
    cards = html.count('class="card rec-card"')
    assert cards >= 1 and html.count('id="card-K') == cards
    assert as_person.get(reverse("recommendations:list"), {"domaine": "<b>"}).status_code == 200


def test_why_not_an_excluded_occupation_names_the_imperative(as_person):
    html = as_person.get(reverse("recommendations:detail", args=["J1506"])).content.decode()
    assert "Écarté : ce métier comporte « Travail de nuit », que vous avez exclu." in html


def test_why_not_search_links_to_the_evidence_page(as_person):
    response = as_person.get(reverse("recommendations:why_not"), {"q": "infirmier"})
    assert reverse("recommendations:detail", args=["J1506"]) in response.content.decode()


def test_unknown_occupation_is_not_found(as_person):
    assert as_person.get(reverse("recommendations:detail", args=["Z9999"])).status_code == 404
    assert as_person.post(reverse("recommendations:react", args=["Z9999"]), {"kind": "fits"}).status_code == 404


def test_reacting_stores_the_rank_and_score_then_returns_to_the_page(as_person, person):
    response = as_person.post(
        reverse("recommendations:react", args=["K2111"]), {"kind": "fits", "next": "/suggestions/"}
    )
    assert response.status_code == 302 and response["Location"] == "/suggestions/"
    reaction = Reaction.objects.get(user=person)
    assert reaction.kind == "fits" and reaction.rank >= 1 and reaction.score is not None


def test_reacting_with_htmx_returns_the_fragment(as_person, person):
    response = as_person.post(
        reverse("recommendations:react", args=["K2113"]), {"kind": "not_for_me"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="actions-K2113"' in html and "<h1>" not in html
    assert "Votre réaction : Pas pour moi." in html


def test_an_invalid_reaction_saves_nothing(as_person, person):
    response = as_person.post(reverse("recommendations:react", args=["K2111"]), {"kind": "<script>"})
    assert response.status_code == 302
    assert not Reaction.objects.filter(user=person).exists()


def test_a_foreign_next_url_is_not_followed(as_person):
    response = as_person.post(
        reverse("recommendations:react", args=["K2111"]), {"kind": "fits", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("recommendations:detail", args=["K2111"])


def test_shortlist_add_then_remove(as_person, person):
    url = reverse("recommendations:shortlist_toggle", args=["K2111"])
    as_person.post(url, {"action": "add"})
    assert ShortlistItem.objects.filter(user=person, occupation__code_rome="K2111").exists()
    assert "Formateur / Formatrice" in as_person.get(reverse("recommendations:shortlist")).content.decode()
    as_person.post(url, {"action": "remove"})
    assert not ShortlistItem.objects.filter(user=person).exists()


def test_business_page_is_empty_when_the_person_said_no(as_person):
    html = as_person.get(reverse("recommendations:business")).content.decode()
    assert "ne pas vouloir travailler à votre compte" in html


def test_business_page_lists_self_employed_occupations(client, rome):
    person = person_with_evidence(imperatives=Imperatives((), "", "", "yes"))
    client.force_login(person)
    html = client.get(reverse("recommendations:business")).content.decode()
    assert "Sophrologue" in html and "Fleuriste" in html
    assert "Formateur / Formatrice" not in html


def test_profile_form_saves_centres_and_skills(as_person, person):
    response = as_person.post(reverse("recommendations:profile"), {"centres": ["21"], "skills": ["100", "102"]})
    assert response.status_code == 302
    assert set(person.centre_choices.values_list("centre__code", flat=True)) == {21}
    assert set(person.confirmed_skills.values_list("skill__code_ogr", flat=True)) == {100, 102}


def test_profile_form_refuses_a_skill_of_another_job(as_person, person):
    response = as_person.post(reverse("recommendations:profile"), {"centres": [], "skills": ["120"]})
    assert response.status_code == 200
    assert not person.confirmed_skills.exists()


def test_coach_sees_list_reactions_and_shortlist_and_the_access_is_logged(client, rome):
    enrolment = EnrolmentFactory()
    person = person_with_evidence(enrolment=enrolment, imperatives=Imperatives((WEEKEND,), "", "", ""))
    client.force_login(person)
    client.post(reverse("recommendations:react", args=["K2111"]), {"kind": "fits"})
    client.post(reverse("recommendations:shortlist_toggle", args=["K2111"]), {"action": "add"})
    client.force_login(enrolment.coach)
    response = client.get(reverse("recommendations:person", args=[person.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ça me correspond" in html and "Formateur / Formatrice" in html
    assert "<form" not in html.split('id="main"')[1].split("site-footer")[0]  # read-only
    detail = client.get(reverse("recommendations:person_detail", args=[person.pk, "K2111"]))
    assert detail.status_code == 200
    assert AccessLog.objects.filter(actor=enrolment.coach, subject=person).count() == 2


@pytest.mark.parametrize("make_user", [coach, operator_admin, funder_viewer, prescriber])
@pytest.mark.parametrize(("name", "kwargs"), PERSON_URLS)
def test_personal_pages_are_forbidden_to_other_roles(client, rome, make_user, name, kwargs):
    client.force_login(make_user())
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize("make_user", [coach, operator_admin, funder_viewer, prescriber])
@pytest.mark.parametrize(("name", "kwargs", "data"), POST_URLS)
def test_personal_forms_are_forbidden_to_other_roles(client, rome, make_user, name, kwargs, data):
    client.force_login(make_user())
    assert client.post(reverse(name, kwargs=kwargs), data).status_code == 403
    assert not Reaction.objects.exists() and not ShortlistItem.objects.exists()


@pytest.mark.parametrize("make_user", [beneficiary, coach, operator_admin, funder_viewer, prescriber])
@pytest.mark.parametrize("name", ["recommendations:person", "recommendations:person_detail"])
def test_a_person_s_suggestions_are_hidden_from_everyone_but_their_coach(client, person, make_user, name):
    client.force_login(make_user())
    kwargs = {"user_id": person.pk} | ({"code": "K2111"} if name.endswith("detail") else {})
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_person_cannot_use_the_coach_url_for_themself(as_person, person):
    assert as_person.get(reverse("recommendations:person", args=[person.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, rome):
    response = client.get(reverse("recommendations:list"))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_without_questionnaire_the_list_invites_to_answer_it(client, rome):
    client.force_login(EnrolmentFactory().beneficiary)
    html = client.get(reverse("recommendations:list")).content.decode()
    assert "Répondez au questionnaire d&#x27;intérêts" in html
    assert reverse("assessments:list") in html


def test_reasons_are_shown_in_english_with_english_numbers(client, person):
    from django.conf import settings

    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("recommendations:detail", args=["K2111"])).content.decode()
    assert "Exploration, not selection." in html
    assert "to those of people who work in this occupation." in html
    assert "How we work out this score" in html
    assert re.search(r"<td>-?\d\.\d\d</td>", html) and not re.search(r"<td>-?\d,\d\d</td>", html)


def test_opening_the_suggestions_ticks_the_journey_activity_that_asks_for_it(client, person):
    from openbilan.journeys.models import ActivityProgress

    client.force_login(person)
    done = ActivityProgress.objects.filter(journey__enrolment__beneficiary=person, state="done")
    assert not done.filter(activity__slug="pistes-proposees").exists()
    assert client.get(reverse("recommendations:list")).status_code == 200
    assert done.filter(activity__slug="pistes-proposees").exists()
