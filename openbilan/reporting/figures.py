"""The programme report, computed from plain counts (pure Python, no Django import).

`build_report(data, labels)` turns the counts the reporting selectors read (GROUP BY in the database) into the
structure the funder's dashboard, the CSV/XLSX exports and `programme_report` share; its JSON form is documented in
docs/REPORTING.md. Percentages are rounded half up to one decimal (Decimal, never binary floats): status shares are
over everyone enrolled, outcome shares over those who completed. Cells from fewer than `minimum` people in any
breakdown are the string "< 11", with secondary suppression (see disclosure.py); the headline figures are shown in
full once the programme has at least `minimum` people enrolled, as in the seed report.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from openbilan.reporting.disclosure import DEFAULT_MINIMUM, Cell, protect_list, protect_table, shown

STATUSES = ("invited", "active", "paused", "completed", "dropped")
# The four groups the seed report shows; in_progress counts active and paused, not_started counts invited.
STATUS_GROUPS = ("completed", "in_progress", "dropped", "not_started")
STATUS_GROUP_OF = {
    "invited": "not_started",
    "active": "in_progress",
    "paused": "in_progress",
    "completed": "completed",
    "dropped": "dropped",
}
OUTCOMES = (
    "employed_durable",
    "employed_transition",
    "training",
    "business_creation",
    "job_seeking",
    "validating_project",
    "other",
)
# Headline outcomes: "employed" (durable + transition) first, then each outcome, then those not known yet.
HEADLINE_OUTCOMES = ("employed", *OUTCOMES, "unknown")
# Breakdowns show "employed" only: showing it next to its two parts would let a hidden part be recovered.
GROUPED_OUTCOMES = (
    "employed",
    "training",
    "business_creation",
    "job_seeking",
    "validating_project",
    "other",
    "unknown",
)
KNOWN_OUTCOME_GROUPS = GROUPED_OUTCOMES[:-1]
DROP_REASONS = ("personal", "health", "found_job", "moved", "unreachable", "other")
FOLLOW_UPS = ("end", "3m", "6m", "12m")
EVALUATION_KINDS = ("hot", "cold")
IMPACT_QUESTIONS = ("knows_self_better", "overcame_blocks", "unexpected")
HELPED_MOST = ("introspection", "coach", "questionnaires", "occupations", "professionals", "other")
SUPPRESSED = "< {minimum}"
ONE_DECIMAL = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` out of `whole` in percent, rounded half up to one decimal (11 of 63 -> 17.5); None when whole is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean(total: int, count: int) -> Decimal | None:
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _number(value: Decimal | None) -> float | None:
    """A Decimal as the JSON number with the same digits (20.6 stays 20.6)."""
    return None if value is None else float(value)


def outcome_group(outcome: str) -> str:
    if outcome in ("employed_durable", "employed_transition"):
        return "employed"
    return outcome if outcome in OUTCOMES else "unknown"


@dataclass
class EvaluationCounts:
    """Counts of one evaluation (hot: at the end, cold: 6 months later), read with one aggregate query."""

    eligible: int = 0
    respondents: int = 0
    agree: dict[str, int] = field(default_factory=dict)  # question -> answers "agree" or "strongly agree"
    answered: dict[str, int] = field(default_factory=dict)  # question -> answers given
    helped_most: dict[str, int] = field(default_factory=dict)
    satisfaction_answered: int = 0
    satisfaction_sum: int = 0
    satisfied: int = 0  # 4 or 5 out of 5
    recommend_answered: int = 0
    promoters: int = 0  # 9 or 10
    detractors: int = 0  # 0 to 6


@dataclass
class ReportData:
    """Everything the report needs, as plain counts. Breakdown rows are (segment value, status, outcome, n)."""

    programme: dict
    statuses: dict[str, int]
    outcomes: dict[str, int]  # latest known outcome of those who completed; "" = not known yet
    drop_reasons: dict[str, int] = field(default_factory=dict)
    follow_ups: dict[str, dict] = field(default_factory=dict)  # moment -> {"eligible": n, "outcomes": {kind: n}}
    evaluations: dict[str, EvaluationCounts] = field(default_factory=dict)
    testimonials: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    segments: dict[str, list[tuple[object, str, str, int]]] = field(default_factory=dict)
    over_time: list[tuple[object, str, str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Labels:
    """Display names, already translated by the caller (this module has no translation machinery)."""

    segments: Mapping[str, str] = field(default_factory=dict)  # dimension -> name
    values: Mapping[str, Mapping[object, str]] = field(default_factory=dict)  # dimension -> value -> name
    unknown: str = "Non renseigné"

    def value(self, dimension: str, value: object) -> str:
        if value in (None, ""):
            return self.unknown
        return str(self.values.get(dimension, {}).get(value, value))


def _figure(cell: Cell, whole: Cell | int | None, minimum: int) -> dict:
    """{"n", "pct"}; both the string "< 11" when the cell or its denominator is hidden."""
    if cell.suppressed:
        text = SUPPRESSED.format(minimum=minimum)
        return {"n": text, "pct": text}
    if isinstance(whole, Cell):
        if whole.suppressed:
            return {"n": cell.value, "pct": SUPPRESSED.format(minimum=minimum)}
        whole = whole.value
    return {"n": cell.value, "pct": _number(percent(cell.value, whole or 0))}


def _hidden_figure(minimum: int) -> dict:
    text = SUPPRESSED.format(minimum=minimum)
    return {"n": text, "pct": text}


def _headline(counts: Mapping[str, int], keys: Sequence[str], whole: int, minimum: int, public: bool) -> dict:
    if not public:
        return {key: _hidden_figure(minimum) for key in keys}
    return {key: _figure(shown(counts.get(key, 0), minimum), whole, minimum) for key in keys}


def _status_groups(statuses: Mapping[str, int]) -> dict[str, int]:
    groups = dict.fromkeys(STATUS_GROUPS, 0)
    for status, n in statuses.items():
        groups[STATUS_GROUP_OF[status]] += n
    return groups


def _outcome_counts(outcomes: Mapping[str, int], completed: int) -> dict[str, int]:
    """Headline outcome counts; those who completed without a known outcome yet are "unknown"."""
    counts = dict.fromkeys(HEADLINE_OUTCOMES, 0)
    for outcome, n in outcomes.items():
        if outcome in OUTCOMES:
            counts[outcome] += n
            if outcome_group(outcome) == "employed":
                counts["employed"] += n
    counts["unknown"] = max(completed - sum(counts[outcome] for outcome in OUTCOMES), 0)
    return counts


def _breakdown(
    rows: Sequence[tuple[object, str, str, int]],
    order: Sequence[object],
    dimension: str,
    labels: Labels,
    minimum: int,
) -> dict:
    """Status by segment (over the segment's enrolled) and outcome by segment (over its completers), with primary
    and secondary suppression. The two tables share a margin (the completers of each segment): a hidden one in
    either table is hidden in the other, until both agree."""
    keys = list(order)
    for value, _status, _outcome, _n in rows:
        if value not in keys:
            keys.append(value)
    index = {value: i for i, value in enumerate(keys)}
    status_body = [[0] * len(STATUS_GROUPS) for _ in keys]
    outcome_body = [[0] * len(GROUPED_OUTCOMES) for _ in keys]
    for value, status, outcome, n in rows:
        status_body[index[value]][STATUS_GROUPS.index(STATUS_GROUP_OF[status])] += n
        if status == "completed":
            outcome_body[index[value]][GROUPED_OUTCOMES.index(outcome_group(outcome))] += n
    # Rows nobody is in are left out: an empty row tells nothing and would only force more cells hidden.
    kept = [i for i, row in enumerate(status_body) if sum(row) > 0]
    keys = [keys[i] for i in kept]
    status_body = [status_body[i] for i in kept]
    outcome_body = [outcome_body[i] for i in kept]
    completed_column = STATUS_GROUPS.index("completed")
    n_outcomes = len(GROUPED_OUTCOMES)

    status_forced: set[tuple[int, int]] = set()
    outcome_forced: set[tuple[int, int]] = set()
    while True:
        status_table = protect_table(status_body, minimum=minimum, forced=status_forced)
        outcome_forced |= {
            (i, n_outcomes) for i in range(len(keys)) if status_table.cell(i, completed_column).suppressed
        }
        outcome_table = protect_table(outcome_body, minimum=minimum, forced=outcome_forced)
        more = {(i, completed_column) for i in range(len(keys)) if outcome_table.row_total(i).suppressed}
        if more <= status_forced:
            break
        status_forced |= more

    withheld = status_table.withheld or outcome_table.withheld
    result_rows = []
    for i, value in enumerate(keys):
        enrolled = status_table.row_total(i)
        completed = outcome_table.row_total(i)
        status = {group: _figure(status_table.cell(i, j), enrolled, minimum) for j, group in enumerate(STATUS_GROUPS)}
        outcomes = {
            group: _figure(outcome_table.cell(i, j), completed, minimum) for j, group in enumerate(GROUPED_OUTCOMES)
        }
        result_rows.append(
            {
                "key": "" if value is None else value,
                "label": labels.value(dimension, value),
                "enrolled": enrolled.shown,
                "completed": completed.shown,
                "status": status,
                "outcomes": outcomes,
            }
        )
    if withheld:
        result_rows = []
    return {"label": str(labels.segments.get(dimension, dimension)), "withheld": withheld, "rows": result_rows}


def _evaluation(counts: EvaluationCounts, minimum: int, public: bool) -> dict:
    respondents = counts.respondents
    if not public:
        hidden_text = SUPPRESSED.format(minimum=minimum)
        return {"eligible": hidden_text, "respondents": hidden_text, "response_rate": None, "suppressed": True}
    block = {
        "eligible": counts.eligible,
        "respondents": respondents if respondents >= minimum else SUPPRESSED.format(minimum=minimum),
        "response_rate": _number(percent(respondents, counts.eligible)) if respondents >= minimum else None,
    }
    if respondents < minimum:
        block["suppressed"] = True
        return block
    block["suppressed"] = False
    for question in IMPACT_QUESTIONS:
        answered = counts.answered.get(question, 0)
        agree = counts.agree.get(question, 0)
        block[question] = {"n": agree, "answered": answered, "pct": _number(percent(agree, answered))}
    helped_answered = sum(counts.helped_most.values())
    block["helped_most"] = {
        key: {
            "n": counts.helped_most.get(key, 0),
            "pct": _number(percent(counts.helped_most.get(key, 0), helped_answered)),
        }
        for key in HELPED_MOST
    }
    introspection_or_coach = counts.helped_most.get("introspection", 0) + counts.helped_most.get("coach", 0)
    block["introspection_or_coach"] = {
        "n": introspection_or_coach,
        "answered": helped_answered,
        "pct": _number(percent(introspection_or_coach, helped_answered)),
    }
    block["satisfaction"] = {
        "answered": counts.satisfaction_answered,
        "mean": _number(mean(counts.satisfaction_sum, counts.satisfaction_answered)),
        "satisfied": {
            "n": counts.satisfied,
            "pct": _number(percent(counts.satisfied, counts.satisfaction_answered)),
        },
    }
    promoters = percent(counts.promoters, counts.recommend_answered)
    detractors = percent(counts.detractors, counts.recommend_answered)
    nps = None
    if counts.recommend_answered:
        nps = (Decimal(counts.promoters - counts.detractors) * 100 / counts.recommend_answered).quantize(
            ONE_DECIMAL, rounding=ROUND_HALF_UP
        )
    block["recommend"] = {
        "answered": counts.recommend_answered,
        "nps": _number(nps),
        "promoters": {"n": counts.promoters, "pct": _number(promoters)},
        "detractors": {"n": counts.detractors, "pct": _number(detractors)},
    }
    return block


def _follow_up(block: Mapping, minimum: int, public: bool) -> dict:
    outcomes = block.get("outcomes", {})
    known = sum(outcomes.values())
    eligible = block.get("eligible", 0)
    if not public or known < minimum:
        return {
            "eligible": eligible if public else SUPPRESSED.format(minimum=minimum),
            "known": known if public and known >= minimum else SUPPRESSED.format(minimum=minimum),
            "response_rate": None,
            "suppressed": True,
            "outcomes": {},
        }
    groups = KNOWN_OUTCOME_GROUPS
    counts = [sum(n for kind, n in outcomes.items() if outcome_group(kind) == group) for group in groups]
    cells, _total = protect_list(counts, minimum=minimum)
    return {
        "eligible": eligible,
        "known": known,
        "response_rate": _number(percent(known, eligible)),
        "suppressed": False,
        "outcomes": {group: _figure(cell, known, minimum) for group, cell in zip(groups, cells, strict=True)},
    }


def build_report(
    data: ReportData,
    labels: Labels,
    *,
    minimum: int = DEFAULT_MINIMUM,
    today: datetime.date | None = None,
    segment_orders: Mapping[str, Sequence[object]] | None = None,
) -> dict:
    """The report as plain JSON-ready data (docs/REPORTING.md)."""
    segment_orders = segment_orders or {}
    statuses = {status: data.statuses.get(status, 0) for status in STATUSES}
    enrolled = sum(statuses.values())
    public = enrolled >= minimum
    groups = _status_groups(statuses)
    completed = groups["completed"]
    outcome_counts = _outcome_counts(data.outcomes, completed)
    hidden_text = SUPPRESSED.format(minimum=minimum)

    report = {
        "format": "openbilan-programme-report/1",
        **data.programme,
        "generated_on": (today or datetime.date.today()).isoformat(),
        "minimum_cell": minimum,
        "headline_published": public,
        "enrolled": enrolled if public else hidden_text,
        "status": _headline(groups, STATUS_GROUPS, enrolled, minimum, public),
        "status_detail": _headline(statuses, STATUSES, enrolled, minimum, public),
        "completed": completed if public else hidden_text,
        "outcomes": _headline(outcome_counts, HEADLINE_OUTCOMES, completed, minimum, public),
    }
    dropped = groups["dropped"]
    if public:
        cells, _total = protect_list([data.drop_reasons.get(reason, 0) for reason in DROP_REASONS], minimum=minimum)
        report["drop_reasons"] = {
            reason: _figure(cell, dropped, minimum) for reason, cell in zip(DROP_REASONS, cells, strict=True)
        }
    else:
        report["drop_reasons"] = {reason: _hidden_figure(minimum) for reason in DROP_REASONS}
    report["follow_ups"] = {
        moment: _follow_up(data.follow_ups.get(moment, {}), minimum, public) for moment in FOLLOW_UPS
    }
    report["satisfaction"] = {
        kind: _evaluation(data.evaluations.get(kind, EvaluationCounts()), minimum, public) for kind in EVALUATION_KINDS
    }
    report["testimonials"] = [{"kind": kind, "text": text} for kind, text in data.testimonials] if public else []
    report["segments"] = {}
    report["over_time"] = None
    if public:
        for dimension, rows in data.segments.items():
            report["segments"][dimension] = _breakdown(
                rows, segment_orders.get(dimension, ()), dimension, labels, minimum
            )
        if data.over_time:
            order = sorted({row[0] for row in data.over_time if row[0] is not None})
            report["over_time"] = _breakdown(data.over_time, order, "quarter", labels, minimum)
    return report
