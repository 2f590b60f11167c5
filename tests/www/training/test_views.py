"""The certifications on the occupation page, the certification page and the occupation's full list."""

import pytest
from django.urls import reverse

from openbilan.training.models import OfferFeed

OCCUPATION = reverse("explorer:occupation", args=["K1207"])


def test_the_occupation_page_shows_the_current_certifications_and_sessions(client, catalogue):
    html = client.get(OCCUPATION).content.decode()
    assert "Se former pour ce métier" in html
    assert "2 certifications en vigueur mènent à ce métier." in html
    assert "DE - Moniteur éducateur" in html and "Intervention sociale" in html
    assert "DE de moniteur éducateur (ancien)" not in html  # replaced: never shown as current
    assert html.index("DE - Moniteur éducateur") < html.index("Intervention sociale")  # precise link first
    assert "Délivrée par : Ministère des solidarités" in html
    assert "2 blocs de compétences" in html and "Accompagner la personne" in html
    assert "Niveau 4 (bac)" in html and "environ 20 mois" in html  # the demo session, shorter than ONISEP's 2 years
    assert "Vous pouvez aussi l'obtenir par la VAE" in html
    assert html.count("Session de démonstration") == 2
    assert "Conseil régional (20 places)" in html and "PRF (démo)" in html
    assert "Rien n'est acquis" in html
    assert "France Compétences, répertoires RNCP et RS" in html


def test_a_real_feeds_sessions_carry_no_demo_label(client, catalogue):
    OfferFeed.objects.update(is_demo=False)
    html = client.get(OCCUPATION).content.decode()
    assert "Session de démonstration" not in html and "Du " in html


def test_an_occupation_without_certification_says_so(client, referential):
    html = client.get(reverse("explorer:occupation", args=["A1408"])).content.decode()
    assert "Le répertoire chargé ne signale aucune certification en vigueur pour ce métier." in html
    assert "Aucune session à venir" in html


def test_the_occupation_page_costs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    client.get(OCCUPATION)
    with django_assert_max_num_queries(30):
        client.get(OCCUPATION)


def test_the_certification_page(client, catalogue):
    html = client.get(reverse("training:certification", args=["RNCP39643"])).content.decode()
    assert "<h1>DE - Moniteur éducateur</h1>" in html
    assert "Cette certification est en vigueur." in html
    assert "Accompagner la personne" in html and "Ministère des solidarités" in html
    assert "Educateur spécialisé / Educatrice spécialisée" in html  # the occupation it leads to
    assert reverse("training:certification", args=["RNCP492"]) in html  # what it replaces
    assert html.count("Session de démonstration") == 2
    assert "Intitulé : export France Compétences (fichier Standard)." in html


def test_a_replaced_certification_page_leads_to_the_current_one(client, catalogue):
    html = client.get(reverse("training:certification", args=["rncp492"])).content.decode()
    assert "Cette certification a été remplacée." in html
    assert reverse("training:certification", args=["RNCP39643"]) in html


def test_the_full_list_of_an_occupation(client, catalogue):
    html = client.get(reverse("training:occupation", args=["K1207"])).content.decode()
    assert "Se former : Educateur spécialisé / Educatrice spécialisée" in html
    assert "DE - Moniteur éducateur" in html and "Intervention sociale" in html
    assert html.count("Session de démonstration") == 2


@pytest.mark.parametrize(
    "url",
    [
        reverse("training:certification", args=["RNCP999999"]),
        reverse("training:certification", args=["XYZ"]),
        reverse("training:occupation", args=["Z9999"]),
        reverse("training:occupation", args=["K12"]),
    ],
)
def test_unknown_codes_are_not_found(client, referential, url):
    assert client.get(url).status_code == 404


def test_pages_refuse_post(client, catalogue):
    assert client.post(reverse("training:certification", args=["RNCP39643"])).status_code == 405


def test_the_english_page(client, catalogue):
    client.cookies["django_language"] = "en"
    html = client.get(OCCUPATION, headers={"Accept-Language": "en"}).content.decode()
    assert "Training for this occupation" in html
    assert "Demonstration session" in html


def test_a_certification_of_a_whole_domain_links_to_the_domain(client, catalogue):
    html = client.get(reverse("training:certification", args=["RNCP5005"])).content.decode()
    assert "Elle vise aussi des domaines entiers :" in html
    assert f'href="{reverse("explorer:index")}?domaine=K12"' in html
