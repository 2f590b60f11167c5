"""The pure ranking core: scores, hard filters, diversity and explanations."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.recommendations import weights as W
from openbilan.recommendations.batch import rank_batch
from openbilan.recommendations.explanations import fit_level
from openbilan.recommendations.ranking import (
    Imperatives,
    Person,
    business_creation,
    iachan_index,
    person_vector,
    prepare,
    profile_trust,
    rank,
    top_letters,
    training_months,
    training_path,
    values_vector,
)
from tests.recommendations.builders import (
    EXCLUDABLE,
    INDEPENDENT,
    NIGHT,
    PRIVATE_EMPLOYEE,
    random_prepared,
    random_records,
    record,
)

PREPARED = random_prepared()
SOCIAL = {"R": 10, "I": 30, "A": 50, "S": 95, "E": 60, "C": 20}

scores = st.floats(min_value=0, max_value=100, allow_nan=False)
riasec_profiles = st.fixed_dictionaries(dict.fromkeys("RIASEC", scores))
value_rankings = st.permutations(W.WORK_VALUE_KEYS).map(tuple)


def _corr(a, b):
    return float(np.corrcoef(a, b)[0, 1])


def _implied(letters):
    return [1.0 if letter in letters[:1] else W.LETTER_MINOR if letter in letters[1:2] else 0.0 for letter in "RIASEC"]


def test_interest_fit_combines_the_onet_profile_and_romes_letters():
    ranking = rank(PREPARED, Person(riasec=SOCIAL))
    person = [SOCIAL[letter] for letter in "RIASEC"]
    checked = 0
    for occupation in random_records():
        i = PREPARED.index[occupation.code]
        letters = _corr(person, _implied(occupation.riasec))
        if occupation.interests is not None:
            share = W.ONET_SHARE * W.DEFAULT_TRUST
            expected = share * _corr(person, occupation.interests) + (1 - share) * letters
            checked += 1
        else:
            expected = letters
        assert ranking.components["interests"][i] == pytest.approx(expected)
    assert checked > 50


def test_without_an_onet_profile_romes_letters_alone_give_the_match():
    prepared = prepare([record("A1101", riasec="SA"), record("B1101", riasec="RC"), record("C1101", riasec="AS")])
    ranking = rank(prepared, Person(riasec={"R": 10, "I": 20, "A": 90, "S": 95, "E": 30, "C": 10}))
    fit = dict(zip(prepared.codes, ranking.components["interests"], strict=True))
    assert fit["A1101"] > 0.9 > -0.5 > fit["B1101"]
    assert fit["C1101"] == pytest.approx(fit["A1101"])  # both letters weigh the same (weights.LETTER_MINOR = 1)
    assert ranking.explain("A1101").reasons[0].data["method"] == "letters"


def test_iachan_index_is_kept_as_the_measured_comparison():
    prepared = prepare([record("A1101", riasec="SE"), record("B1101", riasec="RC"), record("C1101", riasec="SA")])
    index = iachan_index(prepared, np.array([[10, 30, 50, 95, 60, 20]], dtype=float))[0]  # person's code: S E A
    assert index[0] == pytest.approx(1.0)  # same two letters in the same order: the maximum
    assert index[1] == pytest.approx(-1.0)  # no letter in common
    assert index[0] > index[2] > index[1]


def test_a_borrowed_or_thin_profile_is_trusted_less():
    assert profile_trust("direct", None) == W.DEFAULT_TRUST
    assert profile_trust("direct", 1) < profile_trust("direct", 3) < profile_trust("direct", 8) < 1
    assert profile_trust("parent", None) == profile_trust("siblings", 4) == W.BORROWED_TRUST
    assert profile_trust("none", 5) == 0.0


def test_a_thin_profile_cannot_top_the_list_by_luck():
    """A perfect O*NET correlation resting on one ESCO occupation, against ROME's expert letters, ranks below an
    occupation on which both sources agree."""
    person = {"R": 10, "I": 20, "A": 90, "S": 95, "E": 30, "C": 10}
    shape = [person[letter] / 14 + 1 for letter in "RIASEC"]  # the person's exact shape, on the O*NET 1-7 scale
    prepared = prepare(
        [
            record("A1101", riasec="RC", interests=shape, interest_source="direct", interest_evidence=1),
            record("B1101", riasec="SA", interests=[1.5, 2.5, 6.0, 6.5, 3.0, 1.5], interest_evidence=6),
            record("C1101", riasec="RC", interests=shape, interest_source="parent"),
        ]
    )
    ranking = rank(prepared, Person(riasec=person))
    assert ranking.suggestions(3)[0].code_rome == "B1101"
    assert ranking.explain("A1101").reasons[0].data["trust"] < ranking.explain("B1101").reasons[0].data["trust"]


def test_flat_profile_gives_no_interest_component():
    assert person_vector(dict.fromkeys("RIASEC", 50)) is None
    ranking = rank(PREPARED, Person(riasec=dict.fromkeys("RIASEC", 50), centres=frozenset({3})))
    assert "interests" not in ranking.components
    assert ranking.used_weights == {"centres": 1.0}


def test_top_letters_break_ties_in_riasec_order():
    assert top_letters({"R": 50, "I": 50, "A": 10, "S": 90, "E": 10, "C": 50}) == "SRI"


def test_values_ranking_becomes_borda_points_centred():
    vector = values_vector(("independence", "achievement"))
    assert vector[W.WORK_VALUE_KEYS.index("independence")] > vector[W.WORK_VALUE_KEYS.index("achievement")] > 0
    assert vector.sum() == pytest.approx(0)
    assert values_vector(("unknown-slug",)) is None


def test_weights_are_renormalised_over_the_evidence_given():
    ranking = rank(PREPARED, Person(riasec=SOCIAL, work_values=W.WORK_VALUE_KEYS))
    total = W.WEIGHTS["interests"] + W.WEIGHTS["values"]
    assert ranking.used_weights == pytest.approx(
        {"interests": W.WEIGHTS["interests"] / total, "values": W.WEIGHTS["values"] / total}
    )
    expected = sum(ranking.used_weights[k] * ranking.components[k] for k in ranking.used_weights)
    assert np.allclose(ranking.total, expected)


def test_skills_share_counts_the_core_skills_held():
    code = PREPARED.codes[0]
    core = PREPARED.core_skills[0]
    person = Person(riasec=SOCIAL, skills=frozenset(core[:2]))
    ranking = rank(PREPARED, person)
    assert ranking.components["skills"][0] == pytest.approx(2 / len(core))
    reason = next(r for r in ranking.explain(code).reasons if r.kind == "skills")
    assert reason.data == {"held": list(core[:2]), "total": len(core), "share": pytest.approx(2 / len(core))}
    assert f"Compétence {core[0]}" in reason.text.render()


def test_mobility_from_a_past_job_adds_a_bonus_and_names_the_job():
    past = PREPARED.codes[0]
    target = PREPARED.mobility[past][0]
    ranking = rank(PREPARED, Person(riasec=SOCIAL, past_occupations=(past,)))
    assert ranking.components["mobility"][PREPARED.index[target]] == 1.0
    reason = next(r for r in ranking.explain(target).reasons if r.kind == "mobility")
    assert reason.data == {"from": past, "order": 1}
    assert PREPARED.labels[0] in reason.text.render()


def test_picked_centre_counts_fully_when_principal_partly_when_secondary():
    prepared = prepare(
        [
            record("A1101", interests=[1, 2, 3, 4, 5, 6], centres_principal=(4,)),
            record("A1102", interests=[1, 2, 3, 4, 5, 6], centres_secondary=(4,)),
            record("A1103", interests=[1, 2, 3, 4, 5, 6], centres_principal=(5,)),
        ]
    )
    centres = rank(prepared, Person(centres=frozenset({4}))).components["centres"]
    assert list(centres) == [W.CENTRE_PRINCIPAL, W.CENTRE_SECONDARY, 0.0]


def test_past_jobs_are_not_suggested_again():
    past = PREPARED.codes[3]
    ranking = rank(PREPARED, Person(riasec=SOCIAL, past_occupations=(past,)))
    assert past not in [s.code_rome for s in ranking.suggestions(len(PREPARED.codes))]
    assert ranking.explain(past).excluded_by.kind == "past_job"


@settings(max_examples=60, deadline=None)
@given(riasec=riasec_profiles, values=value_rankings, context=st.sampled_from(EXCLUDABLE))
def test_no_suggestion_ever_has_an_excluded_context(riasec, values, context):
    person = Person(riasec=riasec, work_values=values, imperatives=Imperatives(excluded_contexts=frozenset({context})))
    ranking = rank(PREPARED, person)
    for suggestion in ranking.suggestions(PREPARED.size):
        assert context not in PREPARED.context_sets[PREPARED.index[suggestion.code_rome]]
    excluded = [code for i, code in enumerate(PREPARED.codes) if context in PREPARED.context_sets[i]]
    assert excluded, "the fixture must contain occupations with this context"
    for code in excluded:
        assert ranking.explain(code).excluded_by.kind == "context"
        assert ranking.explain(code).rank is None


def test_night_work_exclusion_is_explained_with_the_context_label():
    code = next(c for i, c in enumerate(PREPARED.codes) if NIGHT in PREPARED.context_sets[i])
    ranking = rank(PREPARED, Person(riasec=SOCIAL, imperatives=Imperatives(excluded_contexts=frozenset({NIGHT}))))
    assert "« Travail de nuit »" in ranking.explain(code).excluded_by.text.render()


def test_training_months_follow_the_level_gap():
    assert training_months(6, False, 4) == W.MONTHS_TO_REACH[5] + W.MONTHS_TO_REACH[6]
    assert training_months(4, False, 6) == 0
    assert training_months(0, False, 2) == 0
    assert training_months(None, False, 4) is None
    assert training_months(6, False, None) is None


def test_a_mandatory_diploma_needs_training_even_with_a_higher_level():
    assert training_months(6, True, 7) == W.MANDATORY_DIPLOMA_MONTHS[6]


def test_a_mandatory_diploma_from_level_six_first_needs_the_bac():
    to_bac = W.MONTHS_TO_REACH[3] + W.MONTHS_TO_REACH[4]
    assert training_months(6, True, 2) == to_bac + W.MANDATORY_DIPLOMA_MONTHS[6]
    assert training_months(4, True, 2) == W.MANDATORY_DIPLOMA_MONTHS[4]  # aide-soignant: no prerequisite level


def test_the_mandatory_diploma_of_a_past_job_is_already_held():
    access = "Cet emploi est accessible avec un Diplôme d'Etat d'Infirmier, obligatoire pour exercer."
    prepared = prepare(
        [
            record("J1506", interests=[1, 2, 3, 7, 3, 2], access=access),
            record("J1505", interests=[1, 2, 3, 7, 3, 2], access=access),
            record(
                "J1501", interests=[1, 2, 3, 7, 3, 2], access="Avec un Diplôme d'Etat d'Aide-Soignant, obligatoire."
            ),
        ]
    )
    imperatives = Imperatives(qualification_level="6", max_training="none")
    ranking = rank(prepared, Person(riasec=SOCIAL, past_occupations=("J1506",), imperatives=imperatives))
    assert [s.code_rome for s in ranking.suggestions()] == ["J1505"]
    assert ranking.explain("J1505").training_months == 0
    assert ranking.explain("J1501").excluded_by.kind == "training"


def _level_records():
    return [
        record("J1506", interests=[1, 2, 3, 7, 3, 2], access="Cet emploi est accessible avec une Licence."),
        record("K1101", interests=[1, 2, 3, 7, 3, 2], access="Cet emploi est accessible sans diplôme."),
        record("K1102", interests=[1, 2, 3, 7, 3, 2], access="Le ROME ne dit rien du niveau."),
    ]


def test_occupation_beyond_the_accepted_training_is_excluded():
    prepared = prepare(_level_records())
    person = Person(riasec=SOCIAL, imperatives=Imperatives(qualification_level="4", max_training="1y"))
    ranking = rank(prepared, person)
    assert [s.code_rome for s in ranking.suggestions()] == ["K1101", "K1102"]
    reason = ranking.explain("J1506").excluded_by
    months = W.MONTHS_TO_REACH[5] + W.MONTHS_TO_REACH[6]
    assert months > W.MAX_TRAINING_MONTHS["1y"]
    assert reason.kind == "training"
    assert reason.data["months"] == months
    assert f"{months} mois" in reason.text.render()


def test_any_training_length_keeps_every_level():
    prepared = prepare(_level_records())
    person = Person(riasec=SOCIAL, imperatives=Imperatives(qualification_level="infra3", max_training="any"))
    assert len(rank(prepared, person).suggestions()) == 3


def test_without_a_stated_level_nothing_is_excluded_for_training():
    prepared = prepare(_level_records())
    person = Person(riasec=SOCIAL, imperatives=Imperatives(max_training="none"))
    assert len(rank(prepared, person).suggestions()) == 3


def test_no_to_self_employment_excludes_only_occupations_practised_only_self_employed():
    prepared = prepare(
        [
            record("A1101", interests=[1, 2, 3, 7, 3, 2], contexts=(INDEPENDENT,)),
            record("A1102", interests=[1, 2, 3, 7, 3, 2], contexts=(INDEPENDENT, PRIVATE_EMPLOYEE)),
            record("A1103", interests=[1, 2, 3, 7, 3, 2]),
        ]
    )
    ranking = rank(prepared, Person(riasec=SOCIAL, imperatives=Imperatives(self_employment="no")))
    assert {s.code_rome for s in ranking.suggestions()} == {"A1102", "A1103"}
    assert ranking.explain("A1101").excluded_by.kind == "self_employment"
    assert business_creation(ranking) == []


@settings(max_examples=60, deadline=None)
@given(riasec=riasec_profiles, values=value_rankings)
def test_top_ten_has_one_per_parent_several_domains_and_groups_close_variants(riasec, values):
    ranking = rank(PREPARED, Person(riasec=riasec, work_values=values))
    top = ranking.suggestions(W.TOP)
    assert len(top) == W.TOP
    parents = Counter(PREPARED.parent_codes[PREPARED.index[s.code_rome]] for s in top)
    assert max(parents.values()) <= W.MAX_PER_PARENT == 1
    domains = Counter(s.code_rome[0] for s in top)
    assert len(domains) >= W.MIN_DOMAINS
    assert max(domains.values()) <= W.MAX_PER_DOMAIN
    shown = {s.code_rome for s in top}
    for suggestion in top:
        for code, _label in suggestion.variants:
            assert code not in shown
            assert (
                PREPARED.parent_codes[PREPARED.index[code]]
                == PREPARED.parent_codes[PREPARED.index[suggestion.code_rome]]
            )
            assert ranking.total[PREPARED.index[code]] <= suggestion.score


def test_a_person_who_narrows_the_list_to_one_domain_gets_only_that_domain():
    ranking = rank(PREPARED, Person(riasec=SOCIAL, domains=frozenset({"K"})))
    top = ranking.suggestions(W.TOP)
    assert top and {s.code_rome[0] for s in top} == {"K"}
    assert all(PREPARED.codes[i][0] == "K" for i in ranking.order)


def test_diversity_takes_the_best_occupation_first():
    ranking = rank(PREPARED, Person(riasec=SOCIAL))
    eligible_best = int(np.argmax(ranking.total))
    assert ranking.order[0] == eligible_best


def test_one_domain_only_fills_the_list_anyway():
    prepared = prepare([record(f"K{1100 + n}", interests=[1, 2, 3, 7 - n / 10, 3, 2]) for n in range(12)])
    assert len(rank(prepared, Person(riasec=SOCIAL)).suggestions()) == 10


@given(riasec=riasec_profiles)
@settings(max_examples=30, deadline=None)
def test_ranks_are_a_permutation_of_the_eligible_occupations(riasec):
    ranking = rank(PREPARED, Person(riasec=riasec, past_occupations=(PREPARED.codes[0],)))
    eligible = np.flatnonzero(ranking.exclusion == 0)
    assert sorted(ranking.order.tolist()) == eligible.tolist()
    assert sorted(ranking.rank_of[eligible].tolist()) == list(range(1, len(eligible) + 1))


def test_why_not_gives_the_rank_and_the_weakest_evidence():
    ranking = rank(PREPARED, Person(riasec=SOCIAL, work_values=W.WORK_VALUE_KEYS))
    last = ranking.prepared.codes[int(ranking.order[-1])]
    explained = ranking.explain(last)
    assert explained.rank == len(ranking.order)
    assert explained.excluded_by is None
    assert explained.weakest.kind in ("interests", "values")
    assert explained.weakest.weight == min(r.weight for r in explained.reasons if r.kind in ("interests", "values"))


def test_every_suggestion_shows_its_entry_requirement_and_training():
    ranking = rank(PREPARED, Person(riasec=SOCIAL, imperatives=Imperatives(qualification_level="4")))
    for suggestion in ranking.suggestions():
        kinds = [reason.kind for reason in suggestion.reasons]
        assert kinds[-2:] == ["entry", "training"]
        entry = suggestion.reasons[-2]
        assert entry.data["sentence"] == suggestion.entry.sentence


def test_training_path_lists_missing_skills_and_months():
    code = PREPARED.codes[5]
    core = PREPARED.core_skills[5]
    ranking = rank(
        PREPARED,
        Person(riasec=SOCIAL, skills=frozenset(core[:1]), imperatives=Imperatives(qualification_level="infra3")),
    )
    path = training_path(ranking, code)
    assert path.held_skills == core[:1]
    assert path.missing_skills == core[1:]
    assert path.months == training_months(path.entry.level, path.entry.mandatory, 2)


def test_business_creation_lists_self_employed_occupations_and_favours_enterprising_ones():
    prepared = prepare(
        [
            record("D1101", interests=[2, 2, 2, 5, 7, 2], contexts=(INDEPENDENT,)),
            record("D1102", interests=[2, 2, 2, 5, 2, 2], contexts=(INDEPENDENT,)),
            record("D1103", interests=[2, 2, 2, 7, 6, 2]),
        ]
    )
    enterprising = {**SOCIAL, "E": 100}
    paths = business_creation(rank(prepared, Person(riasec=enterprising)))
    assert [s.code_rome for s, _ in paths] == ["D1101", "D1102"]


def test_batch_scores_match_one_by_one_ranking():
    rng = np.random.default_rng(3)
    interests = rng.uniform(0, 100, size=(25, 6))
    batch = rank_batch(PREPARED, interests, top=5, dtype=np.float64)
    for row, scores in enumerate(interests):
        single = rank(PREPARED, Person(riasec=dict(zip("RIASEC", scores, strict=True))))
        best = np.argsort(-single.total, kind="stable")[:5]
        assert np.allclose(batch.scores[row], single.total[best])


def test_batch_applies_context_and_training_filters():
    excluded = np.zeros((1, len(PREPARED.context_ids)))
    excluded[0, PREPARED.context_ids[NIGHT]] = 1
    batch = rank_batch(
        PREPARED,
        np.array([[10, 30, 50, 95, 60, 20]], dtype=float),
        excluded_contexts=excluded,
        levels=np.array([2]),
        max_months=np.array([0.0]),
        top=5,
    )
    for i in batch.top[0]:
        assert NIGHT not in PREPARED.context_sets[i]
        months = PREPARED.months_by_level[2][i]
        assert np.isnan(months) or months == 0


def test_the_interest_match_reads_as_a_plain_sentence_with_its_numbers_kept_as_data():
    ranking = rank(PREPARED, Person(riasec=SOCIAL))
    suggestion = ranking.suggestions(1)[0]
    reason = suggestion.reasons[0]
    assert reason.kind == "interests"
    assert "corrélation" not in reason.text.render()
    assert reason.text.render().startswith("Vos goûts ressemblent")
    assert suggestion.fit_level == reason.data["level"] == fit_level(reason.data["fit"])
    assert set(reason.data) >= {"fit", "onet", "rome", "onet_share", "rome_share", "trust", "profile_source"}
    share = reason.data["onet_share"]
    onet = reason.data["onet"] or 0.0  # None for an occupation without an O*NET profile (share 0)
    assert reason.data["fit"] == pytest.approx(share * onet + (1 - share) * reason.data["rome"])


def test_fit_levels_follow_the_bands():
    assert [fit_level(v) for v in (0.9, 0.6, 0.4, 0.1, -0.5)] == [3, 2, 1, 0, 0]
