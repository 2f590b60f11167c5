"""The pure scoring core against values computed by hand, and its invariants (Hypothesis)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.assessments import scoring

# --- keying and scale scores ---------------------------------------------------------------------------------------


def test_reverse_key_mirrors_the_scale():
    assert [scoring.reverse_key(value, minimum=1, maximum=5) for value in range(1, 6)] == [5, 4, 3, 2, 1]


def test_reverse_keyed_items_count_mirrored_in_the_raw_score():
    # items: 5 (+), 2 (-), 4 (+): keyed 5, 4, 4 -> raw 13, mean 13/3, score (13/3 - 1) / 4 * 100 = 83.33
    scores = scoring.score_scales([5, 2, 4], [False, True, False], {"X": [0, 1, 2]}, minimum=1, maximum=5)
    assert scores["X"].raw == 13
    assert scores["X"].mean == pytest.approx(13 / 3)
    assert scores["X"].score == pytest.approx(250 / 3)


def test_display_score_runs_from_0_to_100():
    assert scoring.display_score(1, minimum=1, maximum=5) == 0
    assert scoring.display_score(3, minimum=1, maximum=5) == 50
    assert scoring.display_score(5, minimum=1, maximum=5) == 100


def test_scales_only_sum_their_own_items():
    scores = scoring.score_scales([1, 5, 5, 1], [False] * 4, {"A": [0, 3], "B": [1, 2]}, minimum=1, maximum=5)
    assert (scores["A"].raw, scores["B"].raw) == (2, 10)


@pytest.mark.parametrize("bad", [0, 6, 2.5, "3", True])
def test_an_answer_outside_the_scale_is_refused(bad):
    with pytest.raises(ValueError):
        scoring.score_scales([3, bad], [False, False], {"X": [0, 1]}, minimum=1, maximum=5)


def test_matrix_scores_match_one_by_one_scores():
    rows = [[1, 2, 5], [4, 4, 3]]
    reverse = [False, True, False]
    keyed = scoring.keyed_values(rows, reverse, minimum=1, maximum=5)
    batch = scoring.score_matrix(keyed, {"X": [0, 1, 2]}, minimum=1, maximum=5)
    for index, row in enumerate(rows):
        single = scoring.score_scales(row, reverse, {"X": [0, 1, 2]}, minimum=1, maximum=5)["X"]
        assert batch["X"].raw[index] == single.raw
        assert batch["X"].score[index] == pytest.approx(single.score)


# --- Holland code --------------------------------------------------------------------------------------------------


def test_holland_code_takes_the_three_highest_scores():
    assert scoring.holland_code({"R": 10, "I": 80, "A": 30, "S": 90, "E": 70, "C": 20}) == "SIE"


def test_holland_code_ties_follow_r_i_a_s_e_c():
    scores = {"R": 50, "I": 50, "A": 75, "S": 50, "E": 50, "C": 0}
    assert scoring.holland_code(scores) == "ARI"


def test_holland_code_of_a_flat_profile_is_ria():
    assert scoring.holland_code(dict.fromkeys("RIASEC", 42.0)) == "RIA"


def test_a_tie_deciding_the_code_is_reported():
    assert scoring.code_has_ties({"R": 50, "I": 50, "A": 75, "S": 50, "E": 10, "C": 0})  # third and fourth
    assert scoring.code_has_ties({"R": 0, "I": 60, "A": 90, "S": 60, "E": 10, "C": 0})  # second and third


def test_ties_below_the_code_do_not_matter():
    assert not scoring.code_has_ties({"R": 10, "I": 80, "A": 30, "S": 90, "E": 70, "C": 10})


# --- alpha and omega -----------------------------------------------------------------------------------------------

# Four people, three items. Item variances (n - 1): 5/3, 4/3, 5/3, sum 14/3; totals 5, 7, 11, 13 have variance 40/3.
# alpha = 3/2 * (1 - (14/3) / (40/3)) = 3/2 * 26/40 = 39/40.
HAND = [[1, 2, 2], [2, 2, 3], [3, 4, 4], [4, 4, 5]]


def test_alpha_matches_the_hand_computed_value():
    assert scoring.cronbach_alpha(HAND) == pytest.approx(39 / 40)


def test_alpha_of_identical_items_is_one():
    column = [1, 2, 3, 4, 5]
    assert scoring.cronbach_alpha(np.column_stack([column] * 4)) == pytest.approx(1.0)


def test_alpha_is_negative_when_items_disagree():
    # the first two items move in opposite directions, so the total varies less than its parts
    matrix = [[1, 5, 3], [5, 1, 3], [2, 4, 3.5], [4, 2, 2.5]]
    assert scoring.cronbach_alpha(matrix) < 0


def test_alpha_is_undefined_without_spread():
    assert scoring.cronbach_alpha([[3, 3], [3, 3], [3, 3]]) is None
    assert scoring.cronbach_alpha([[1, 2]]) is None


def congeneric(loadings):
    loadings = np.asarray(loadings)
    matrix = np.outer(loadings, loadings)
    np.fill_diagonal(matrix, 1.0)
    return matrix


def test_one_factor_loadings_are_recovered_from_an_exact_correlation_matrix():
    loadings = scoring.one_factor_loadings(congeneric([0.8, 0.7, 0.6, 0.5]))
    assert loadings == pytest.approx([0.8, 0.7, 0.6, 0.5], abs=1e-6)


def test_omega_of_a_congeneric_matrix_matches_the_hand_computed_value():
    # (0.8 + 0.7 + 0.6 + 0.5)^2 = 6.76; uniquenesses 0.36 + 0.51 + 0.64 + 0.75 = 2.26; omega = 6.76 / 9.02
    assert scoring.omega_total_from_covariance(congeneric([0.8, 0.7, 0.6, 0.5])) == pytest.approx(6.76 / 9.02)


def test_alpha_underestimates_omega_when_loadings_differ():
    matrix = congeneric([0.8, 0.7, 0.6, 0.5])
    # 1'R1 = 9.02: alpha = 4/3 * (1 - 4 / 9.02)
    assert scoring.cronbach_alpha_from_covariance(matrix) == pytest.approx(4 / 3 * (1 - 4 / 9.02))
    assert scoring.cronbach_alpha_from_covariance(matrix) < scoring.omega_total_from_covariance(matrix)


def test_omega_equals_alpha_for_parallel_items():
    # equal loadings 0.6 (rho = 0.36), k = 5: both are 5 * 0.36 / (1 + 4 * 0.36)
    expected = 5 * 0.36 / (1 + 4 * 0.36)
    matrix = congeneric([0.6] * 5)
    assert scoring.omega_total_from_covariance(matrix) == pytest.approx(expected)
    assert scoring.cronbach_alpha_from_covariance(matrix) == pytest.approx(expected)


def test_omega_uses_the_covariance_metric():
    # rescaling items (different SDs) changes the unit-weighted sum, so omega must use the covariances, not only R
    loadings, sds = np.array([0.8, 0.7, 0.6]), np.array([1.0, 2.0, 0.5])
    covariance = congeneric(loadings) * np.outer(sds, sds)
    expected = (loadings * sds).sum() ** 2 / covariance.sum()
    assert scoring.omega_total_from_covariance(covariance) == pytest.approx(expected)


def test_omega_on_simulated_one_factor_data_is_close_to_its_population_value():
    rng = np.random.default_rng(7)
    factor = rng.normal(size=(20_000, 1))
    data = 0.7 * factor + np.sqrt(1 - 0.49) * rng.normal(size=(20_000, 6))
    population = 6 * 0.49 / (1 + 5 * 0.49)  # parallel items: omega = alpha = Spearman-Brown
    assert scoring.omega_total(data) == pytest.approx(population, abs=0.01)
    assert scoring.cronbach_alpha(data) == pytest.approx(population, abs=0.01)


# --- SEM -----------------------------------------------------------------------------------------------------------


def test_sem_is_sd_times_root_of_one_minus_reliability():
    assert scoring.sem(20, 0.84) == pytest.approx(8.0)


def test_sem_clips_reliability_to_zero_and_one():
    assert scoring.sem(20, -0.3) == pytest.approx(20)
    assert scoring.sem(20, 1.2) == 0


def test_band_stays_within_the_scale():
    assert scoring.band(95, 8) == (87, 100)
    assert scoring.band(3, 8) == (0, 11)


def test_reliability_table_flags_a_scale_under_070():
    rng = np.random.default_rng(3)
    factor = rng.normal(size=(400, 1))
    good = np.clip(np.rint(3 + 1.2 * (0.8 * factor + 0.6 * rng.normal(size=(400, 4)))), 1, 5)
    noise = rng.integers(1, 6, size=(400, 4))
    table = scoring.reliability_table(
        np.hstack([good, noise]), {"G": [0, 1, 2, 3], "N": [4, 5, 6, 7]}, minimum=1, maximum=5
    )
    assert not table["G"].caution()
    assert table["N"].caution()
    assert table["G"].sem == pytest.approx(table["G"].sd * math.sqrt(1 - table["G"].omega))


# --- response quality ----------------------------------------------------------------------------------------------


def test_the_same_answer_throughout_is_straight_lining():
    assert scoring.is_straight_lining([3] * 48)
    assert not scoring.is_straight_lining([3] * 47 + [4])
    assert not scoring.is_straight_lining([3])


def test_median_seconds_shares_a_page_time_between_its_answers():
    # a page of 6 answers saved 30 s after the start, then 6 more 12 s later: 5 s and 2 s each -> median 3.5
    times = [30.0] * 6 + [42.0] * 6
    assert scoring.median_seconds_per_item(0.0, times) == pytest.approx(3.5)


def test_answers_saved_one_by_one_count_their_own_gaps():
    assert scoring.median_seconds_per_item(100.0, [104, 107, 115]) == pytest.approx(4)


def test_fast_answers_are_flagged():
    flags = scoring.quality_flags([1, 2, 3, 4], started_at=0, answered_at=[1, 2, 3, 4])
    assert flags.too_fast and not flags.straight_lining and flags.any
    slow = scoring.quality_flags([1, 2, 3, 4], started_at=0, answered_at=[5, 10, 15, 20])
    assert not slow.any


# --- rankings ------------------------------------------------------------------------------------------------------


def test_ranking_scores_run_from_100_to_0():
    assert scoring.ranking_scores(["a", "b", "c"]) == {"a": 100, "b": 50, "c": 0}


def test_a_card_cannot_be_ranked_twice():
    with pytest.raises(ValueError):
        scoring.ranking_scores(["a", "a"])


# --- invariants ----------------------------------------------------------------------------------------------------

answers = st.integers(min_value=1, max_value=5)


@given(st.lists(answers, min_size=2, max_size=30), st.data())
def test_any_complete_answer_set_scores_within_bounds(values, data):
    reverse = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    split = data.draw(st.integers(min_value=1, max_value=len(values) - 1))
    scales = {"A": list(range(split)), "B": list(range(split, len(values)))}
    for score in scoring.score_scales(values, reverse, scales, minimum=1, maximum=5).values():
        assert score.n_items <= score.raw <= 5 * score.n_items
        assert 1 <= score.mean <= 5
        assert 0 <= score.score <= 100


@given(st.lists(answers, min_size=1, max_size=30), st.data())
def test_reversing_an_items_keying_twice_changes_nothing(values, data):
    reverse = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    index = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    twice = list(reverse)
    twice[index] = not twice[index]
    twice[index] = not twice[index]
    scales = {"X": list(range(len(values)))}
    assert scoring.score_scales(values, twice, scales, minimum=1, maximum=5) == scoring.score_scales(
        values, reverse, scales, minimum=1, maximum=5
    )
    assert (
        scoring.reverse_key(scoring.reverse_key(values[index], minimum=1, maximum=5), minimum=1, maximum=5)
        == (values[index])
    )


@settings(max_examples=200)
@given(st.integers(min_value=2, max_value=12), st.integers(min_value=2, max_value=8), st.data())
def test_alpha_never_exceeds_one(n, k, data):
    matrix = data.draw(st.lists(st.lists(answers, min_size=k, max_size=k), min_size=n, max_size=n))
    alpha = scoring.cronbach_alpha(matrix)
    assert alpha is None or alpha <= 1 + 1e-9


@settings(max_examples=100)
@given(st.integers(min_value=3, max_value=12), st.integers(min_value=2, max_value=6), st.data())
def test_omega_stays_between_zero_and_one(n, k, data):
    matrix = data.draw(st.lists(st.lists(answers, min_size=k, max_size=k), min_size=n, max_size=n))
    omega = scoring.omega_total(matrix)
    assert omega is None or -1e-9 <= omega <= 1 + 1e-9


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=40))
def test_median_seconds_is_never_negative(times):
    assert scoring.median_seconds_per_item(0.0, times) >= 0


def test_a_band_is_never_zero_width_even_with_no_error():
    low, high = scoring.band(100, 0.0)
    assert high - low >= scoring.MIN_ERROR
    assert scoring.band(50, 0.0) == (49.0, 51.0)


def test_the_error_floor_is_one_answer_step():
    assert scoring.error_floor(8, minimum=1, maximum=5) == 3.125
    assert scoring.error_floor(4, minimum=1, maximum=5) == 6.25
    assert scoring.error_floor(200, minimum=1, maximum=5) == scoring.MIN_ERROR
