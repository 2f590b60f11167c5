"""The selectors other domains call: current certifications for an occupation at or near a level and within a
length, the sessions of a certification near a point, the current versions of a replaced certification."""

import datetime

import pytest
from django.utils import timezone

from openbilan.training import selectors
from tests.training.factories import (
    CAEN,
    CHERBOURG,
    NO_POINT,
    ROUEN,
    CertificationFactory,
    imported,
    load_offers,
    offer,
    replace,
)


@pytest.fixture
def catalogue(referential):
    """K1207 and its siblings in domaine K12 (K1203, K1224 whose parent is K1203), grand domaine K."""
    return {
        "exact": CertificationFactory(code="RNCP1001", number=1001, title="Moniteur", level=4, rome=["K1207"],
                                      certifiers=["Ministère"], blocs=["Accompagner", "Animer"]),
        "high": CertificationFactory(code="RNCP1002", number=1002, title="Éducateur", level=6, rome=["K1207"],
                                     typical_months=36),
        "low": CertificationFactory(code="RNCP1003", number=1003, title="Surveillant", level=3, rome=["K1207"]),
        "parent": CertificationFactory(code="RNCP1004", number=1004, title="Encadrant", level=4, rome=["K1203"]),
        "domaine": CertificationFactory(code="RNCP1005", number=1005, title="Intervention sociale", level=5,
                                        rome=["K1200"]),
        "grand": CertificationFactory(code="RNCP1006", number=1006, title="Services", level=4, rome=["K00"]),
        "unknown_level": CertificationFactory(code="RNCP1007", number=1007, title="Sans niveau", level=None,
                                              rome=["K1207"]),
        "untitled": CertificationFactory(code="RNCP1008", number=1008, title="", rome=["K1207"]),
        "inactive": CertificationFactory(code="RNCP1009", number=1009, inactive=True, rome=["K1207"]),
        "other": CertificationFactory(code="RNCP1010", number=1010, title="Développeur", rome=["M1805"]),
    }  # fmt: skip


def codes(cards):
    return [card.code for card in cards]


def test_certifications_reach_rome_4_through_codes_parents_and_domains(catalogue):
    cards = selectors.certifications_for_occupation("K1207")
    assert codes(cards) == ["RNCP1003", "RNCP1001", "RNCP1002", "RNCP1007", "RNCP1005", "RNCP1006"]
    assert [card.link for card in cards] == ["code"] * 4 + ["domaine", "grand_domaine"]
    # K1224's parent is K1203: the link to K1203 reaches it.
    assert [(c.code, c.link) for c in selectors.certifications_for_occupation("K1224")][:1] == [("RNCP1004", "parent")]
    assert "RNCP1010" in codes(selectors.certifications_for_occupation("M1855"))
    assert selectors.certifications_for_occupation("Z9999") is None


def test_cards_carry_certifiers_and_blocs(catalogue):
    card = next(c for c in selectors.certifications_for_occupation("K1207") if c.code == "RNCP1001")
    assert card.certifiers == ("Ministère",)
    assert card.blocs == (("RNCP1001BC01", "Accompagner"), ("RNCP1001BC02", "Animer"))


def test_a_replaced_certification_never_shows_as_current(catalogue):
    newer = CertificationFactory(code="RNCP2001", number=2001, title="Moniteur (nouveau)", level=4, rome=["K1207"])
    replace(catalogue["exact"], newer)
    found = codes(selectors.certifications_for_occupation("K1207"))
    assert "RNCP1001" not in found and "RNCP2001" in found
    card = next(c for c in selectors.certifications_for_occupation("K1207") if c.code == "RNCP2001")
    assert card.replaces == ("RNCP1001",)
    assert "RNCP1001" not in codes(selectors.training_paths("K1207").fitting)


def test_training_paths_keep_the_levels_near_the_persons(catalogue):
    paths = selectors.training_paths("K1207", level=4, spread=1)
    assert codes(paths.fitting) == ["RNCP1003", "RNCP1001", "RNCP1005", "RNCP1006"]
    assert {(e.certification.code, e.reason) for e in paths.excluded} == {
        ("RNCP1002", "level_above"),
        ("RNCP1007", "level_unknown"),
    }
    assert paths.untitled == 1
    exact = selectors.training_paths("K1207", level=4, spread=0)
    assert {(e.certification.code, e.reason) for e in exact.excluded} >= {("RNCP1003", "level_below")}


def test_training_paths_leave_out_what_is_longer_than_accepted(catalogue):
    paths = selectors.training_paths("K1207", level=6, spread=0, max_months=24)
    assert paths.fitting == ()
    assert ("RNCP1002", "too_long") in {(e.certification.code, e.reason) for e in paths.excluded}
    assert paths.why_none == "level_and_length"
    assert selectors.training_paths("K1207", level=6, spread=0, max_months=36).why_none == ""
    strict = selectors.training_paths("K1207", max_months=12, include_unknown_length=False)
    assert {e.reason for e in strict.excluded} == {"too_long", "length_unknown"}


def test_a_session_shorter_than_the_usual_length_counts(catalogue, tmp_path):
    load_offers(tmp_path, offer("RNCP1002", (CAEN, 30, 300)))
    paths = selectors.training_paths("K1207", level=6, spread=0, max_months=12)
    assert codes(paths.fitting) == ["RNCP1002"]
    assert paths.fitting[0].months == 10


def test_why_none_when_nothing_leads_to_the_occupation(referential):
    assert selectors.training_paths("A1408", level=3).why_none == "no_certification"


def test_current_versions_follow_every_replacement(db):
    old = CertificationFactory(code="RNCP1", number=1)
    middle = CertificationFactory(code="RNCP2", number=2)
    split_a = CertificationFactory(code="RNCP3", number=3)
    split_b = CertificationFactory(code="RNCP4", number=4, inactive=True)
    replace(old, middle)
    replace(middle, split_a)
    replace(middle, split_b)
    assert selectors.current_versions("RNCP1") == ["RNCP3"]
    assert selectors.current_versions("rncp3") == ["RNCP3"]
    assert selectors.current_versions("RNCP4") == []


def test_upcoming_sessions_leave_out_those_already_over(db, tmp_path):
    load_offers(tmp_path, offer("RNCP100", (CAEN, -200, 100), (CAEN, -20, 60), (ROUEN, 40, 100)))
    sessions = selectors.upcoming_sessions(["RNCP100"])
    assert [s.start for s in sessions] == sorted(s.start for s in sessions)
    assert len(sessions) == 2
    assert all(s.end >= timezone.localdate() for s in sessions)


def test_sessions_near_a_point_are_the_nearest_first_within_the_radius(db, tmp_path):
    load_offers(tmp_path, offer("RNCP100", (ROUEN, 10, 100), (CHERBOURG, 20, 100), (CAEN, 30, 100), (NO_POINT, 5, 50)))
    near_caen = selectors.upcoming_sessions(["RNCP100"], point=CAEN_POINT, radius_km=150)
    assert [s.city for s in near_caen] == ["Caen", "Cherbourg-en-Cotentin", "Rouen"]
    assert near_caen[0].distance_km < 1 and 100 < near_caen[1].distance_km < 115
    assert [s.city for s in selectors.upcoming_sessions(["RNCP100"], point=CAEN_POINT, radius_km=50)] == ["Caen"]
    everywhere = selectors.upcoming_sessions(["RNCP100"], point=CAEN_POINT)
    assert len(everywhere) == 4 and next(s for s in everywhere if s.city == "Bayeux").distance_km is None


CAEN_POINT = (CAEN.latitude, CAEN.longitude)


def test_session_cards_say_how_to_fund_and_whom_to_call(db, tmp_path):
    load_offers(tmp_path, offer("RNCP100", (CAEN, 10, 100), funders=(("2", 12), ("4", None)), cpf=True,
                                programme="PRF"), is_demo=True)  # fmt: skip
    card = selectors.upcoming_sessions(["RNCP100"])[0]
    assert card.funders == (("2", "Conseil régional", 12), ("4", "France Travail (Pôle emploi)", None))
    assert card.regional and card.france_travail and card.cpf_eligible and card.is_demo
    assert card.programmes == ("PRF",)
    assert card.contact_phone and card.contact_email
    assert card.reference.startswith("test-feed/")
    assert card.certification_codes == ("RNCP100",)


def test_the_occupation_overview_takes_a_fixed_number_of_queries(catalogue, tmp_path, django_assert_max_num_queries):
    load_offers(tmp_path, offer("RNCP1001", (CAEN, 10, 100), (ROUEN, 20, 100)), offer("RNCP1002", (CAEN, 5, 30)))
    imported()
    occupation = selectors.find_occupation("K1207")
    with django_assert_max_num_queries(11):
        overview = selectors.occupation_overview(occupation, limit=3, sessions=2)
    assert (len(overview.cards), overview.total, overview.untitled) == (3, 6, 1)
    assert len(overview.sessions) == 2 and overview.session_total == 3
    assert overview.sessions[0].start == timezone.localdate() + datetime.timedelta(days=5)
    assert [card.offer_months for card in overview.cards if card.code == "RNCP1001"] == [4]
    with django_assert_max_num_queries(4):  # warm cache: the imports' stamp, the sessions (ids, cards, count)
        again = selectors.occupation_overview(occupation, limit=3, sessions=2)
    assert again == overview


def test_a_new_feed_shows_at_once_on_the_occupation_page(catalogue, tmp_path):
    imported()
    occupation = selectors.find_occupation("K1207")
    assert selectors.occupation_overview(occupation).sessions == ()
    load_offers(tmp_path, offer("RNCP1001", (CAEN, 10, 100)), key="new-feed")
    assert len(selectors.occupation_overview(occupation).sessions) == 1


def test_the_occupation_list_is_cached_until_the_next_import(db, sample_dir, django_assert_max_num_queries):
    from openbilan.referential.models import DomaineProfessionnel, GrandDomaine, Occupation
    from openbilan.training import services

    grand = GrandDomaine.objects.create(code="D", label="Commerce")
    domaine = DomaineProfessionnel.objects.create(code="D11", label="Alimentaire", grand_domaine=grand)
    Occupation.objects.create(
        code_rome="D1102", code_ogr=81, label="Boulanger", parent_code="D1102", domaine=domaine, riasec_majeur="R"
    )
    occupation = selectors.find_occupation("D1102")
    services.import_certifications(path=sample_dir)
    assert selectors.occupation_overview(occupation).total == 0  # RNCP19468, linked to D1102, is replaced
    CertificationFactory(code="RNCP77777", number=77777, title="Boulanger", rome=["D1102"])
    assert selectors.occupation_overview(occupation).total == 0  # the list cached for this import
    with django_assert_max_num_queries(2):
        selectors.occupation_overview(occupation)
    rome = next(sample_dir.glob("*Rome*"))
    rome.write_text(rome.read_text(encoding="utf-8") + '"RS6117";"D1102";"Boulangerie"\r\n', encoding="utf-8")
    services.import_certifications(path=sample_dir)  # RS6117 (current) now leads to D1102; RNCP77777 is withdrawn
    assert [card.code for card in selectors.occupation_overview(occupation).cards] == ["RS6117"]
