"""The report's figures from plain counts: rounding, denominators, headline rule, breakdowns with suppression."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from openbilan.reporting.figures import EvaluationCounts, Labels, ReportData, build_report, percent

PILOT_STATUSES = {"completed": 63, "active": 20, "paused": 4, "dropped": 13}
PILOT_OUTCOMES = {
    "employed_durable": 8,
    "employed_transition": 5,
    "training": 11,
    "business_creation": 5,
    "job_seeking": 11,
    "validating_project": 23,
}


def report_of(statuses, outcomes=None, **extra):
    data = ReportData(programme={"programme": "p"}, statuses=statuses, outcomes=outcomes or {}, **extra)
    return build_report(data, Labels())


def test_percentages_round_half_up_to_one_decimal():
    assert percent(11, 63) == Decimal("17.5")  # 17.46...
    assert percent(1, 8) == Decimal("12.5")  # exactly half: up, where binary rounding would give 12.5 or 12.4
    assert percent(1, 16) == Decimal("6.3")  # 6.25 -> 6.3 (round-half-even would give 6.2)
    assert percent(5, 63) == Decimal("7.9")
    assert percent(0, 0) is None


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_percentage_is_within_a_twentieth_of_a_point_of_the_exact_share(part, whole):
    exact = Decimal(part) * 100 / Decimal(whole)
    assert abs(percent(part, whole) - exact) <= Decimal("0.05")


def test_the_seed_figures_come_out_of_the_pilot_counts():
    report = report_of(PILOT_STATUSES, PILOT_OUTCOMES)
    assert report["enrolled"] == 100
    assert report["status"]["in_progress"] == {"n": 24, "pct": 24.0}
    outcomes = report["outcomes"]
    assert [
        outcomes[k]["pct"] for k in ("employed", "training", "business_creation", "job_seeking", "validating_project")
    ] == [
        20.6,
        17.5,
        7.9,
        17.5,
        36.5,
    ]


def test_status_percentages_are_over_everyone_enrolled_and_outcomes_over_completers():
    report = report_of({"invited": 10, "completed": 30, "active": 60}, {"training": 15})
    assert report["status"]["not_started"]["pct"] == 10.0
    assert report["status"]["completed"]["pct"] == 30.0
    assert report["outcomes"]["training"]["pct"] == 50.0
    assert report["outcomes"]["unknown"] == {"n": 15, "pct": 50.0}


def test_headline_figures_are_shown_in_full_from_eleven_people_even_when_small():
    report = report_of({"completed": 11}, {"business_creation": 1, "training": 10})
    assert report["enrolled"] == 11
    assert report["outcomes"]["business_creation"] == {"n": 1, "pct": 9.1}


def test_a_programme_under_eleven_people_shows_no_figure():
    report = report_of({"completed": 6, "active": 4}, {"training": 6})
    assert report["enrolled"] == "< 11"
    assert report["status"]["completed"] == {"n": "< 11", "pct": "< 11"}
    assert report["outcomes"]["training"] == {"n": "< 11", "pct": "< 11"}
    assert report["segments"] == {} and report["testimonials"] == []


def test_drop_reasons_are_a_breakdown_with_suppression():
    reasons = {"personal": 15, "health": 5, "found_job": 12, "moved": 11, "unreachable": 13, "other": 14}
    report = report_of({"completed": 80, "dropped": 70}, drop_reasons=reasons)
    assert report["drop_reasons"]["health"]["n"] == "< 11"
    # else 70 minus the others would give the 5 people who stopped for health: the smallest other is hidden too
    assert report["drop_reasons"]["moved"]["n"] == "< 11"
    assert report["drop_reasons"]["personal"] == {"n": 15, "pct": 21.4}


def test_breakdown_cells_under_eleven_are_suppressed_with_a_second_cell():
    rows = [
        ("under_26", "completed", "training", 20),
        ("under_26", "completed", "job_seeking", 15),
        ("under_26", "dropped", "", 4),
        ("26_44", "completed", "training", 25),
        ("26_44", "active", "", 30),
        ("26_44", "dropped", "", 12),
    ]
    report = report_of(
        {"completed": 60, "active": 30, "dropped": 16},
        {"training": 45, "job_seeking": 15},
        segments={"age_band": rows},
    )
    young, middle = report["segments"]["age_band"]["rows"]
    assert young["status"]["dropped"] == {"n": "< 11", "pct": "< 11"}
    hidden_in_dropped_column = [row["status"]["dropped"]["n"] == "< 11" for row in (young, middle)]
    assert all(hidden_in_dropped_column)  # 16 - 12 would give the 4 young people who stopped
    assert young["status"]["completed"]["n"] == 35


def test_a_completers_total_hidden_in_one_table_is_hidden_in_the_other():
    rows = [
        ("rsa", "completed", "training", 8),
        ("rsa", "active", "", 20),
        ("none", "completed", "training", 30),
        ("none", "completed", "job_seeking", 14),
        ("none", "active", "", 25),
    ]
    report = report_of(
        {"completed": 52, "active": 45}, {"training": 38, "job_seeking": 14}, segments={"social_minima": rows}
    )
    rsa = report["segments"]["social_minima"]["rows"][0]
    assert rsa["status"]["completed"]["n"] == "< 11"
    assert rsa["completed"] == "< 11"


def test_a_percentage_is_hidden_when_its_denominator_is_hidden():
    rows = [
        ("yes", "completed", "training", 12),
        ("yes", "active", "", 3),
        ("no", "completed", "training", 50),
        ("no", "active", "", 40),
    ]
    report = report_of({"completed": 62, "active": 43}, {"training": 62}, segments={"qpv": rows})
    yes = report["segments"]["qpv"]["rows"][0]
    if yes["enrolled"] == "< 11":
        assert all(figure["pct"] == "< 11" for figure in yes["status"].values())


def test_satisfaction_is_published_from_eleven_respondents_with_its_denominators():
    counts = EvaluationCounts(
        eligible=40,
        respondents=20,
        agree={"knows_self_better": 18, "overcame_blocks": 17, "unexpected": 16},
        answered={"knows_self_better": 20, "overcame_blocks": 19, "unexpected": 20},
        helped_most={"introspection": 9, "coach": 6, "other": 5},
        satisfaction_answered=20,
        satisfaction_sum=85,
        satisfied=17,
        recommend_answered=20,
        promoters=12,
        detractors=3,
    )
    block = report_of({"completed": 40}, evaluations={"hot": counts})["satisfaction"]["hot"]
    assert block["response_rate"] == 50.0
    assert block["knows_self_better"] == {"n": 18, "answered": 20, "pct": 90.0}
    assert block["overcame_blocks"]["pct"] == 89.5
    assert block["introspection_or_coach"] == {"n": 15, "answered": 20, "pct": 75.0}
    assert block["satisfaction"]["mean"] == 4.3  # 4.25 rounded half up
    assert block["recommend"]["nps"] == 45.0


def test_satisfaction_from_fewer_than_eleven_respondents_is_not_published():
    counts = EvaluationCounts(
        eligible=40, respondents=7, agree={"knows_self_better": 7}, answered={"knows_self_better": 7}
    )
    block = report_of({"completed": 40}, evaluations={"hot": counts})["satisfaction"]["hot"]
    assert block["suppressed"] and block["respondents"] == "< 11"
    assert "knows_self_better" not in block


def test_follow_ups_show_outcomes_over_the_known_situations():
    follow_ups = {"6m": {"eligible": 40, "outcomes": {"employed_durable": 12, "training": 14, "job_seeking": 2}}}
    block = report_of({"completed": 40}, follow_ups=follow_ups)["follow_ups"]["6m"]
    assert (block["known"], block["response_rate"]) == (28, 70.0)
    assert block["outcomes"]["employed"] == {"n": 12, "pct": 42.9}
    assert block["outcomes"]["job_seeking"]["n"] == "< 11"
