import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.referential import profiles
from openbilan.referential.profiles import Chain, build_profiles, scores_by_code, top_letters

A = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
B = (7.0, 6.0, 5.0, 4.0, 3.0, 2.0)
ESCO1, ESCO2, ESCO3, ESCO_BROAD = "esco:1", "esco:2", "esco:3", "esco:broad"


def chain(**overrides) -> Chain:
    values = {
        "parent_of": {"A1101": "A1101"},
        "appellation_code": {1: "A1101", 2: "A1101"},
        "esco_rome": [(ESCO1, 1, "skos:exactMatch")],
        "esco_onet": [("11-1011.00", ESCO1, "exactMatch")],
        "esco_broader": {},
    }
    values.update(overrides)
    return Chain(**values)


def test_one_exact_path_copies_the_onet_scores():
    result = build_profiles(chain(), {"11-1011.00": A})["A1101"]
    assert result.scores == A
    assert result.source == profiles.DIRECT
    assert result.basis["onet"] == [["11-1011.00", 1.0]]


def test_paths_are_weighted_by_their_relations():
    built = build_profiles(
        chain(
            esco_rome=[(ESCO1, 1, "skos:exactMatch"), (ESCO2, 2, "skos:broadMatch")],
            esco_onet=[("11-1011.00", ESCO1, "exactMatch"), ("22-2022.00", ESCO2, "exactMatch")],
        ),
        {"11-1011.00": A, "22-2022.00": B},
    )["A1101"]
    # weights 1.0 (exact) and 0.5 (broad): 2/3 of A and 1/3 of B
    assert built.scores == tuple(round((2 * a + b) / 3, 2) for a, b in zip(A, B, strict=True))


def test_one_esco_occupation_linked_to_many_onet_codes_counts_once():
    built = build_profiles(
        chain(
            esco_rome=[(ESCO1, 1, "skos:exactMatch"), (ESCO2, 2, "skos:exactMatch")],
            esco_onet=[
                ("11-1011.00", ESCO1, "exactMatch"),
                ("22-2022.00", ESCO2, "exactMatch"),
                ("22-2023.00", ESCO2, "exactMatch"),
            ],
        ),
        {"11-1011.00": A, "22-2022.00": B, "22-2023.00": B},
    )["A1101"]
    assert built.scores == tuple(round((a + b) / 2, 2) for a, b in zip(A, B, strict=True))


def test_detailed_onet_code_without_data_uses_its_00_parent():
    built = build_profiles(chain(esco_onet=[("11-1011.03", ESCO1, "exactMatch")]), {"11-1011.00": A})["A1101"]
    assert built.scores == A
    assert built.basis["onet"][0][0] == "11-1011.00"


def test_esco_occupation_without_crosswalk_row_borrows_its_broader_concept():
    built = build_profiles(
        chain(esco_onet=[("11-1011.00", ESCO_BROAD, "exactISCO")], esco_broader={ESCO1: [ESCO_BROAD]}),
        {"11-1011.00": A},
    )["A1101"]
    assert built.source == profiles.DIRECT
    assert built.scores == A
    assert built.basis["esco_via_broader"] == 1


def test_broader_links_weigh_half_of_own_links():
    built = build_profiles(
        chain(
            esco_rome=[(ESCO1, 1, "skos:exactMatch"), (ESCO2, 2, "skos:exactMatch")],
            esco_onet=[("11-1011.00", ESCO1, "exactMatch"), ("22-2022.00", ESCO_BROAD, "exactMatch")],
            esco_broader={ESCO2: [ESCO_BROAD]},
        ),
        {"11-1011.00": A, "22-2022.00": B},
    )["A1101"]
    assert built.scores == tuple(round((2 * a + b) / 3, 2) for a, b in zip(A, B, strict=True))


def test_unknown_appellation_in_the_mapping_is_ignored():
    built = build_profiles(chain(esco_rome=[(ESCO1, 999, "skos:exactMatch")]), {"11-1011.00": A})["A1101"]
    assert built.source == profiles.NONE


def test_code_without_path_takes_its_parent_profile():
    built = build_profiles(chain(parent_of={"A1101": "A1101", "A1102": "A1101"}), {"11-1011.00": A})["A1102"]
    assert (built.scores, built.source, built.basis) == (A, profiles.PARENT, {"from": ["A1101"]})


def test_code_without_path_or_parent_profile_takes_its_siblings_mean():
    built = build_profiles(
        chain(
            parent_of={"A1101": "A1101", "A1102": "A1101", "A1103": "A1101"},
            appellation_code={1: "A1102", 2: "A1103"},
            esco_rome=[(ESCO1, 1, "skos:exactMatch"), (ESCO2, 2, "skos:exactMatch")],
            esco_onet=[("11-1011.00", ESCO1, "exactMatch"), ("22-2022.00", ESCO2, "exactMatch")],
        ),
        {"11-1011.00": A, "22-2022.00": B},
    )["A1101"]
    assert built.source == profiles.SIBLINGS
    assert built.basis == {"from": ["A1102", "A1103"]}
    assert built.scores == tuple(round((a + b) / 2, 2) for a, b in zip(A, B, strict=True))


def test_fallback_never_chains_on_another_fallback():
    built = build_profiles(
        chain(
            parent_of={"A1101": "A1101", "A1102": "A1101", "B1101": "B1101", "B1102": "B1101"},
            appellation_code={1: "A1102"},
        ),
        {"11-1011.00": A},
    )
    assert built["A1101"].source == profiles.SIBLINGS
    assert built["B1102"].source == profiles.NONE


def test_code_with_no_data_anywhere_has_no_profile():
    built = build_profiles(chain(esco_rome=[]), {"11-1011.00": A})["A1101"]
    assert (built.scores, built.source) == (None, profiles.NONE)


@given(st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_profiles(rnd: random.Random):
    esco_rome = [
        (f"esco:{i}", i, rel) for i, rel in enumerate(["skos:exactMatch", "skos:closeMatch", "skos:broadMatch"] * 3)
    ]
    esco_onet = [(f"{10 + i % 5}-1011.00", f"esco:{i}", "closeMatch") for i in range(9)]
    scores = {f"{10 + i}-1011.00": tuple(float(i + j) / 3 for j in range(6)) for i in range(5)}
    base = chain(appellation_code=dict.fromkeys(range(9), "A1101"), esco_rome=esco_rome, esco_onet=esco_onet)
    shuffled = chain(
        appellation_code=dict.fromkeys(range(9), "A1101"),
        esco_rome=rnd.sample(esco_rome, len(esco_rome)),
        esco_onet=rnd.sample(esco_onet, len(esco_onet)),
    )
    assert build_profiles(base, scores)["A1101"].scores == build_profiles(shuffled, scores)["A1101"].scores


def test_scores_by_code_keeps_only_complete_six_score_rows():
    rows = [("11-1011.00", element, "OI", float(i)) for i, element in enumerate(profiles.INTEREST_ELEMENTS)]
    rows += [("22-2022.00", "Realistic", "OI", 3.0), ("11-1011.00", "Realistic", "IH", 1.0)]
    assert scores_by_code(rows, profiles.INTEREST_ELEMENTS, "OI") == {"11-1011.00": (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)}


def test_top_letters_break_ties_in_riasec_order():
    assert top_letters((3.0, 5.0, 3.0, 5.0, 1.0, 3.0)) == "ISR"


@pytest.mark.parametrize(("relation", "weight"), [("skos:exactMatch", 1.0), ("closeMatch", 0.8), ("other", None)])
def test_relation_weight_reads_skos_names(relation, weight):
    assert profiles.relation_weight(relation) == weight


def test_coverage_counts_each_source():
    built = build_profiles(chain(parent_of={"A1101": "A1101", "A1102": "A1101", "B1101": "B1101"}), {"11-1011.00": A})
    assert profiles.coverage(built) == {
        "direct": 1, "parent": 1, "siblings": 0, "none": 1, "total": 3, "profiled": 2
    }  # fmt: skip
