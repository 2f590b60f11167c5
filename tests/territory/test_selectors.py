"""The chain from an occupation to its families' figures, places and the person's place, on the small subset."""

from openbilan.enrolments.models import Enrolment
from openbilan.territory import selectors, services
from openbilan.territory.figures import Count, Figures
from openbilan.territory.models import ALL_QUALIFICATIONS, BmoSurvey, HiringDemand, JobLevel
from tests.accounts.factories import beneficiary
from tests.programmes.factories import EnrolmentFactory
from tests.referential.helpers import replace_in


def families(code, bassin="2817", **kwargs):
    demand = selectors.demand_for([code], bassin_code=bassin, **kwargs)[code]
    return {f.code: f for f in demand.families}


def test_a_rome_4_code_reaches_the_crosswalk_through_its_parent_code(territory):
    # M1855 (développeur web) has no line of its own in DARES's table: its parent M1805 does.
    assert set(selectors.families_of(["M1855"])["M1855"]) == {"M1X80", "M2X90"}
    assert selectors.families_of(["M1855"])["M1855"] == selectors.families_of(["M1805"])["M1805"]


def test_the_person_level_picks_the_family_and_an_unknown_level_shows_every_family(territory):
    assert set(families("M1607")) == {"L0X60", "L3X80", "L5X90"}
    assert set(families("M1607", qualifications=(9,))) == {"L5X90"}
    assert set(families("M1607", qualifications=(7, 8))) == {"L3X80"}
    assert families("M1607")["L0X60"].qualifications == (0, 1, 2, 3, 4, 5, 6)


def test_the_figures_are_the_familys_own_never_divided_among_occupations(territory):
    # Two ROME 4.0 codes of the same parent (A1501, A1506) read the very same family figures.
    both = selectors.demand_for(["A1501", "A1506"], bassin_code="2817")
    assert both["A1501"].families == both["A1506"].families


def test_local_figures_with_the_change_from_the_previous_survey(territory):
    family = families("J1501")["V0X60"]
    assert family.local == Figures(Count.exact(642), Count.exact(315), Count.exact(29))
    assert (family.change.previous_year, family.change.previous, family.change.difference) == (2024, 535, 107)
    assert family.level == 5


def test_a_family_absent_from_a_covered_bassin_has_no_project_and_an_unknown_bassin_has_no_figures(territory):
    assert families("M1607", bassin="2818")["L0X60"].local == Figures.none()  # Bayeux, no row in 2025
    assert families("M1607", bassin="9999")["L0X60"].local is None


def test_a_secret_figure_stays_unknown(territory):
    family = families("M1607")["L3X80"]
    assert family.local.projects == Count.exact(32)
    assert family.local.difficult.value is None
    assert family.local.difficult_percent is None


def test_the_region_total_is_a_lower_bound_when_a_bassin_is_secret(territory):
    region = families("J1501")["V0X60"].region
    rows = HiringDemand.objects.filter(survey__year=2025, region_code="28", family="V0X60")
    assert region.projects.floor == sum(r.projects_published for r in rows)
    assert (region.projects.value is None) == any(r.projects is None for r in rows)


def test_the_total_within_reach_adds_the_nearby_bassins(territory):
    family = families("J1501", nearby_bassins=("2818",))["V0X60"]
    caen = HiringDemand.objects.get(survey__year=2025, bassin_code="2817", family="V0X60")
    bayeux = HiringDemand.objects.filter(survey__year=2025, bassin_code="2818", family="V0X60").first()
    expected = caen.projects_published + (bayeux.projects_published if bayeux else 0)
    assert family.nearby.projects.floor == expected


def test_a_family_the_survey_does_not_cover_is_said_so(territory):
    survey = BmoSurvey.objects.get(year=2025)
    survey.families = [f for f in survey.families if f != "V0X60"]
    survey.save()
    family = families("J1501")["V0X60"]
    assert not family.covered and family.local is None and family.region is None


def test_an_older_year_can_be_asked(territory):
    demand = selectors.demand_for(["J1501"], bassin_code="2817", year=2024)["J1501"]
    assert demand.year == 2024
    assert demand.families[0].local.projects == Count.exact(535)
    assert demand.families[0].change is None


def test_demand_for_many_occupations_takes_a_fixed_number_of_queries(territory, django_assert_num_queries):
    codes = ["J1501", "M1607", "M1855", "D1102", "K1207", "A1506", "K2113"]
    with django_assert_num_queries(6):
        result = selectors.demand_for(codes, bassin_code="2817", nearby_bassins=("2818", "2801"))
    assert set(result) == set(codes)
    assert result["J1501"].strongest_level == 5


def test_bassins_within_reach_start_with_the_own_bassin(territory):
    caen = selectors.area_of("14118").commune
    assert selectors.bassins_within(caen, 5) == ["2817"]
    near = selectors.bassins_within(caen, 40)
    assert near[0] == "2817" and "2818" in near  # Bayeux, 27 km away in a straight line
    assert "2801" not in near  # Rouen, 110 km


def test_areas_of_postcodes_give_the_zone_and_departement_a_funder_report_needs(territory, django_assert_num_queries):
    with django_assert_num_queries(1):
        areas = selectors.areas_of_postcodes(["14000", "14400", "99999", ""])
    assert set(areas) == {"14000", "14400"}
    caen = areas["14000"]
    assert (caen.zone_emploi.name, caen.departement.code, caen.bassin.code) == ("Caen", "14", "2817")
    assert areas["14400"].communes[0] == "14003" and len(areas["14400"].communes) == 32


def test_a_postcode_covering_several_zones_has_no_single_zone(db, mini_copy):
    # 76000 covers Rouen and Montérolier; here Montérolier is put in the zone d'emploi of Dieppe.
    replace_in(
        mini_copy / "geo" / "communes_zones_emploi_2020.csv",
        "76445,Montérolier,2815,Rouen",
        "76445,Montérolier,2812,Dieppe",
    )
    services.import_geo(directory=mini_copy / "geo")
    area = selectors.areas_of_postcodes(["76000", "76100"])
    assert [z.code for z in area["76000"].zones] == ["2812", "2815"]
    assert area["76000"].zone_emploi is None and area["76000"].departement.code == "76"
    assert area["76000"].bassin is None  # Rouen and Forges-les-Eaux
    assert area["76100"].zone_emploi.code == "2815" and area["76100"].bassin.code == "2801"


def test_areas_of_communes_in_one_query(territory, django_assert_num_queries):
    with django_assert_num_queries(1):
        areas = selectors.areas_of_communes(["14118", "76540", "00000"])
    assert set(areas) == {"14118", "76540"}
    assert areas["76540"].departement.name == "Seine-Maritime"
    assert areas["76540"].region.name == "Normandie"


def test_the_place_of_a_person_gives_bassin_zone_and_departement(territory):
    person = beneficiary()
    assert selectors.place_of(person) is None
    services.set_place(person=person, postcode="14000", commune_code="14118", travel_km=30, job_level=JobLevel.SKILLED)
    view = selectors.place_of(person)
    assert (view.area.bassin.code, view.area.zone_emploi.code, view.area.departement.code) == ("2817", "2804", "14")
    assert view.travel_minutes == 35
    assert view.place.qualifications == (3, 4, 6)


def test_the_default_postcode_is_the_place_else_the_enrolment(territory):
    person = beneficiary()
    assert selectors.default_postcode(person) == ""
    EnrolmentFactory(beneficiary=person, postcode="76000")
    assert selectors.default_postcode(person) == "76000"
    services.set_place(person=person, postcode="14000", commune_code="14118")
    assert selectors.default_postcode(person) == "14000"
    assert Enrolment.objects.get(beneficiary=person).postcode == "76000"  # read only


def test_an_unknown_level_means_every_qualification(territory):
    person = beneficiary()
    place = services.set_place(person=person, postcode="14000", commune_code="14118")
    assert place.qualifications == ALL_QUALIFICATIONS


def test_demand_levels_of_every_occupation_in_three_queries(territory, django_assert_num_queries):
    with django_assert_num_queries(3):
        levels = selectors.demand_levels(bassin_code="2817")
    assert len(levels) == 17  # the ROME test subset
    for code in ("J1501", "M1607", "M1855", "A1506"):
        assert levels[code] == selectors.demand_for([code], bassin_code="2817")[code].strongest_level
    assert selectors.demand_levels(bassin_code="2817", qualifications=(9,))["M1607"] == (
        selectors.demand_for(["M1607"], bassin_code="2817", qualifications=(9,))["M1607"].strongest_level
    )
    assert selectors.demand_levels(bassin_code="") == {}
