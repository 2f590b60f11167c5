"""Issues 20 and 21 in the suggestions: the hiring demand near the person on each card (a factor they may turn off)
and the training page of each suggestion (certifications, VAE, sessions near them, funding, why not)."""

import html as entities
import re

import pytest
from django.urls import reverse

from openbilan.recommendations import selectors
from openbilan.recommendations.models import SuggestionSettings
from openbilan.territory import selectors as territory
from openbilan.territory import services as places
from tests.recommendations.factories import Imperatives, person_with_evidence
from tests.territory.conftest import import_all
from tests.training.factories import moniteur_educateur

pytestmark = pytest.mark.django_db

CAEN_BASSIN = "2817"


@pytest.fixture
def person():
    import_all()
    found = person_with_evidence(
        riasec={"R": 2, "I": 3, "A": 3, "S": 5, "E": 3, "C": 2}, imperatives=Imperatives((), "4", "any", "maybe")
    )
    places.set_place(person=found, postcode="14000", commune_code="14118", travel_km=30)
    return found


def _cards(html):
    found = re.findall(
        r'<li class="card rec-card" id="card-(\w+)">(.*?)</li>\s*(?=<li class="card rec-card"|</ol>)', html, re.S
    )
    return [(code, entities.unescape(card)) for code, card in found]


def test_each_card_shows_the_family_figure_of_the_person_s_bassin_with_source_year_and_share(client, person):
    client.force_login(person)
    html = client.get(reverse("recommendations:list")).content.decode()
    cards = _cards(html)
    assert cards
    shown = 0
    for code, card in cards:
        found = territory.demand_for([code], bassin_code=CAEN_BASSIN)[code]
        levels = [f for f in found.families if f.level is not None]
        if not levels:
            assert "rec-demand" not in card
            continue
        best = max(levels, key=lambda f: (f.level, f.code))
        projects = best.local.projects.value
        assert f"Famille « {best.name} », projets de recrutement en 2025 : {projects}." in card
        assert "(bassin d'emploi « Caen »)" in card
        assert "Source : France Travail, enquête BMO 2025." in card
        assert "Part dans le score : " in card
        shown += 1
    assert shown >= 1


def test_the_person_can_turn_the_demand_off_and_back_on(client, person):
    client.force_login(person)
    on = selectors.outlook_for(person)
    assert on.demand_on
    response = client.post(reverse("recommendations:local_demand"), {"local_demand": "off"})
    assert response.status_code == 302
    assert SuggestionSettings.objects.get(user=person).local_demand is False
    off = selectors.outlook_for(person)
    assert not off.demand_on
    assert "demand" not in off.ranking.factor_effects
    html = client.get(reverse("recommendations:list")).content.decode()
    assert 'class="rec-demand reason-demand"' not in html
    assert re.search(r'value="off"[^>]*checked', html)
    client.post(reverse("recommendations:local_demand"), {"local_demand": "on"})
    assert selectors.outlook_for(person).demand_on


def test_a_wrong_choice_changes_nothing_and_says_so(client, person):
    client.force_login(person)
    response = client.post(reverse("recommendations:local_demand"), {"local_demand": "maybe"}, follow=True)
    assert "Choisissez oui ou non." in response.content.decode()
    assert not SuggestionSettings.objects.exists()


def test_without_a_place_the_list_asks_for_the_commune_and_ranks_without_demand(client, person):
    places.clear_place(person=person)
    client.force_login(person)
    html = client.get(reverse("recommendations:list")).content.decode()
    assert "Indiquez votre commune. Vous verrez alors quels métiers recrutent près de chez vous." in html
    assert not selectors.outlook_for(person).demand_on


def test_each_card_links_to_its_training_page(client, person):
    client.force_login(person)
    html = client.get(reverse("recommendations:list")).content.decode()
    for code, _card in _cards(html):
        assert reverse("recommendations:training", args=[code]) in html


def test_training_page_lists_the_certification_vae_a_demo_session_near_the_person_and_funding(client, person, tmp_path):
    moniteur_educateur(tmp_path)
    client.force_login(person)
    response = client.get(reverse("recommendations:training", args=["K1207"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "DE - Moniteur éducateur" in html and "RNCP39643" in html
    assert "VAE" in html
    assert "Session de démonstration" in html
    assert "Caen" in html and "Rouen" not in html  # Rouen is beyond the 30 km she can travel
    assert "compte personnel de formation (CPF)" in html
    assert "aide individuelle à la formation (AIF)" in html
    assert person.enrolments.first().programme.funder.name in html
    assert "RNCP492" not in html  # replaced: never shown as current


def test_training_page_says_why_none_fits_when_every_certification_is_above_the_person_s_level(client, tmp_path):
    import_all()
    moniteur_educateur(tmp_path)
    person = person_with_evidence(imperatives=Imperatives((), "infra3", "any", "maybe"))
    client.force_login(person)
    html = entities.unescape(client.get(reverse("recommendations:training", args=["K1207"])).content.decode())
    assert "Aucune certification de ce métier n'est proche de votre niveau de diplôme." in html
    assert "Leur niveau est plus haut que le vôtre de plus d'un cran." in html
    assert "DE - Moniteur éducateur" in html  # listed under why not
    assert "Session de démonstration" not in html


def test_training_page_of_an_unknown_code_is_not_found(client, person):
    client.force_login(person)
    assert client.get(reverse("recommendations:training", args=["Z9999"])).status_code == 404


def test_the_evidence_page_lists_the_demand_reason_and_its_row_in_the_score(client, person):
    client.force_login(person)
    outlook = selectors.outlook_for(person)
    explained = [outlook.ranking.explain(c) for c in outlook.ranking.prepared.codes]
    with_demand = [s for s in explained if any(r.kind == "demand" for r in s.reasons)]
    assert with_demand
    code = with_demand[0].code_rome
    html = entities.unescape(client.get(reverse("recommendations:detail", args=[code])).content.decode())
    assert 'class="reason-demand"' in html
    assert "Recrutements près de chez vous" in html  # its row in "Comment nous calculons ce score"
    assert "Source : France Travail, enquête BMO 2025." in html


def test_the_coach_reads_the_training_page_of_the_person_and_the_access_is_logged(client, person):
    from openbilan.privacy.models import AccessLog

    coach = person.enrolments.first().coach
    client.force_login(coach)
    response = client.get(reverse("recommendations:person_training", args=[person.pk, "K1207"]))
    assert response.status_code == 200
    assert "Vous consultez les suggestions de" in response.content.decode()
    assert AccessLog.objects.filter(actor=coach, subject=person).exists()


def test_the_list_names_occupations_hiring_near_the_person_that_fit_them(client, person):
    from openbilan.recommendations import weights as W

    client.force_login(person)
    html = client.get(reverse("recommendations:list")).content.decode()
    section = html.split('class="rec-hiring"')[1].split("</ul>")[0]
    codes = re.findall(r"/suggestions/metier/(\w+)/", section)
    assert codes
    outlook = selectors.outlook_for(person)
    levels = {code: d.level for code, d in territory.local_demand(bassin_code=CAEN_BASSIN).by_code.items()}
    for code in codes:
        i = outlook.ranking.prepared.index[code]
        assert levels[code] >= 4
        assert outlook.ranking.components["interests"][i] >= W.FIT_LEVELS[1]
        assert outlook.ranking.listed[i]


def test_the_project_feasibility_quotes_the_local_demand_and_the_travel_distance(client, person):
    from openbilan.projects import services as projects
    from openbilan.recommendations import services as recommendations

    outlook = selectors.outlook_for(person)
    levels = territory.local_demand(bassin_code=CAEN_BASSIN).by_code
    code = next(c for c in outlook.ranking.prepared.codes if c in levels)
    item = recommendations.add_to_shortlist(user=person, code_rome=code)
    project = projects.start_project(enrolment=person.enrolments.first(), actor=person, shortlist_item_id=item.pk)
    quoted = project.feasibility_evidence["local_demand"]
    assert quoted and project.feasibility_evidence["travel_km"] == 30
    client.force_login(person)
    html = entities.unescape(client.get(reverse("projects:project", args=[project.pk])).content.decode())
    assert f"Famille « {levels[code].family_name} »" in html
    assert "Source : France Travail, enquête BMO 2025." in html
    assert "Distance possible pour aller travailler : 30 km." in html


def test_the_synthesis_quotes_the_local_demand_of_the_project_with_its_source(person):
    from openbilan.projects import document
    from openbilan.projects import selectors as project_selectors
    from openbilan.projects import services as projects
    from openbilan.projects.models import SynthesisVersion
    from openbilan.recommendations import services as recommendations

    outlook = selectors.outlook_for(person)
    levels = territory.local_demand(bassin_code=CAEN_BASSIN).by_code
    code = next(c for c in outlook.ranking.prepared.codes if c in levels)
    item = recommendations.add_to_shortlist(user=person, code_rome=code)
    enrolment = person.enrolments.first()
    projects.start_project(enrolment=enrolment, actor=person, shortlist_item_id=item.pk)
    facts = project_selectors.synthesis_facts(enrolment)
    context = document.document(SynthesisVersion(facts=facts), final=False)
    (quoted,) = [p["local_demand_text"] for p in context["projects"]]
    assert f"Famille « {levels[code].family_name} »" in quoted
    assert "Source : France Travail, enquête BMO 2025." in quoted


def test_the_plan_picks_a_certification_and_a_demo_session_from_the_training_page(client, person, tmp_path):
    from openbilan.projects import document
    from openbilan.projects import selectors as project_selectors
    from openbilan.projects import services as projects
    from openbilan.projects.models import SynthesisVersion
    from openbilan.recommendations import services as recommendations

    moniteur_educateur(tmp_path)
    item = recommendations.add_to_shortlist(user=person, code_rome="K1207")
    enrolment = person.enrolments.first()
    project = projects.start_project(enrolment=enrolment, actor=person, shortlist_item_id=item.pk)
    client.force_login(person)
    html = entities.unescape(client.get(reverse("recommendations:training", args=["K1207"])).content.decode())
    assert "Choisir « DE - Moniteur éducateur » pour mon projet" in html
    reference = re.search(r'name="session" value="([^"]+)"', html)[1]
    response = client.post(
        reverse("projects:training", args=[project.pk]), {"certification": "RNCP39643", "session": reference}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.certification_code, project.training_name) == ("RNCP39643", "DE - Moniteur éducateur")
    assert project.session_reference == reference and "Caen" in project.session_label and project.session_is_demo
    context = document.document(SynthesisVersion(facts=project_selectors.synthesis_facts(enrolment)), final=False)
    (planned,) = context["projects"]
    assert (planned["certification"], planned["session_demo"]) == ("RNCP39643", True)
    assert "Caen" in planned["session"]


def test_the_plan_refuses_a_certification_that_does_not_lead_to_the_occupation(client, person, tmp_path):
    from openbilan.projects import services as projects
    from openbilan.recommendations import services as recommendations

    moniteur_educateur(tmp_path)
    item = recommendations.add_to_shortlist(user=person, code_rome="K1207")
    project = projects.start_project(enrolment=person.enrolments.first(), actor=person, shortlist_item_id=item.pk)
    client.force_login(person)
    response = client.post(reverse("projects:training", args=[project.pk]), {"certification": "RNCP492"}, follow=True)
    assert "Choisissez un diplôme ou un titre proposé pour ce métier." in entities.unescape(response.content.decode())
    project.refresh_from_db()
    assert project.certification_code == ""


def test_the_demo_plan_picks_the_certification_and_its_nearest_demo_session(person, tmp_path):
    from types import SimpleNamespace

    from openbilan.projects import services as projects
    from openbilan.recommendations import services as recommendations
    from openbilan.training import demo

    moniteur_educateur(tmp_path)
    item = recommendations.add_to_shortlist(user=person, code_rome="K1207")
    project = projects.start_project(enrolment=person.enrolments.first(), actor=person, shortlist_item_id=item.pk)
    demo._plan(SimpleNamespace(users={"beneficiary": person}))
    project.refresh_from_db()
    assert project.certification_code == "RNCP39643"
    assert project.session_is_demo and "Caen" in project.session_label


def test_the_person_s_data_export_holds_their_demand_setting(person):
    from openbilan.privacy import export
    from openbilan.recommendations import services as recommendations

    recommendations.set_local_demand(user=person, enabled=False)
    data = export.gather(person)
    assert data["recommendations"]["settings"] == {"local_demand": False}
