"""Issue 19: every journey activity leads to the tool that does it, or is ticked by the platform; the home shows the
person's next step and their own things."""

import pytest
from django.urls import reverse

from openbilan.journeys.models import Activity
from tests.accounts.factories import verify_otp
from tests.journeys.factories import started_journey


def activity_url(journey, slug):
    item = Activity.objects.get(template=journey.template, slug=slug)
    return reverse("journeys:activity", kwargs={"enrolment_id": journey.enrolment.pk, "activity_id": item.pk})


def test_reading_the_suggestions_opens_the_suggestions_list_not_the_explorer(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    response = client.get(activity_url(journey, "pistes-proposees"))
    assert response.status_code == 302
    assert response.url == reverse("recommendations:list")


@pytest.mark.two_factor
def test_the_coach_opening_the_suggestions_activity_sees_the_persons_suggestions(client, db):
    """The person's own list refuses the coach (the crawl of tests/e2e/test_crawl.py found the dead link)."""
    journey = started_journey(phase="investigation")
    coach = journey.enrolment.coach
    client.force_login(coach)
    verify_otp(client, coach)
    response = client.get(activity_url(journey, "pistes-proposees"))
    assert response.status_code == 302
    assert response.url == reverse("recommendations:person", kwargs={"user_id": journey.enrolment.beneficiary_id})
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("slug", "page"),
    [
        ("enquetes-metier", lambda e: reverse("network:index")),
        ("choisir-projet", lambda e: reverse("projects:bilan", kwargs={"enrolment_id": e.pk})),
        ("plan-action", lambda e: reverse("projects:bilan", kwargs={"enrolment_id": e.pk})),
        ("synthese", lambda e: reverse("projects:synthesis", kwargs={"enrolment_id": e.pk})),
    ],
)
def test_an_activity_the_platform_proves_links_its_tool_and_offers_no_done_button(client, db, slug, page):
    journey = started_journey(phase="conclusions")
    client.force_login(journey.enrolment.beneficiary)
    html = client.get(activity_url(journey, slug)).content.decode()
    assert f'href="{page(journey.enrolment)}"' in html
    assert "Elle se coche toute seule" in html
    assert "C'est fait</button>" not in html


def test_the_end_evaluation_says_how_it_is_ticked_without_a_done_button(client, db):
    journey = started_journey(phase="conclusions")
    client.force_login(journey.enrolment.beneficiary)
    html = client.get(activity_url(journey, "evaluation-fin")).content.decode()
    assert "questionnaire d&#x27;avis" in html
    assert "C'est fait</button>" not in html


def test_exploring_occupations_still_links_the_explorer_and_lets_the_person_say_it_is_done(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    html = client.get(activity_url(journey, "explorer-metiers")).content.decode()
    assert f'href="{reverse("explorer:index")}"' in html
    assert "C'est fait</button>" in html


def test_the_home_links_the_persons_own_things(client, db):
    journey = started_journey(phase="investigation")
    client.force_login(journey.enrolment.beneficiary)
    html = client.get(reverse("www:beneficiary_home")).content.decode()
    for name, kwargs in [
        ("projects:bilan", {"enrolment_id": journey.enrolment.pk}),
        ("recommendations:list", {}),
        ("recommendations:shortlist", {}),
        ("network:index", {}),
        ("coaching:messages", {}),
        ("coaching:appointments", {}),
        ("journeys:journey", {"enrolment_id": journey.enrolment.pk}),
    ]:
        assert f'href="{reverse(name, kwargs=kwargs)}"' in html, name


def test_the_home_tells_the_person_when_the_synthesis_waits_for_their_comments(client, db):
    from openbilan.projects import services

    journey = started_journey(phase="conclusions")
    enrolment = journey.enrolment
    client.force_login(enrolment.beneficiary)
    home = reverse("www:beneficiary_home")
    assert "document de synthèse :" not in client.get(home).content.decode()
    texts = {"circumstances": "Contexte.", "skills": "Compétences.", "options": "Pistes.", "project": "Projet."}
    services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **texts)
    services.send_synthesis(enrolment=enrolment, actor=enrolment.coach)
    html = client.get(home).content.decode()
    assert "vous a envoyé votre document de synthèse : relisez-le" in html
    assert f'href="{reverse("projects:synthesis", kwargs={"enrolment_id": enrolment.pk})}"' in html
