"""The occupation page's "who is hiring near you" section, for a person with a place and for a visitor."""

import html as html_module
import re

from django.urls import reverse

from openbilan.territory import services
from openbilan.territory.models import BmoSurvey, HiringDemand
from openbilan.www.territory.presenters import SESSION_KEY
from tests.accounts.factories import beneficiary

J1501 = reverse("explorer:occupation", args=["J1501"])
M1607 = reverse("explorer:occupation", args=["M1607"])


def section(response) -> str:
    """The section's text, tags removed (its markup is checked apart)."""
    found = re.search(r'<section id="demand".*?</section>', response.content.decode(), re.S)
    if not found:
        return ""
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", "", found.group(0)))).replace(" .", ".")


def living_in_caen(client, **kwargs):
    person = beneficiary()
    services.set_place(person=person, postcode="14000", commune_code="14118", **kwargs)
    client.force_login(person)
    return person


def test_a_person_sees_their_bassins_figures_as_the_familys(client, territory):
    living_in_caen(client, travel_km=40)
    text = section(client.get(J1501))
    assert "Dans votre bassin d'emploi, Caen" in text
    assert (
        "Aides-soignants : 642 projets de recrutement dans le bassin de Caen en 2025, dont 49 % jugés difficiles."
        in text
    )
    assert "5 % sont des emplois saisonniers." in text
    assert "Les chiffres comptent toute une famille de métiers proches" in text
    assert "Niveau de demande dans ce bassin : 5 sur 5" in text
    assert "En hausse : 107 projets de plus qu'en 2024 (535)." in text
    assert "À 40 km de chez vous (avec les bassins voisins)" in text and "Bayeux" in text
    assert "Dans toute la région Normandie" in text
    assert "Code de la famille de métiers : V0X60" in text
    assert "Sources : France Travail, enquête Besoins en main-d'œuvre (BMO) 2025" in text


def test_the_dot_scale_has_its_text_equivalent(client, territory):
    living_in_caen(client)
    page = client.get(J1501).content.decode()
    assert page.count('class="demand-dot demand-dot-on"') == 5
    assert '<span class="demand-dots" aria-hidden="true">' in page


def test_a_secret_figure_reads_non_diffuse(client, territory):
    living_in_caen(client)
    HiringDemand.objects.filter(survey__year=2025, bassin_code="2817", family="V0X60").update(
        projects=None, projects_published=600
    )
    text = section(client.get(J1501))
    assert "Aides-soignants : nombre de projets de recrutement non diffusé pour le bassin de Caen en 2025" in text
    assert "642" not in text


def test_a_secret_share_of_difficult_projects_reads_non_diffusee(client, territory):
    living_in_caen(client)
    text = section(client.get(M1607))
    assert "Secrétaires de direction : 32 projets de recrutement dans le bassin de Caen en 2025 (part jugée" in text
    assert "(part jugée difficile non diffusée)." in text


def test_the_job_level_shows_only_its_family(client, territory):
    living_in_caen(client, job_level="manager")
    text = section(client.get(M1607))
    assert "Cadres administratifs, comptables et financiers" in text
    assert "Secrétaires de direction" not in text
    assert "Niveau de poste choisi : Cadre ou ingénieur, ingénieure." in text


def test_several_families_say_which_jobs_they_are_for(client, territory):
    living_in_caen(client)
    text = section(client.get(M1607))
    assert "Pour : les postes non qualifiés, les postes qualifiés." in text
    assert "Pour : les techniciens et agents de maîtrise." in text


def test_a_person_without_a_place_is_invited_to_give_their_commune(client, territory):
    client.force_login(beneficiary())
    response = client.get(J1501)
    assert "Indiquez votre commune pour voir les recrutements prévus près de chez vous." in section(response)
    assert f'href="{reverse("territory:place")}?next=/metiers/J1501/"' in response.content.decode()


def test_a_visitor_picks_a_bassin_by_postcode_and_the_choice_is_remembered(client, territory):
    text = section(client.get(J1501, {"cp": "76100"}))
    assert "Dans le bassin d'emploi de Rouen" in text
    assert client.session[SESSION_KEY] == "2801"
    assert "Dans le bassin d'emploi de Rouen" in section(client.get(reverse("explorer:occupation", args=["M1607"])))


def test_a_visitor_picks_a_bassin_of_the_region_from_the_list(client, territory):
    text = section(client.get(J1501, {"bassin": "2806"}))
    assert "Dans le bassin d'emploi de Le Havre" in text
    page = client.get(J1501, {"bassin": "2806"}).content.decode()
    assert '<option value="2806" selected>Le Havre</option>' in page
    assert '<optgroup label="Calvados">' in page


def test_a_postcode_over_several_bassins_asks_which(client, territory):
    response = client.get(J1501, {"cp": "76000"})
    # 76000 covers Rouen and Montérolier (bassin of Forges-les-Eaux)
    assert "Ce code postal couvre plusieurs bassins d'emploi. Choisissez le vôtre :" in section(response)
    page = response.content.decode()
    assert '<a href="/metiers/J1501/?bassin=2805#demand">Forges les Eaux</a>' in page
    assert '<a href="/metiers/J1501/?bassin=2801#demand">Rouen</a>' in page


def test_bad_picker_input_is_answered_not_crashed(client, territory):
    assert "Le code postal a 5 chiffres" in section(client.get(J1501, {"cp": "abc"}))
    assert "Nous ne connaissons pas ce code postal" in section(client.get(J1501, {"cp": "99999"}))
    assert "Indiquez un code postal" in section(client.get(J1501, {"bassin": "<script>"}))


def test_a_person_looking_elsewhere_keeps_their_own_bassin_as_default(client, territory):
    living_in_caen(client)
    assert "Dans le bassin d'emploi de Rouen" in section(client.get(J1501, {"bassin": "2801"}))
    assert "Revenir à mon bassin d'emploi" in section(client.get(J1501, {"bassin": "2801"}))
    assert "Dans votre bassin d'emploi, Caen" in section(client.get(J1501))


def test_without_any_survey_the_section_is_not_shown(client, territory):
    BmoSurvey.objects.all().delete()
    living_in_caen(client)
    assert section(client.get(J1501)) == ""
    assert client.get(J1501).status_code == 200


def test_the_section_costs_a_bounded_number_of_queries(client, territory, django_assert_max_num_queries):
    living_in_caen(client, travel_km=50)
    with django_assert_max_num_queries(30):
        assert client.get(J1501).status_code == 200


def test_the_section_and_the_place_page_read_in_english(client, territory):
    living_in_caen(client)
    client.cookies["django_language"] = "en"
    text = section(client.get(J1501))
    assert "Who is hiring near you?" in text
    assert "Aides-soignants: 642 recruitment projects in the Caen area in 2025, 49 % of them judged difficult." in text
    page = client.get(reverse("territory:place")).content.decode()
    assert "Where are you looking for work?" in page and "My commune and my travel" in page


def test_a_commune_without_a_bassin_says_so(client, territory):
    from openbilan.territory.models import Commune

    living_in_caen(client)
    Commune.objects.filter(insee_code="14118").update(bassin=None)
    text = section(client.get(J1501))
    assert "Nous ne connaissons pas le bassin d'emploi de votre commune." in text
