"""The report's figures from plain counts: rounding, denominators, headline rule, breakdowns with suppression."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from openbilan.reporting.figures import Dimension, EvaluationCounts, ReportData, build_report, median, percent

PILOT_STATUSES = {"completed": 63, "active": 20, "paused": 4, "dropped": 13}
PILOT_OUTCOMES = {
    "employed_durable": 8,
    "employed_transition": 5,
    "training": 11,
    "business_creation": 5,
    "job_seeking": 11,
    "validating_project": 23,
}


def report_of(statuses, outcomes=None, segments=None, **extra):
    segments = {name: Dimension(rows=rows) for name, rows in (segments or {}).items()}
    extra.setdefault("drop_reasons", {"personal": statuses.get("dropped", 0)})
    data = ReportData(
        programme={"programme": "p"}, statuses=statuses, end_outcomes=outcomes or {}, segments=segments, **extra
    )
    return build_report(data)


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
    assert report["status"]["in_progress"] == {"n": 24, "pct": 24.0, "disclosure": "shown"}
    outcomes = report["outcomes"]
    assert [
        outcomes[k]["pct"] for k in ("employed", "training", "business_creation", "job_seeking", "validating_project")
    ] == [20.6, 17.5, "< 11", 17.5, None]
    # 5 people creating a business: a small cell, in the headline too; a cell that can move both ways protects it
    # (with 11 in training, the attacker would know training is 11 and business creation 5).
    assert outcomes["validating_project"]["disclosure"] == "secondary"


def test_status_percentages_are_over_everyone_enrolled_and_outcomes_over_completers():
    report = report_of({"invited": 20, "completed": 30, "active": 50}, {"training": 15})
    assert report["status"]["not_started"]["pct"] == 20.0
    assert report["status"]["completed"]["pct"] == 30.0
    assert report["outcomes"]["training"]["pct"] == 50.0
    assert report["outcomes"]["unknown"] == {"n": 15, "pct": 50.0, "disclosure": "shown"}


def test_a_small_count_alone_in_its_total_gets_a_partner_labelled_as_protecting():
    report = report_of({"invited": 10, "completed": 30, "active": 60}, {"training": 30})
    assert report["status"]["not_started"]["n"] == "< 11"
    assert report["status"]["completed"]["disclosure"] == "secondary"  # else 100 - 60 - 30 - 0 gives the 10
    assert report["status"]["in_progress"]["pct"] == 60.0


def test_a_small_headline_count_is_withheld_like_any_other_cell():
    report = report_of({"completed": 11, "active": 20}, {"business_creation": 1, "training": 10})
    assert report["enrolled"] == 31
    assert report["outcomes"]["business_creation"] == {"n": "< 11", "pct": "< 11", "disclosure": "small"}


def test_a_programme_under_eleven_people_shows_no_figure():
    report = report_of({"completed": 6, "active": 4}, {"training": 6})
    assert report["enrolled"] == "< 11"
    assert report["status"]["completed"]["n"] == "< 11"
    assert report["outcomes"]["training"]["n"] == "< 11"
    assert report["segments"] == {} and report["testimonials"] == []


def test_a_cell_withheld_to_protect_another_says_so_and_is_never_labelled_small():
    reasons = {"personal": 15, "health": 5, "found_job": 12, "moved": 11, "unreachable": 13, "other": 14}
    report = report_of({"completed": 80, "dropped": 70}, drop_reasons=reasons)
    assert report["drop_reasons"]["health"]["disclosure"] == "small"
    protecting = [f for f in report["drop_reasons"].values() if f["disclosure"] == "secondary"]
    assert protecting and all(f["n"] is None and f["pct"] is None for f in protecting)
    assert report["drop_reasons"]["personal"]["pct"] == 21.4


def test_a_percentage_is_hidden_when_its_denominator_is_hidden():
    rows = [
        ("yes", "completed", "training", 12),
        ("yes", "active", "", 3),
        ("no", "completed", "training", 50),
        ("no", "active", "", 40),
    ]
    report = report_of({"completed": 62, "active": 43}, {"training": 62}, segments={"qpv": rows})
    yes = next(row for row in report["segments"]["qpv"]["rows"] if row["key"] == "yes")
    if not isinstance(yes["enrolled"], int):
        assert all(figure["pct"] in ("< 11", None) for figure in yes["status"].values())


def test_a_breakdown_where_everybody_is_in_one_group_is_not_published():
    rows = [(None, "completed", "training", 20), (None, "active", "", 15)]
    report = report_of({"completed": 20, "active": 15}, {"training": 20}, segments={"gender": rows})
    assert report["segments"]["gender"] == {"withheld": True, "reason": "single_group", "parent": None, "rows": []}


def test_satisfaction_is_published_from_eleven_respondents_with_its_denominators():
    counts = EvaluationCounts(
        eligible=40,
        respondents=36,
        agree={"knows_self_better": 18, "overcame_blocks": 17, "unexpected": 16},
        answered={"knows_self_better": 20, "overcame_blocks": 19, "unexpected": 20},  # not all answer each one
        helped_most={"introspection": 12, "coach": 11, "other": 13, "professionals": 0},
        satisfaction_answered=20,
        satisfaction_sum=85,
        satisfied=17,
        recommend_answered=20,
        promoters=12,
        detractors=3,
    )
    block = report_of({"completed": 40}, evaluations={"hot": counts})["satisfaction"]["hot"]
    assert block["response_rate"] == 90.0
    assert block["knows_self_better"] == {"n": 18, "pct": 90.0, "disclosure": "shown", "answered": 20}
    assert block["overcame_blocks"]["pct"] == 89.5
    assert block["introspection_or_coach"]["n"] == 23 and block["introspection_or_coach"]["pct"] == 63.9
    assert block["helped_most"]["professionals"]["n"] == 0  # nobody: shown
    assert block["satisfaction"]["mean"] == 4.3  # 4.25 rounded half up
    assert block["recommend"]["detractors"]["n"] == "< 11" and block["recommend"]["nps"] is None


def test_satisfaction_from_fewer_than_eleven_respondents_is_not_published():
    counts = EvaluationCounts(
        eligible=40, respondents=7, agree={"knows_self_better": 7}, answered={"knows_self_better": 7}
    )
    block = report_of({"completed": 40}, evaluations={"hot": counts})["satisfaction"]["hot"]
    assert block["withheld"] and block["respondents"] == "< 11"
    assert "knows_self_better" not in block


def test_follow_ups_show_outcomes_over_the_known_situations():
    follow_ups = {"6m": {"eligible": 40, "outcomes": {"employed_durable": 12, "training": 14, "job_seeking": 2}}}
    block = report_of({"completed": 40}, follow_ups=follow_ups)["follow_ups"]["6m"]
    assert (block["known"], block["response_rate"]) == (28, 70.0)
    assert block["outcomes"]["job_seeking"]["n"] == "< 11"
    assert block["outcomes"]["employed"]["disclosure"] in ("shown", "secondary")


def test_medians_are_published_from_eleven_people():
    measures = {"coaching_hours": [3.0] * 6 + [5.5] * 6, "weeks_to_completion": [12.0] * 5}
    report = report_of({"completed": 40}, measures=measures)
    assert report["measures"]["coaching_hours"] == {"n": 12, "median": 4.3}  # (3 + 5.5) / 2 = 4.25, half up
    assert report["measures"]["weeks_to_completion"] == {"n": "< 11", "median": None}


def test_the_cost_per_completed_bilan_needs_a_price():
    from decimal import Decimal

    report = report_of({"completed": 40, "dropped": 20}, measures={}, started=60, price=Decimal("1500"))
    assert report["measures"]["cost_per_completed"]["value"] == 2250.0
    assert report_of({"completed": 40})["measures"]["cost_per_completed"]["value"] is None


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    assert median([1, 2, 3, 10]) == Decimal("2.5")
    assert median([]) is None
