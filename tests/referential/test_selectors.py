from openbilan.referential import selectors
from openbilan.referential.models import Occupation, WorkContext


def test_occupation_detail_groups_what_the_page_shows(mini_imported, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        detail = selectors.occupation_detail("j1501")
    assert detail.occupation.code_rome == "J1501"
    assert "Savoir-faire" in detail.core_skills
    assert detail.centres[0][1] is True
    type_codes = dict(WorkContext.objects.values_list("type_label", "type_code"))
    shown = [type_codes[label] for label, _ in detail.contexts]
    assert shown == sorted(shown)
    assert "Aide-soignant / Aide-soignante" not in detail.appellations
    assert [target.code_rome for target in detail.mobilities] == ["J1506"]


def test_unknown_or_retired_code_has_no_detail(mini_imported):
    Occupation.objects.filter(code_rome="M1607").update(is_active=False)
    assert selectors.occupation_detail("M1607") is None
    assert selectors.occupation_detail("Z0000") is None


def test_occupation_vectors_are_aligned_arrays(mini_imported, django_assert_num_queries):
    with django_assert_num_queries(2):
        vectors = selectors.occupation_vectors()
    index = vectors.index()
    j1501 = index["J1501"]
    occupation = Occupation.objects.get(code_rome="J1501")
    assert vectors.codes == tuple(sorted(vectors.codes))
    assert vectors.interests[j1501] == occupation.interests
    assert vectors.work_values[j1501] == occupation.work_values
    assert vectors.riasec_majeur[j1501] == "S"
    assert vectors.interests[index["K1712"]] is None
    assert vectors.centre_principal[j1501] == 22
    assert (
        len({len(getattr(vectors, name)) for name in ("codes", "labels", "interests", "work_values", "domaines")}) == 1
    )


def test_link_tables_by_code(mini_imported):
    assert selectors.mobility_targets()["J1501"] == ("J1506",)
    assert 22 in selectors.centres_by_code()["J1501"]
    assert selectors.core_skills_by_code()["J1501"]
    contexts = selectors.work_contexts_by_code()["J1501"]
    types = selectors.context_types()
    assert all(code in types for code in contexts)


def test_rome_version_comes_from_the_last_import(mini_imported):
    assert selectors.rome_version() == "460"
