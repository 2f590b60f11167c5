"""The one test module that loads the full shipped data (data/referential), once, on the test database."""

import pytest
from django.conf import settings

from openbilan.referential import selectors, services
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    DomaineProfessionnel,
    GrandDomaine,
    Mobility,
    Occupation,
    OccupationCentreInteret,
    OccupationSector,
    OccupationSkill,
    OccupationWorkContext,
    ReferentialImport,
    SearchTitle,
    Sector,
    Skill,
    WorkContext,
)

DATA_DIR = settings.BASE_DIR / "data" / "referential"
CLEAR_ORDER = (
    ReferentialImport, SearchTitle, OccupationSkill, OccupationWorkContext, OccupationCentreInteret, OccupationSector,
    Mobility, Appellation, Occupation, Skill, WorkContext, CentreInteret, Sector, DomaineProfessionnel, GrandDomaine,
)  # fmt: skip


@pytest.fixture(scope="module")
def full(django_db_setup, django_db_blocker):
    """Import the shipped data twice (the second import must change nothing); remove it after the module."""
    with django_db_blocker.unblock():
        first = services.import_referential(directory=DATA_DIR)
        keys = (
            sorted(Occupation.objects.values_list("pk", "code_rome")),
            sorted(Appellation.objects.values_list("pk", "code_ogr")),
        )
        second = services.import_referential(directory=DATA_DIR)
        keys_after = (
            sorted(Occupation.objects.values_list("pk", "code_rome")),
            sorted(Appellation.objects.values_list("pk", "code_ogr")),
        )
    yield {"first": first, "second": second, "keys": keys, "keys_after": keys_after}
    with django_db_blocker.unblock():
        for model in CLEAR_ORDER:
            model.objects.all().delete()


def test_full_import_counts(full, db):
    assert Occupation.objects.filter(is_active=True).count() == 1584
    assert Appellation.objects.filter(is_active=True).count() == 13120
    assert CentreInteret.objects.count() == 30
    assert Mobility.objects.count() == 14912
    assert WorkContext.objects.count() == 179
    assert SearchTitle.objects.count() == 13120


def test_second_import_changes_no_count_and_no_key(full, db):
    assert not full["second"].changed
    assert full["second"].counts == full["first"].counts
    assert full["keys"] == full["keys_after"]


def test_about_98_percent_of_codes_get_an_interest_profile(full, db):
    coverage = full["first"].interest_coverage
    assert coverage["total"] == 1584
    assert coverage["profiled"] / coverage["total"] >= 0.975


def test_codes_without_onet_data_are_mostly_military(full, db):
    none = list(Occupation.objects.filter(interest_source="none").values_list("code_rome", flat=True))
    assert sum(code.startswith("K17") for code in none) > len(none) / 2
    assert Occupation.objects.filter(interest_source="none", interest_r__isnull=False).count() == 0


def test_every_occupation_has_native_riasec_and_one_principal_centre(full, db):
    assert not Occupation.objects.filter(riasec_majeur="").exists()
    assert OccupationCentreInteret.objects.filter(is_principal=True).count() == 1584


def test_aide_soignant_lists_j1501_first(full, db):
    hit = selectors.search_occupations("aide soignant").hits[0]
    assert (hit.occupation.code_rome, hit.title) == ("J1501", "Aide-soignant / Aide-soignante")


@pytest.mark.parametrize("query", ["éducateur spécialisé", "educateur specialise"])
def test_educateur_specialise_lists_k1207_first(full, db, query):
    assert selectors.search_occupations(query).hits[0].occupation.code_rome == "K1207"


def test_aesh_finds_k2113(full, db):
    assert "K2113" in [hit.occupation.code_rome for hit in selectors.search_occupations("AESH").hits]


def test_soigneuse_animaliere_finds_a1506(full, db):
    assert "A1506" in [hit.occupation.code_rome for hit in selectors.search_occupations("soigneuse animaliere").hits]


def test_vectors_cover_every_active_occupation(full, db):
    vectors = selectors.occupation_vectors()
    assert len(vectors.codes) == 1584
    assert sum(profile is not None for profile in vectors.interests) == full["first"].interest_coverage["profiled"]
