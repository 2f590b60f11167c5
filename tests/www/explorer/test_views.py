import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.factories import beneficiary, coach

INDEX = reverse("explorer:index")


def occupation_url(code):
    return reverse("explorer:occupation", args=[code])


def hit_codes(html: str) -> list[str]:
    return re.findall(r'href="/metiers/([A-N]\d{4})/" class="explorer-hit-link"', html)


def test_index_lists_occupations_without_login(client, referential):
    response = client.get(INDEX)
    assert response.status_code == 200
    assert len(hit_codes(response.content.decode())) == 17
    assert "17 métiers trouvés." in response.content.decode()


def test_search_puts_the_best_title_first(client, referential):
    html = client.get(INDEX, {"q": "aide soignant"}).content.decode()
    assert hit_codes(html)[0] == "J1501"
    assert "Aide-soignant / Aide-soignante" in html


def test_htmx_request_gets_only_the_results_fragment(client, referential):
    response = client.get(INDEX, {"q": "educateur specialise"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert hit_codes(html)[0] == "K1207"
    assert 'id="result-count" hx-swap-oob="innerHTML"' in html


def test_htmx_history_restore_gets_the_full_page(client, referential):
    response = client.get(INDEX, {"q": "aesh"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_form_is_a_plain_get_form_enhanced_by_htmx(client, referential):
    html = client.get(INDEX).content.decode()
    assert re.search(r'<form method="get" action="/metiers/"[^>]*hx-get="/metiers/"', html)
    assert 'hx-trigger="input changed delay:300ms, submit"' in html
    assert '<button type="submit"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"domaine": "A"}, {"A1408", "A1501", "A1506", "A1509"}),
        ({"domaine": "K12"}, {"K1203", "K1207", "K1224"}),
        ({"riasec": "C"}, {"M1607"}),
        ({"centre": "4", "q": "aesh"}, {"K2113"}),
    ],
)
def test_filters_narrow_the_list(client, referential, params, expected):
    assert set(hit_codes(client.get(INDEX, params).content.decode())) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"domaine": "ZZ"}, "Ce domaine n&#x27;existe pas."),
        ({"centre": "999"}, "Ce centre d&#x27;intérêt n&#x27;existe pas."),
        ({"centre": "abc"}, "Ce centre d&#x27;intérêt n&#x27;existe pas."),
        ({"riasec": "X"}, "Choisissez une lettre parmi R, I, A, S, E et C."),
        ({"q": "x" * 101}, "Votre recherche est trop longue"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error(client, referential, params, message):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert hit_codes(response.content.decode()) == []


def test_one_letter_asks_for_two(client, referential):
    assert "Tapez au moins deux lettres" in client.get(INDEX, {"q": "a"}).content.decode()


def test_no_match_says_so(client, referential):
    assert "Aucun métier ne correspond." in client.get(INDEX, {"q": "zzzzqqq"}).content.decode()


def test_pagination_links_keep_the_search(client, referential, monkeypatch):
    monkeypatch.setattr("openbilan.www.explorer.views.PER_PAGE", 5)
    html = client.get(INDEX, {"domaine": "", "page": "2"}).content.decode()
    assert "Page 2 sur 4" in html
    assert 'href="?domaine=&amp;page=3"' in html
    assert '<ol class="explorer-results" start="6">' in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999"])
def test_odd_page_numbers_fall_back_to_a_valid_page(client, referential, page):
    assert client.get(INDEX, {"page": page}).status_code == 200


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=120), domaine=st.text(max_size=5), riasec=st.text(max_size=3))
def test_hostile_input_never_breaks_the_page(client, referential, q, domaine, riasec):
    assert client.get(INDEX, {"q": q, "domaine": domaine, "riasec": riasec}).status_code == 200


def test_search_page_query_count(client, referential, django_assert_num_queries):
    # domain choices (2), centre choices (1), ranked titles, occupations, title labels, ROME version
    with django_assert_num_queries(7):
        client.get(INDEX, {"q": "soign", "domaine": "J"})


def test_occupation_page_shows_what_the_rome_says(client, referential):
    html = client.get(occupation_url("J1501")).content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Aide-soignant / Aide-soignante</h1>" in html
    assert "L&#x27;aide-soignant apporte un soutien" in html
    assert "Diplôme d&#x27;Etat d&#x27;Aide-Soignant" in html
    assert "Compétences cœur de métier" in html
    assert "Horaires et durée du travail" in html
    assert "Code RIASEC de la fiche ROME : <strong>SI</strong>" in html
    assert "(centre d'intérêt principal)" in html
    assert f'href="{occupation_url("J1506")}"' in html


def test_occupation_page_draws_the_profile_with_an_equivalent_table(client, referential):
    html = client.get(occupation_url("J1501")).content.decode()
    assert re.search(r'<svg class="explorer-chart" role="img" aria-labelledby="interest-title interest-desc"', html)
    assert "<caption>Profil d'intérêts (échelle de 1 à 7)</caption>" in html
    assert html.count('<th scope="row">') >= 12
    assert re.search(r'width="\d+\.\d"', html), "SVG numbers must not be localised (no decimal comma)"


def test_occupation_without_onet_profile_says_so(client, referential):
    html = client.get(occupation_url("K1712")).content.decode()
    assert "Aucun profil O*NET pour ce métier" in html
    assert "<svg" not in html


def test_fallback_profile_names_its_origin(client, referential):
    assert "Repris de la fiche parente A1408" in client.get(occupation_url("A1509")).content.decode()


@pytest.mark.parametrize("url", [INDEX, occupation_url("J1501")])
def test_every_explorer_page_credits_its_sources(client, referential, url):
    html = client.get(url).content.decode()
    assert "Source : France Travail - ROME 4.0 (version 460)" in html
    assert "CC BY 4.0, modifiées" in html
    assert "ESCO" in html


def test_lower_case_code_works(client, referential):
    assert client.get(occupation_url("j1501")).status_code == 200


@pytest.mark.parametrize("code", ["Z9999", "J999", "../etc", "A1101"])
def test_unknown_code_is_404(client, referential, code):
    assert client.get(f"/metiers/{code}/").status_code == 404


def test_occupation_page_query_count(client, referential, django_assert_max_num_queries):
    # 9 for the occupation itself, one for its certifications section (the labour-market section of a visitor
    # without a bassin makes none)
    with django_assert_max_num_queries(10):
        client.get(occupation_url("J1501"))


def test_explorer_is_the_same_for_signed_in_people(client, referential):
    for user in (beneficiary(), coach()):
        client.force_login(user)
        assert hit_codes(client.get(INDEX, {"q": "aide soignant"}).content.decode())[0] == "J1501"


def test_post_is_not_allowed(client, referential):
    assert client.post(INDEX).status_code == 405


def test_pages_are_translated_to_english(client, referential):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(occupation_url("J1501")).content.decode()
    assert "Core skills" in html
    assert "Source: France Travail - ROME 4.0 (version 460)" in html


# --- issue 19: French only, typing mistakes, labels never cut ---------------------------------------------------


def test_occupation_page_names_onet_occupations_in_french_only(client, referential):
    from openbilan.referential.models import Occupation

    basis = Occupation.objects.get(code_rome="J1501").interest_basis
    html = client.get(occupation_url("J1501")).content.decode()
    assert "Nursing Assistants" not in html
    assert not re.search(r"\b\d\d-\d{4}\.\d\d\b", html), "no O*NET code on a French page"
    assert '<li lang="en">' not in html
    named = [row[2] for row in basis["onet"] if row[2]]
    assert named, "the import names the O*NET occupations through their French ESCO equivalent"
    assert named[0][0].upper() + named[0][1:] in html.replace("&#x27;", "'")


def test_an_old_import_with_english_titles_shows_no_title(client, referential):
    from openbilan.referential.models import Occupation

    occupation = Occupation.objects.get(code_rome="J1501")
    occupation.interest_basis = {"onet": [["31-1131.00", 1.0, "Nursing Assistants"]]}
    occupation.save()
    html = client.get(occupation_url("J1501")).content.decode()
    assert "Nursing Assistants" not in html
    assert "Et 1 autre métier" in html


def test_chart_labels_sit_above_their_bars(client, referential):
    html = client.get(occupation_url("J1501")).content.decode()
    labels = [int(y) for y in re.findall(r'<text x="0" y="(\d+)" class="explorer-chart-label">', html)]
    bars = [
        int(y)
        for y in re.findall(r'<rect x="0" y="(\d+)" width="[\d.]+" height="\d+" class="explorer-chart-bar"', html)
    ]
    assert len(labels) == len(bars) == 12
    assert all(label < bar for label, bar in zip(labels, bars, strict=True)), "a bar must not cover its label"
    assert "Conditions de travail</text>" in html


def test_a_typing_mistake_finds_the_occupation_and_says_so(client, referential):
    html = client.get(INDEX, {"q": "devlopeur"}).content.decode()
    assert hit_codes(html)[0] == "M1855"
    assert "Aucun nom de métier ne contient exactement « devlopeur »" in html
