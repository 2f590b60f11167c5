"""`manage.py score_responses` on small files whose scores are computed by hand."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openbilan.assessments import batch, definitions

FIXTURES = Path(__file__).parent / "fixtures"


def run(slug, source, tmp_path):
    scores, report = tmp_path / "scores.csv", tmp_path / "rel.json"
    out = io.StringIO()
    call_command("score_responses", slug, str(source), output=str(scores), reliability_json=str(report), stdout=out)
    with open(scores, encoding="utf-8", newline="") as handle:
        rows = {row["respondent_id"]: row for row in csv.DictReader(handle)}
    return rows, json.loads(report.read_text(encoding="utf-8")), out.getvalue()


def test_scores_one_row_per_valid_respondent_with_raw_mean_and_0_100(tmp_path):
    rows, _, _ = run("riasec-markers-48", FIXTURES / "riasec_small.csv", tmp_path)
    assert list(rows) == ["p1", "p2", "p3"]
    p1 = rows["p1"]
    # p1 answers 1 to every R item, 2 to I, 3 to A, 4 to S, 5 to E, 3 to C
    assert [p1[f"{letter}_raw"] for letter in "RIASEC"] == ["8", "16", "24", "32", "40", "24"]
    assert [p1[f"{letter}_score"] for letter in "RIASEC"] == ["0.00", "25.00", "50.00", "75.00", "100.00", "50.00"]
    # p2: R1 = 5, the other seven R items 3 -> raw 26, mean 3.25, score 56.25
    assert (rows["p2"]["R_raw"], rows["p2"]["R_mean"], rows["p2"]["R_score"]) == ("26", "3.2500", "56.25")


def test_rows_with_missing_or_out_of_range_answers_are_excluded_and_counted(tmp_path):
    _, report, out = run("riasec-markers-48", FIXTURES / "riasec_small.csv", tmp_path)
    # p4 has an empty cell; p5 a 6, p6 a "3.0" and p7 a 0 are out of range: none is coerced
    assert (report["n"], report["excluded"]) == (3, 4)
    assert "1 missing, 3 out of range" in out


def test_report_has_the_documented_shape(tmp_path):
    _, report, _ = run("riasec-markers-48", FIXTURES / "riasec_small.csv", tmp_path)
    assert set(report) == {"instrument", "version", "n", "excluded", "scales"}
    assert (report["instrument"], report["version"]) == (
        "riasec-markers-48",
        definitions.shipped_instrument("riasec-markers-48").version,
    )
    assert list(report["scales"]) == list("RIASEC")
    assert set(report["scales"]["R"]) == {"n", "mean", "sd", "alpha", "omega", "sem"}
    # R scores of p1, p2, p3: 0, 56.25, 50 -> mean 35.42
    assert report["scales"]["R"]["mean"] == pytest.approx((0 + 56.25 + 50) / 3, abs=1e-4)


def test_reverse_keyed_items_are_reversed(tmp_path):
    rows, _, _ = run("ipip-bigfive-50", FIXTURES / "bigfive_all_fives.csv", tmp_path)
    # all answers 5: EXT has 5 minus-keyed items (scored 1) -> 25 + 5 = 30; EST has 8 -> 2*5 + 8*1 = 18
    assert (rows["x1"]["EXT_raw"], rows["x1"]["EST_raw"], rows["x1"]["OPN_raw"]) == ("30", "18", "38")


def test_semicolon_files_without_ids_are_numbered_by_row(tmp_path):
    rows, report, _ = run("riasec-markers-48", FIXTURES / "riasec_semicolon_no_ids.csv", tmp_path)
    assert list(rows) == ["1", "2"]
    assert rows["1"]["S_score"] == "100.00" and rows["1"]["R_score"] == "0.00"
    assert report["n"] == 2


@pytest.mark.parametrize(
    ("slug", "source", "message"),
    [
        ("riasec-48", "riasec_small.csv", "Unknown instrument"),
        ("work-values", "riasec_small.csv", "Unknown instrument"),
        ("riasec-markers-48", "wrong_columns.csv", "48 item column"),
        ("ipip-bigfive-50", "riasec_small.csv", "columns do not match"),
        ("riasec-markers-48", "does-not-exist.csv", "cannot read"),
    ],
)
def test_bad_input_ends_with_a_clear_error_and_exit_code_2(tmp_path, slug, source, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command(
            "score_responses",
            slug,
            str(FIXTURES / source),
            output=str(tmp_path / "s.csv"),
            reliability_json=str(tmp_path / "r.json"),
        )
    assert error.value.returncode == 2


def test_a_binary_file_is_refused(tmp_path):
    source = tmp_path / "binary.csv"
    source.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(batch.BatchError):
        batch.score_file(definitions.shipped_instrument("riasec-markers-48"), source)


def test_an_empty_file_is_refused(tmp_path):
    source = tmp_path / "empty.csv"
    source.write_text("", encoding="utf-8")
    with pytest.raises(batch.BatchError, match="empty"):
        batch.score_file(definitions.shipped_instrument("riasec-markers-48"), source)


def test_duplicate_columns_are_refused(tmp_path):
    source = tmp_path / "dup.csv"
    ids = definitions.shipped_instrument("riasec-markers-48").item_ids
    source.write_text(",".join([*ids, "R1"]) + "\n", encoding="utf-8")
    with pytest.raises(batch.BatchError, match="twice"):
        batch.score_file(definitions.shipped_instrument("riasec-markers-48"), source)


def test_reliability_of_a_large_simulated_file_is_plausible(tmp_path):
    from bench.bench_scoring import write_sample_file

    source = tmp_path / "sim.csv"
    write_sample_file(source, "riasec-markers-48", rows=2000, seed=5)
    _, report, _ = run("riasec-markers-48", source, tmp_path)
    assert report["n"] + report["excluded"] == 2000 and report["excluded"] == 20
    for scale in report["scales"].values():
        # 8 parallel-ish items with loading 0.7 before rounding: about 0.87
        assert 0.82 < scale["alpha"] < 0.91 and abs(scale["omega"] - scale["alpha"]) < 0.02
        assert scale["sem"] == pytest.approx(scale["sd"] * (1 - scale["omega"]) ** 0.5, abs=0.01)


def test_a_respondent_id_written_like_a_formula_comes_out_neutralised(tmp_path):
    """Issue 16, finding 8: the scores file opens in a spreadsheet; an id taken from the input must not run."""
    lines = (FIXTURES / "riasec_small.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = '"=HYPERLINK(""https://evil.example"")"' + lines[1][len("p1") :]
    lines[2] = "@SUM(1)" + lines[2][len("p2") :]
    source = tmp_path / "hostile.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, _, _ = run("riasec-markers-48", source, tmp_path)
    assert list(rows)[:2] == ['\'=HYPERLINK("https://evil.example")', "'@SUM(1)"]
    assert rows["'@SUM(1)"]["R_raw"] == "26"  # numbers stay numbers
