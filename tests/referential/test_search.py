import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbilan.referential import search, selectors
from openbilan.referential.selectors import Filters

NO_FILTER = Filters()


def codes(query, filters=NO_FILTER, **kwargs):
    return [hit.occupation.code_rome for hit in selectors.search_occupations(query, filters, **kwargs).hits]


def test_exact_gendered_form_ranks_first(mini_imported):
    page = selectors.search_occupations("aide soignant")
    assert (page.hits[0].occupation.code_rome, page.hits[0].title) == ("J1501", "Aide-soignant / Aide-soignante")
    assert page.hits[0].tier == 0


@pytest.mark.parametrize(
    "query", ["éducateur spécialisé", "educateur specialise", "ÉDUCATEUR SPÉCIALISÉ", "Educateur-specialise"]
)
def test_case_accents_and_punctuation_are_ignored(mini_imported, query):
    assert codes(query)[0] == "K1207"


def test_acronym_finds_its_occupation(mini_imported):
    assert "K2113" in codes("AESH")


def test_feminine_form_finds_the_occupation(mini_imported):
    assert codes("soigneuse animaliere")[0] == "A1506"


def test_words_in_any_order_still_match(mini_imported):
    page = selectors.search_occupations("animaliere soigneuse")
    assert page.hits[0].occupation.code_rome == "A1506"
    assert page.hits[0].tier == 4


def test_prefix_ranks_before_word_prefix_before_inner_match(mini_imported):
    tiers = [hit.tier for hit in selectors.search_occupations("soign").hits]
    assert tiers == sorted(tiers)
    assert tiers[0] == 1


def test_each_occupation_appears_once(mini_imported):
    found = codes("aide", per_page=100)
    assert len(found) == len(set(found))


def test_same_query_gives_the_same_order_every_time(mini_imported):
    assert codes("e", per_page=100) == codes("e", per_page=100)


def test_too_short_query_lists_by_filters_instead(mini_imported):
    assert not search.parse("a")
    assert codes("a", per_page=100) == codes("", per_page=100)


def test_empty_search_lists_every_active_occupation_by_code(mini_imported):
    found = codes("", per_page=100)
    assert found == sorted(found)
    assert len(found) == 17


def test_filter_by_grand_domaine(mini_imported):
    assert set(codes("", Filters(domaine="A"), per_page=100)) == {"A1408", "A1501", "A1506", "A1509"}


def test_filter_by_domaine_professionnel(mini_imported):
    assert set(codes("", Filters(domaine="K12"), per_page=100)) == {"K1203", "K1207", "K1224"}


def test_filter_by_centre_interet(mini_imported):
    assert set(codes("", Filters(centre=4), per_page=100)) >= {"K1207", "K2113"}


def test_filter_by_riasec_letter(mini_imported):
    assert set(codes("", Filters(riasec="C"), per_page=100)) == {"M1607"}


def test_filters_combine_with_the_query(mini_imported):
    assert codes("aide soignant", Filters(domaine="A")) == []


def test_pages_split_the_results(mini_imported):
    first = selectors.search_occupations("", page=1, per_page=5)
    second = selectors.search_occupations("", page=2, per_page=5)
    assert (first.total, first.pages, second.start) == (17, 4, 6)
    assert not {h.occupation.pk for h in first.hits} & {h.occupation.pk for h in second.hits}


def test_page_beyond_the_last_gives_the_last(mini_imported):
    assert selectors.search_occupations("", page=99, per_page=5).page == 4


def test_search_takes_three_queries(mini_imported, django_assert_num_queries):
    with django_assert_num_queries(3):
        page = selectors.search_occupations("soign", Filters(domaine="J"))
        [hit.occupation.domaine.label for hit in page.hits]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=150))
def test_any_typed_text_gives_a_page(mini_imported, text):
    page = selectors.search_occupations(text)
    assert page.total >= len(page.hits)


# --- typing mistakes (issue 19) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("devlopeur", "M1855"), ("Dévlopeur", "M1855"), ("boulanjer", "D1102"), ("aide soigant", "J1501")],
)
def test_a_typing_mistake_still_finds_the_occupation(mini_imported, query, expected):
    page = selectors.search_occupations(query)
    assert page.approximate
    assert page.hits[0].occupation.code_rome == expected
    assert page.hits[0].tier == search.FUZZY_TIER


def test_an_exact_match_is_not_called_approximate(mini_imported):
    page = selectors.search_occupations("developpeur")
    assert not page.approximate
    assert page.hits[0].tier < search.FUZZY_TIER


def test_gibberish_still_finds_nothing(mini_imported):
    page = selectors.search_occupations("zqxwvk")
    assert page.total == 0
    assert not page.approximate


def test_corrections_keep_known_words_and_replace_unknown_ones():
    vocabulary = ("aide", "boulanger", "soignant", "soignante")
    assert search.corrections(("aide", "soigant"), vocabulary) == [("aide",), ("soignant", "soignante")]
    assert search.corrections(("aide",), vocabulary) is None  # nothing to correct
    assert search.corrections(("xyz",), vocabulary) is None  # too short to guess
