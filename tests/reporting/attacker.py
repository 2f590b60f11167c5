"""An attacker of a published programme report: every equation a funder can write between the published figures,
every bound the labels give ("< 11": 1 to 10, since 0 is shown; withheld to protect a small cell: 11 or more), and
a linear programme per withheld cell (scipy HiGHS) for its smallest and largest possible value.

It reads the report as a funder receives it (the JSON), and knows only what the figures mean (a row's statuses add up
to its enrolled, the network is the sum of its prescribers...): it does not use the disclosure module's own blocks.
"""

import numpy as np
from scipy.optimize import linprog


class System:
    def __init__(self, minimum: int):
        self.minimum = minimum
        self.index: dict = {}
        self.values: list = []  # the figure as published: an int, "< 11" or None (withheld to protect)
        self.equations: list[tuple] = []

    def cell(self, path, published) -> object:
        if path not in self.index:
            self.index[path] = len(self.values)
            self.values.append(published)
        return path

    def figure(self, path, figure: dict):
        return self.cell(path, figure["n"])

    def equal(self, total, parts):
        if parts:
            self.equations.append((total, tuple(parts)))

    def withheld(self) -> list:
        return [path for path, i in self.index.items() if not isinstance(self.values[i], int)]

    def ranges(self) -> dict:
        """The smallest and largest value of every withheld cell, solving everything at once."""
        variables = self.withheld()
        if not variables:  # nothing withheld (e.g. one group holds everybody): nothing to recover
            return {}
        position = {path: i for i, path in enumerate(variables)}
        rows, rhs = [], []
        for total, parts in self.equations:
            row = np.zeros(len(variables))
            constant = 0
            for path, sign in ((total, 1), *((part, -1) for part in parts)):
                value = self.values[self.index[path]]
                if isinstance(value, int):
                    constant += sign * value
                else:
                    row[position[path]] += sign
            if row.any():
                rows.append(row)
                rhs.append(-constant)
            elif constant != 0:
                raise AssertionError(f"The published figures do not add up: {total} = {parts}")
        bounds = [
            (1, self.minimum - 1) if self.values[self.index[path]] is not None else (self.minimum, None)
            for path in variables
        ]
        matrix = np.array(rows) if rows else None
        rhs = np.array(rhs) if rows else None

        def solve(objective):
            answer = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
            if answer.status == 3:
                return None
            assert answer.status == 0, f"the published figures are contradictory ({answer.message})"
            return answer.x

        # Vertices for a few random objectives first: two feasible points that differ by a person or more in a
        # cell settle it; only the cells they leave open get their own two linear programmes.
        low = np.full(len(variables), np.inf)
        high = np.full(len(variables), -np.inf)
        generator = np.random.default_rng(0)
        for _ in range(12):
            point = solve(generator.normal(size=len(variables)))
            if point is not None:
                low, high = np.minimum(low, point), np.maximum(high, point)
        result = {}
        for i, path in enumerate(variables):
            if high[i] - low[i] >= 1 - 1e-6:
                result[path] = (low[i], high[i])
                continue
            found = []
            for sign in (1.0, -1.0):
                objective = np.zeros(len(variables))
                objective[i] = sign
                point = solve(objective)
                found.append(float("inf") * -sign if point is None else point[i])
            result[path] = (found[0], found[1])
        return result

    def recovered(self) -> list:
        """Withheld cells whose value the attacker knows exactly (a range narrower than one person)."""
        return [path for path, (low, high) in self.ranges().items() if high - low < 1 - 1e-6]


HEADLINE_GROUPS = ("employed", "training", "business_creation", "job_seeking", "validating_project", "other")
STATUS_GROUPS = ("completed", "in_progress", "dropped", "not_started")
ROW_OUTCOMES = (*HEADLINE_GROUPS, "unknown")


def system_of(report: dict) -> System:
    minimum = report["minimum_cell"]
    system = System(minimum)
    if not report["headline_published"]:
        return system
    enrolled = system.cell(("enrolled",), report["enrolled"])
    status = {g: system.figure(("status", g), report["status"][g]) for g in STATUS_GROUPS}
    system.equal(enrolled, list(status.values()))
    detail = {s: system.figure(("detail", s), report["status_detail"][s]) for s in report["status_detail"]}
    system.equal(status["in_progress"], [detail["active"], detail["paused"]])
    system.equal(status["not_started"], [detail["invited"]])
    system.equal(status["completed"], [detail["completed"]])
    system.equal(status["dropped"], [detail["dropped"]])
    completed = system.cell(("completed",), report["completed"])
    system.equal(completed, [status["completed"]])
    outcomes = {k: system.figure(("outcome", k), f) for k, f in report["outcomes"].items()}
    system.equal(completed, [outcomes[g] for g in ROW_OUTCOMES])
    system.equal(outcomes["employed"], [outcomes["employed_durable"], outcomes["employed_transition"]])
    drops = [system.figure(("drop", k), f) for k, f in report["drop_reasons"].items()]
    system.equal(status["dropped"], drops)

    headline_columns = {"enrolled": enrolled, **status, **{g: outcomes[g] for g in ROW_OUTCOMES}}
    blocks = [(name, block) for name, block in report["segments"].items()]
    if report.get("over_time"):
        blocks.append(("quarter", report["over_time"]))
    for name, block in blocks:
        if block["withheld"]:
            continue
        children: dict = {}
        for row in block["rows"]:
            key = (name, row["key"])
            cells = {"enrolled": system.cell((*key, "enrolled"), row["enrolled"])}
            for group in STATUS_GROUPS:
                cells[group] = system.figure((*key, "status", group), row["status"][group])
            row_completed = system.cell((*key, "completed"), row["completed"])
            system.equal(row_completed, [cells["completed"]])
            for group in ROW_OUTCOMES:
                cells[group] = system.figure((*key, "outcome", group), row["outcomes"][group])
            system.equal(cells["enrolled"], [cells[g] for g in STATUS_GROUPS])
            system.equal(cells["completed"], [cells[g] for g in ROW_OUTCOMES])
            parent = (block["parent"], row["parent"]) if block.get("parent") else None
            children.setdefault(parent, []).append(cells)
        for parent, rows in children.items():
            for column in headline_columns:
                if parent is None:
                    total = headline_columns[column]
                else:
                    prefix = (*parent, "status") if column in STATUS_GROUPS else (*parent, "outcome")
                    total = (*parent, "enrolled") if column == "enrolled" else (*prefix, column)
                system.equal(total, [cells[column] for cells in rows])

    for moment, block in report["follow_ups"].items():
        if block["withheld"]:
            continue
        known_m = system.cell(("follow", moment, "known"), block["known"])
        system.equal(known_m, [system.figure(("follow", moment, g), f) for g, f in block["outcomes"].items()])
    for kind, block in report["satisfaction"].items():
        if block["withheld"]:
            continue
        answered = system.cell((kind, "helped_answered"), block["introspection_or_coach"]["answered"])
        helped = {k: system.figure((kind, "helped", k), f) for k, f in block["helped_most"].items()}
        system.equal(answered, list(helped.values()))
        both = system.figure((kind, "introspection_or_coach"), block["introspection_or_coach"])
        system.equal(both, [helped["introspection"], helped["coach"]])
    for group, block in report["occupations"].items():
        total = system.figure(("occupations", group), block["total"])
        system.equal(total, [system.figure(("occupations", group, d["code"]), d) for d in block["domains"]])
    return system


def labels_are_true(report: dict, truth: dict) -> list:
    """Figures whose label is false: "< 11" on 11 or more, "withheld to protect" on fewer than 11. `truth` maps the
    attacker's paths to the true counts."""
    system = system_of(report)
    wrong = []
    for path in system.withheld():
        value = system.values[system.index[path]]
        if path not in truth:
            continue
        if value is None and truth[path] < system.minimum:
            wrong.append((path, "secondary but small", truth[path]))
        if value is not None and truth[path] >= system.minimum:
            wrong.append((path, "'< 11' on", truth[path]))
    return wrong
