"""The programme report, computed from plain counts (pure Python, no Django import).

`build_report(data)` turns the counts the reporting selectors read (GROUP BY in the database) into the publication a
funder receives: every table protected jointly by `disclosure` (docs/REPORTING.md), with codes only (the web layer
adds the names in the reader's language). Percentages are rounded half up to one decimal (Decimal, never binary
floats): status shares over everyone enrolled, outcome shares over those who completed.

How the tables are protected together:
1. The headline (status with its detail, outcomes at the end of the bilan with "employed" split in two, drop reasons)
   is one block.
2. Each breakdown is one block whose total row is the headline: a row's status groups add up to its enrolled, its
   outcomes to its completed, its rows (prescribers within their network, ...) to their parent row and the top rows
   to the headline. The headline's cells are fixed there: a withheld one stays withheld and is protected again.
   Breakdowns share no cell but the headline, and the people of one breakdown can be split in any way across another
   one, so what one breakdown tells about another goes through the headline only: protecting each breakdown as if the
   headline were entirely known protects them all together (the property tests check it, as an attacker would).
3. Follow-ups at 3, 6 and 12 months, each evaluation, and the occupations reached are blocks of their own.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from openbilan.reporting.disclosure import DEFAULT_MINIMUM, SHOWN, SMALL, Block, Protection, audit, protect

FORMAT = "openbilan-programme-report/2"
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
# Breakdowns show "employed" only.
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
LATER_OUTCOME_GROUPS = ("employed", "training", "business_creation", "job_seeking", "other")
DROP_REASONS = ("personal", "health", "found_job", "moved", "unreachable", "other")
FOLLOW_UPS = ("3m", "6m", "12m")
EVALUATION_KINDS = ("hot", "cold")
# The pilot report's four statements: the first three are agreements, the fourth the answer "what helped most".
IMPACT_QUESTIONS = ("knows_self_better", "overcame_blocks", "unexpected")
STATEMENTS = (*IMPACT_QUESTIONS, "introspection_or_coach")
HELPED_MOST = ("introspection", "coach", "questionnaires", "occupations", "professionals", "other")
MEASURES = ("coaching_hours", "days_to_first_appointment", "weeks_to_completion")
OCCUPATION_GROUPS = ("employed", "training")
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` out of `whole` in percent, rounded half up to one decimal (11 of 63 -> 17.5); None when whole is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean(total: int, count: int) -> Decimal | None:
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def median(values: Sequence[float]) -> Decimal | None:
    """The median, rounded half up to one decimal (the mean of the two middle values for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


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
class Dimension:
    """One breakdown: rows (segment value, status, outcome at the end of the bilan, n), and, for a finer split of
    another breakdown (prescriber within network), the parent breakdown's name and each value's parent value."""

    rows: list[tuple[object, str, str, int]]
    parent: str | None = None
    parent_of: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)  # names that are data (organisations), frozen with the publication


@dataclass
class ReportData:
    """Everything the report needs, as plain counts."""

    programme: dict
    statuses: dict[str, int]
    end_outcomes: dict[str, int] = field(default_factory=dict)  # kind -> n, among those who completed
    drop_reasons: dict[str, int] = field(default_factory=dict)
    follow_ups: dict[str, dict] = field(default_factory=dict)  # moment -> {"eligible": n, "outcomes": {kind: n}}
    evaluations: dict[str, EvaluationCounts] = field(default_factory=dict)
    testimonials: list[tuple[int, str, str]] = field(default_factory=list)  # (evaluation id, kind, text)
    segments: dict[str, Dimension] = field(default_factory=dict)
    over_time: Dimension | None = None
    measures: dict[str, list[float]] = field(default_factory=dict)  # measure -> one value per person
    started: int = 0  # accepted the bilan (every status but invited), for the cost per completed bilan
    price: Decimal | None = None  # per person, where the programme has one
    occupations: list[tuple[str, str, int]] = field(default_factory=list)  # (outcome group, ROME code, n)


# --- Figures as the funder reads them -----------------------------------------------------------------------------


def figure(protection: Protection, block: Block, key, whole_key=None, minimum: int = DEFAULT_MINIMUM) -> dict:
    """{"n", "pct", "disclosure"}: the count and its share of `whole_key` when both are shown; a small count is the
    string "< 11", a cell withheld to protect another is null (its "disclosure" says which)."""
    cell = protection.cell(key, block.values, minimum)
    if cell.suppressed:
        small = cell.reason == SMALL
        text = f"< {minimum}" if small else None
        return {"n": text, "pct": text, "disclosure": cell.reason}
    pct = None
    if whole_key is not None:
        whole = protection.cell(whole_key, block.values, minimum)
        if not whole.suppressed:
            pct = _number(percent(cell.value, whole.value))
    return {"n": cell.value, "pct": pct, "disclosure": SHOWN}


def count(protection: Protection, block: Block, key, minimum: int) -> int | str | None:
    cell = protection.cell(key, block.values, minimum)
    if not cell.suppressed:
        return cell.value
    return f"< {minimum}" if cell.reason == SMALL else None


# --- The headline -------------------------------------------------------------------------------------------------


def headline_block(data: ReportData, forced=()) -> Block:
    statuses = {status: data.statuses.get(status, 0) for status in STATUSES}
    groups = dict.fromkeys(STATUS_GROUPS, 0)
    for status, n in statuses.items():
        groups[STATUS_GROUP_OF[status]] += n
    completed = groups["completed"]
    outcomes = {kind: data.end_outcomes.get(kind, 0) for kind in OUTCOMES}
    known = sum(outcomes.values())
    if known > completed:
        raise ValueError("More outcomes at the end of the bilan than people who completed it.")
    block = Block()
    block.add(("h", "enrolled"), sum(groups.values()))
    for group in STATUS_GROUPS:
        block.add(("h", group), groups[group])
    block.equation(("h", "enrolled"), [("h", group) for group in STATUS_GROUPS])
    for status in ("active", "paused"):
        block.add(("h", status), statuses[status])
    block.equation(("h", "in_progress"), [("h", "active"), ("h", "paused")])
    drops = [data.drop_reasons.get(reason, 0) for reason in DROP_REASONS]
    if sum(drops) != groups["dropped"]:
        raise ValueError("The drop reasons do not add up to those who dropped.")
    for reason, n in zip(DROP_REASONS, drops, strict=True):
        block.add(("h", "drop", reason), n)
    block.equation(("h", "dropped"), [("h", "drop", reason) for reason in DROP_REASONS])
    block.add(("h", "employed"), outcomes["employed_durable"] + outcomes["employed_transition"])
    for kind in OUTCOMES:
        if outcome_group(kind) != "employed":
            block.add(("h", kind), outcomes[kind])
    block.add(("h", "employed_durable"), outcomes["employed_durable"])
    block.add(("h", "employed_transition"), outcomes["employed_transition"])
    block.add(("h", "unknown"), completed - known)
    block.equation(("h", "employed"), [("h", "employed_durable"), ("h", "employed_transition")])
    block.equation(("h", "completed"), [("h", group) for group in GROUPED_OUTCOMES])
    block.forced.update(forced)
    return block


# --- Breakdowns ---------------------------------------------------------------------------------------------------


class Escalation(Exception):
    """A breakdown cannot be protected while these headline cells are shown: the headline is protected again with
    them withheld, and every breakdown after it."""

    def __init__(self, cells):
        super().__init__(cells)
        self.cells = set(cells)


BREAKDOWN_COLUMNS = ("enrolled", *STATUS_GROUPS, *GROUPED_OUTCOMES)


def _row_counts(rows) -> dict[object, dict[str, int]]:
    counts: dict[object, dict[str, int]] = {}
    for value, status, outcome, n in rows:
        row = counts.setdefault(value, dict.fromkeys(BREAKDOWN_COLUMNS, 0))
        row["enrolled"] += n
        row[STATUS_GROUP_OF[status]] += n
        if status == "completed":
            row[outcome_group(outcome)] += n
    return counts


def _order(keys, order: Sequence) -> list:
    """Known values in their natural order, then the others (sorted), then unknown ("")."""
    known = [key for key in order if key in keys]
    rest = sorted((key for key in keys if key not in order and key not in (None, "")), key=str)
    return known + rest + [key for key in (None, "") if key in keys]


def breakdown_block(
    headline: Block, protection: Protection, levels: list[tuple[str, dict[object, dict[str, int]], dict]]
) -> Block:
    """The block of one breakdown (or a breakdown and its finer split): levels from the coarsest, each with its
    row counts and the parent of each row in the level above (none for the first level)."""
    block = Block()
    for column in BREAKDOWN_COLUMNS:
        key = ("h", column)
        block.add(key, headline.values[key])
        block.fixed[key] = protection.status[key]
    for depth, (name, counts, parent_of) in enumerate(levels):
        for value, row in counts.items():
            for column in BREAKDOWN_COLUMNS:
                block.add((name, value, column), row[column])
            block.equation((name, value, "enrolled"), [(name, value, group) for group in STATUS_GROUPS])
            block.equation((name, value, "completed"), [(name, value, group) for group in GROUPED_OUTCOMES])
        for column in BREAKDOWN_COLUMNS:
            if depth == 0:
                block.equation(("h", column), [(name, value, column) for value in counts])
                continue
            parent_name = levels[depth - 1][0]
            children: dict[object, list] = {}
            for value in counts:
                children.setdefault(parent_of.get(value), []).append((name, value, column))
            for parent, keys in children.items():
                block.equation((parent_name, parent, column), keys)
    return block


def _breakdown_rows(block, protection, name, keys, minimum, parent_of=None, names=None) -> list[dict]:
    rows = []
    for value in keys:
        rows.append(
            {
                "key": "" if value is None else value,
                "parent": None if parent_of is None else ("" if parent_of.get(value) is None else parent_of[value]),
                "name": (names or {}).get(value),
                "enrolled": count(protection, block, (name, value, "enrolled"), minimum),
                "completed": count(protection, block, (name, value, "completed"), minimum),
                "status": {
                    group: figure(protection, block, (name, value, group), (name, value, "enrolled"), minimum)
                    for group in STATUS_GROUPS
                },
                "outcomes": {
                    group: figure(protection, block, (name, value, group), (name, value, "completed"), minimum)
                    for group in GROUPED_OUTCOMES
                },
            }
        )
    return rows


def _breakdowns(data, headline, protection, minimum, orders, protected=None) -> dict[str, dict]:
    """Every breakdown; a finer split is protected in the same block as its parent breakdown. `protected` collects
    (names, block, protection) for the joint check."""
    result: dict[str, dict] = {}
    withheld_names = set(orders.get("__withheld__", ()))
    children = {name: dim for name, dim in data.segments.items() if dim.parent in data.segments}
    for name, dimension in data.segments.items():
        if name in children:
            continue
        counts = _row_counts(dimension.rows)
        levels = [(name, counts, {})]
        finer = [(child, dim) for child, dim in children.items() if dim.parent == name]
        for child, dim in finer:
            levels.append((child, _row_counts(dim.rows), dim.parent_of))
        published = [counts for _name, counts, _parent in levels]
        if sum(1 for row in counts.values() if row["enrolled"]) < 2:
            # One group holds everybody (a field not filled in yet): there is nothing to split.
            for level_name, _counts, _parent in levels:
                result[level_name] = {"withheld": True, "reason": "single_group", "parent": None, "rows": []}
            continue
        block = breakdown_block(headline, protection, levels)
        if name in withheld_names:
            table = Protection(status={}, withheld=True)
        else:
            table = protect(block, minimum=minimum, may_escalate=True)
        if table.escalate:
            raise Escalation(table.escalate)
        if protected is not None and not table.withheld:
            protected.append((name, block, table))
        for (level_name, level_counts, parent_of), _counts in zip(levels, published, strict=True):
            keys = _order(level_counts.keys(), orders.get(level_name, ()))
            dim = data.segments[level_name]
            result[level_name] = {
                "withheld": table.withheld,
                "reason": "no_safe_pattern" if table.withheld else "",
                "parent": dim.parent if level_name != name else None,
                "rows": []
                if table.withheld
                else _breakdown_rows(
                    block,
                    table,
                    level_name,
                    keys,
                    minimum,
                    parent_of if level_name != name else None,
                    dim.names,
                ),
            }
    return result


# --- Follow-ups, evaluations, occupations, measures ---------------------------------------------------------------


def _follow_up(moment: str, counts: Mapping, minimum: int) -> dict:
    outcomes = counts.get("outcomes", {})
    groups = dict.fromkeys(LATER_OUTCOME_GROUPS, 0)
    for kind, n in outcomes.items():
        group = outcome_group(kind)
        groups[group if group in groups else "other"] += n
    known = sum(groups.values())
    eligible = counts.get("eligible", 0)
    block = Block()
    block.add("eligible", eligible)
    block.add("known", known)
    for group, n in groups.items():
        block.add(group, n)
    block.equation("known", list(groups))
    protection = protect(block, minimum=minimum)
    withheld = protection.withheld or protection.status["known"] != SHOWN
    shown_both = not withheld and protection.status["eligible"] == SHOWN
    return {
        "eligible": count(protection, block, "eligible", minimum),
        "known": count(protection, block, "known", minimum),
        "response_rate": _number(percent(known, eligible)) if shown_both else None,
        "withheld": withheld,
        "outcomes": {}
        if withheld
        else {group: figure(protection, block, group, "known", minimum) for group in LATER_OUTCOME_GROUPS},
    }


def _evaluation(counts: EvaluationCounts, minimum: int) -> dict:
    block = Block()
    block.add("eligible", counts.eligible)
    block.add("respondents", counts.respondents)
    for question in IMPACT_QUESTIONS:
        block.add(("answered", question), counts.answered.get(question, 0))
        block.add(("agree", question), counts.agree.get(question, 0))
    helped = {key: counts.helped_most.get(key, 0) for key in HELPED_MOST}
    block.add(("answered", "introspection_or_coach"), sum(helped.values()))
    for key, n in helped.items():
        block.add(("helped", key), n)
    block.add(("agree", "introspection_or_coach"), helped["introspection"] + helped["coach"])
    block.equation(("answered", "introspection_or_coach"), [("helped", key) for key in HELPED_MOST])
    block.equation(("agree", "introspection_or_coach"), [("helped", "introspection"), ("helped", "coach")])
    block.add("satisfaction_answered", counts.satisfaction_answered)
    block.add("satisfied", counts.satisfied)
    block.add("recommend_answered", counts.recommend_answered)
    block.add("promoters", counts.promoters)
    block.add("detractors", counts.detractors)
    protection = protect(block, minimum=minimum)
    respondents = count(protection, block, "respondents", minimum)
    withheld = protection.withheld or protection.status["respondents"] != SHOWN
    result = {
        "eligible": count(protection, block, "eligible", minimum),
        "respondents": respondents,
        "response_rate": None,
        "withheld": withheld,
        "suppressed": withheld,  # the name of format 1, kept for its readers
    }
    if withheld:
        return result
    if protection.status["eligible"] == SHOWN:
        result["response_rate"] = _number(percent(counts.respondents, counts.eligible))
    for question in STATEMENTS:
        agree = figure(protection, block, ("agree", question), ("answered", question), minimum)
        agree["answered"] = count(protection, block, ("answered", question), minimum)
        result[question] = agree
    result["helped_most"] = {
        key: figure(protection, block, ("helped", key), ("answered", "introspection_or_coach"), minimum)
        for key in HELPED_MOST
    }
    satisfied = figure(protection, block, "satisfied", "satisfaction_answered", minimum)
    answered_shown = protection.status["satisfaction_answered"] == SHOWN
    result["satisfaction"] = {
        "answered": count(protection, block, "satisfaction_answered", minimum),
        "mean": _number(mean(counts.satisfaction_sum, counts.satisfaction_answered)) if answered_shown else None,
        "satisfied": satisfied,
    }
    recommend_shown = protection.status["recommend_answered"] == SHOWN
    nps = None
    if recommend_shown and counts.recommend_answered:
        nps = (Decimal(counts.promoters - counts.detractors) * 100 / counts.recommend_answered).quantize(
            ONE_DECIMAL, rounding=ROUND_HALF_UP
        )
    result["recommend"] = {
        "answered": count(protection, block, "recommend_answered", minimum),
        "nps": _number(nps) if all(protection.status[k] == SHOWN for k in ("promoters", "detractors")) else None,
        "promoters": figure(protection, block, "promoters", "recommend_answered", minimum),
        "detractors": figure(protection, block, "detractors", "recommend_answered", minimum),
    }
    return result


def _occupations(rows: Sequence[tuple[str, str, int]], minimum: int) -> dict:
    """The occupations reached at the end of the bilan (ROME codes of employment and training), by professional
    domain (the code's letter) and by occupation, protected together; only shown occupations are named."""
    block = Block()
    tree: dict[str, dict[str, dict[str, int]]] = {group: {} for group in OCCUPATION_GROUPS}
    for group, code, n in rows:
        if group in tree and code:
            tree[group].setdefault(code[0].upper(), {})
            tree[group][code[0].upper()][code.upper()] = tree[group][code[0].upper()].get(code.upper(), 0) + n
    for group, domains in tree.items():
        block.add((group,), sum(sum(codes.values()) for codes in domains.values()))
        for domain, codes in sorted(domains.items()):
            block.add((group, domain), sum(codes.values()))
            for code, n in sorted(codes.items()):
                block.add((group, domain, code), n)
            block.equation((group, domain), [(group, domain, code) for code in sorted(codes)])
        block.equation((group,), [(group, domain) for domain in sorted(domains)])
    protection = protect(block, minimum=minimum)
    result = {}
    for group, domains in tree.items():
        result[group] = {
            "total": figure(protection, block, (group,), None, minimum),
            "domains": [
                {
                    "code": domain,
                    **figure(protection, block, (group, domain), (group,), minimum),
                    "occupations": [
                        {"code": code, **figure(protection, block, (group, domain, code), (group,), minimum)}
                        for code in sorted(codes)
                        if not protection.withheld and protection.status[(group, domain, code)] == SHOWN
                    ],
                }
                for domain, codes in sorted(domains.items())
            ],
        }
    return result


def _measures(data: ReportData, headline: Block, protection: Protection, minimum: int) -> dict:
    result = {}
    for name in MEASURES:
        values = data.measures.get(name, [])
        shown_n = len(values) >= minimum
        result[name] = {
            "n": len(values) if shown_n else f"< {minimum}",
            "median": _number(median(values)) if shown_n else None,
        }
    completed = protection.cell(("h", "completed"), headline.values, minimum)
    cost = None
    if data.price is not None and not completed.suppressed and completed.value and data.started >= minimum:
        cost = (Decimal(data.price) * data.started / completed.value).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)
    result["cost_per_completed"] = {
        "price": _number(Decimal(data.price)) if data.price is not None else None,
        "started": data.started if data.started >= minimum else f"< {minimum}",
        "value": _number(cost),
    }
    return result


# --- The report -----------------------------------------------------------------------------------------------------


def build_report(
    data: ReportData,
    *,
    minimum: int = DEFAULT_MINIMUM,
    today: datetime.date | None = None,
    segment_orders: Mapping[str, Sequence[object]] | None = None,
) -> dict:
    """The publication as plain JSON-ready data, codes only (docs/REPORTING.md)."""
    segment_orders = segment_orders or {}
    as_of = (today or datetime.date.today()).isoformat()
    forced: set = set()
    orders = dict(segment_orders)
    while True:
        try:
            return _build(data, minimum, as_of, orders, forced)
        except Escalation as escalation:
            if escalation.cells <= forced:
                raise
            forced |= escalation.cells
        except Withhold as withhold:
            withheld = set(orders.get("__withheld__", ()))
            if withhold.name is None or withhold.name in withheld:
                raise
            orders["__withheld__"] = (*withheld, withhold.name)


def _build(data, minimum, as_of, segment_orders, forced) -> dict:
    headline = headline_block(data, forced)
    enrolled = headline.values[("h", "enrolled")]
    public = enrolled >= minimum
    protection = protect(headline, minimum=minimum) if public else Protection(status={}, withheld=True)

    def fig(key, whole):
        return figure(protection, headline, ("h", *key), ("h", whole) if whole else None, minimum)

    report = {
        "format": FORMAT,
        **data.programme,
        "as_of": as_of,
        "generated_on": as_of,
        "minimum_cell": minimum,
        "headline_published": public,
        "enrolled": count(protection, headline, ("h", "enrolled"), minimum),
        "status": {group: fig((group,), "enrolled") for group in STATUS_GROUPS},
        "status_detail": {
            status: fig((status if status not in ("invited",) else "not_started",), "enrolled") for status in STATUSES
        },
        "completed": count(protection, headline, ("h", "completed"), minimum),
        "outcomes": {kind: fig((kind,), "completed") for kind in HEADLINE_OUTCOMES},
        "drop_reasons": {reason: fig(("drop", reason), "dropped") for reason in DROP_REASONS},
        "follow_ups": {},
        "satisfaction": {},
        "testimonials": [],
        "measures": {},
        "occupations": {},
        "segments": {},
        "over_time": None,
    }
    if not public:
        report["enrolled"] = f"< {minimum}"
        hidden = {"eligible": f"< {minimum}", "respondents": f"< {minimum}", "response_rate": None}
        report["satisfaction"] = {kind: {**hidden, "withheld": True, "suppressed": True} for kind in EVALUATION_KINDS}
        return report
    report["follow_ups"] = {
        moment: _follow_up(moment, data.follow_ups.get(moment, {}), minimum) for moment in FOLLOW_UPS
    }
    report["satisfaction"] = {
        kind: _evaluation(data.evaluations.get(kind, EvaluationCounts()), minimum) for kind in EVALUATION_KINDS
    }
    report["testimonials"] = [{"id": ident, "kind": kind, "text": text} for ident, kind, text in data.testimonials]
    report["measures"] = _measures(data, headline, protection, minimum)
    report["occupations"] = _occupations(data.occupations, minimum)
    protected: list = []
    report["segments"] = _breakdowns(data, headline, protection, minimum, segment_orders, protected)
    if data.over_time is not None and data.over_time.rows:
        quarters = {"quarter": data.over_time}
        order = sorted({row[0] for row in data.over_time.rows if row[0] is not None})
        over_time = _breakdowns(
            ReportData(programme={}, statuses={}, segments=quarters),
            headline,
            protection,
            minimum,
            {"quarter": order, "__withheld__": segment_orders.get("__withheld__", ())},
            protected,
        )
        report["over_time"] = over_time["quarter"]
    _joint_check(headline, protection, protected, minimum)
    return report


def _joint_check(headline: Block, protection: Protection, protected: list, minimum: int) -> None:
    """Every breakdown together with the headline, as an attacker solves them at once: a headline cell that no
    breakdown gives away alone may still be pinned by two of them. Then one more headline cell is withheld (the
    report is built again); when no headline cell can, the breakdown that exposes a cell is withheld."""
    values = dict(headline.values)
    equations = list(headline.equations)
    status = dict(protection.status)
    owner = {}
    for name, block, table in protected:
        values.update(block.values)
        equations += block.equations
        status.update(table.status)
        for key in block.values:
            if key[0] != "h":
                owner[key] = name
    exposed = audit(values, equations, status, minimum)
    if not exposed:
        return
    shown_headline = [
        key
        for key in headline.values
        if protection.status[key] == SHOWN and headline.values[key] >= minimum and key != ("h", "enrolled")
    ]
    touching = [eq for eq in headline.equations if any(key in (eq[0], *eq[1]) for key in exposed)]
    near = [key for key in shown_headline if any(key in (eq[0], *eq[1]) for eq in touching)]
    pool = near or shown_headline
    if pool:
        raise Escalation({min(pool, key=lambda key: (headline.values[key] <= minimum, headline.values[key]))})
    culprit = next((owner[key] for key in exposed if key in owner), None)
    raise Withhold(culprit)


class Withhold(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


__all__ = ["DEFAULT_MINIMUM", "build_report", "percent"]
