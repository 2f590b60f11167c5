"""The report as tables: what the CSV files, the tidy CSV, the XLSX sheets and the full report share.

Every table has a code (its file or sheet name), a title, columns and rows. A cell is a number (a count, a percentage,
a median) with its disclosure status: shown, small ("< 11") or secondary (withheld to protect a small cell); a
withheld cell has no value. Names come from labels.py in the reader's language.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openbilan.reporting import figures
from openbilan.www.reporting import labels

SHOWN, SMALL, SECONDARY, EMPTY = "shown", "small", "secondary", "empty"


@dataclass(frozen=True)
class Value:
    value: int | float | None
    status: str = SHOWN  # SHOWN, SMALL, SECONDARY, or EMPTY (nothing to compute: no denominator)


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    percent: bool = False


@dataclass
class Row:
    code: str
    label: str
    cells: list[Value] = field(default_factory=list)


@dataclass
class Table:
    code: str
    title: str
    columns: list[Column]
    rows: list[Row]
    withheld: str = ""  # why the whole table is withheld


def count_value(value) -> Value:
    if isinstance(value, int) and not isinstance(value, bool):
        return Value(value)
    if value is None:
        return Value(None, SECONDARY)
    return Value(None, SMALL)


def pct_value(figure: dict) -> Value:
    status = figure.get("disclosure", SHOWN)
    if status != SHOWN:
        return Value(None, status)
    return Value(figure["pct"], SHOWN if figure["pct"] is not None else EMPTY)


def _figure_cells(figure: dict) -> list[Value]:
    return [count_value(figure["n"]), pct_value(figure)]


def headline_tables(report: dict) -> list[Table]:
    n, pct = _("Personnes"), _("Part (%)")
    status = Table(
        "statuts",
        _("Statut des personnes inscrites"),
        [Column("status", _("Statut")), Column("n", n), Column("pct", _("Part des inscrits (%)"), True)],
        [Row("enrolled", _("Personnes inscrites"), [count_value(report["enrolled"]), Value(None, EMPTY)])],
    )
    for group in figures.STATUS_GROUPS:
        status.rows.append(Row(group, str(labels.STATUS_GROUPS[group]), _figure_cells(report["status"][group])))
    for detail in ("active", "paused"):
        status.rows.append(Row(detail, str(labels.STATUSES[detail]), _figure_cells(report["status_detail"][detail])))
    outcomes = Table(
        "situations_fin_de_bilan",
        _("Situation à la fin du bilan des personnes qui ont terminé"),
        [
            Column("outcome", _("Situation")),
            Column("n", n),
            Column("pct", _("Part de celles qui ont terminé (%)"), True),
        ],
        [Row("completed", _("Ont terminé"), [count_value(report["completed"]), Value(None, EMPTY)])],
    )
    for key in figures.HEADLINE_OUTCOMES:
        outcomes.rows.append(Row(key, str(labels.OUTCOMES[key]), _figure_cells(report["outcomes"][key])))
    drops = Table(
        "motifs_arret",
        _("Motifs d'arrêt des personnes qui ont arrêté"),
        [Column("reason", _("Motif")), Column("n", n), Column("pct", pct, True)],
        [
            Row(key, str(labels.DROP_REASONS[key]), _figure_cells(report["drop_reasons"][key]))
            for key in figures.DROP_REASONS
        ],
    )
    return [status, outcomes, drops]


def follow_up_table(report: dict) -> Table:
    columns = [
        Column("moment", _("Moment")),
        Column("eligible", _("Concernées")),
        Column("known", _("Situations connues")),
        Column("response_rate", _("Taux de réponse (%)"), True),
    ]
    for group in figures.LATER_OUTCOME_GROUPS:
        columns += [Column(f"{group}_n", str(labels.OUTCOMES[group])), Column(f"{group}_pct", "%", True)]
    rows = []
    for moment in figures.FOLLOW_UPS:
        block = report["follow_ups"][moment]
        cells = [count_value(block["eligible"]), count_value(block["known"])]
        cells.append(Value(block["response_rate"], SHOWN if block["response_rate"] is not None else EMPTY))
        for group in figures.LATER_OUTCOME_GROUPS:
            figure = block["outcomes"].get(group)
            cells += _figure_cells(figure) if figure else [Value(None, SMALL), Value(None, SMALL)]
        rows.append(Row(moment, str(labels.FOLLOW_UPS[moment]), cells))
    return Table("suivis", _("Situation 3, 6 et 12 mois après le bilan"), columns, rows)


def satisfaction_table(report: dict) -> Table:
    columns = [
        Column("statement", _("Les personnes qui…")),
        Column("n", _("Oui")),
        Column("answered", _("Réponses")),
        Column("pct", _("Part (%)"), True),
    ]
    rows = []
    for kind in figures.EVALUATION_KINDS:
        block = report["satisfaction"].get(kind)
        if not block:
            continue
        prefix = str(labels.EVALUATIONS[kind])
        rows.append(
            Row(
                f"{kind}.respondents",
                _("%(evaluation)s : personnes qui ont répondu") % {"evaluation": prefix},
                [
                    count_value(block["respondents"]),
                    count_value(block["eligible"]),
                    Value(block["response_rate"], SHOWN if block["response_rate"] is not None else EMPTY),
                ],
            )
        )
        if block["withheld"]:
            continue
        for question in figures.STATEMENTS:
            figure = block[question]
            rows.append(
                Row(
                    f"{kind}.{question}",
                    f"{prefix} : {labels.IMPACT_QUESTIONS[question]}",
                    [count_value(figure["n"]), count_value(figure["answered"]), pct_value(figure)],
                )
            )
        satisfied = block["satisfaction"]["satisfied"]
        rows.append(
            Row(
                f"{kind}.satisfied",
                f"{prefix} : {_('sont satisfaites (4 ou 5 sur 5)')}",
                [count_value(satisfied["n"]), count_value(block["satisfaction"]["answered"]), pct_value(satisfied)],
            )
        )
    return Table("satisfaction", _("Satisfaction et effets du bilan"), columns, rows)


def measures_table(report: dict) -> Table:
    columns = [Column("measure", _("Mesure")), Column("people", _("Personnes")), Column("median", _("Médiane"))]
    rows = []
    for key in figures.MEASURES:
        block = report["measures"].get(key, {})
        people = count_value(block.get("n"))
        median = (
            Value(block.get("median"), SHOWN)
            if block.get("median") is not None
            else Value(None, people.status if people.status != SHOWN else EMPTY)
        )
        rows.append(Row(key, str(labels.MEASURES[key]), [people, median]))
    cost = report["measures"].get("cost_per_completed", {})
    rows.append(
        Row(
            "cost_per_completed",
            _("Coût par bilan terminé (euros)"),
            [
                count_value(cost.get("started")),
                Value(cost.get("value"), SHOWN if cost.get("value") is not None else EMPTY),
            ],
        )
    )
    return Table("mesures", _("Mesures de l'accompagnement"), columns, rows)


def occupations_table(report: dict, names: dict) -> Table:
    columns = [
        Column("occupation", _("Domaine ou métier")),
        Column("n", _("Personnes")),
        Column("pct", _("Part (%)"), True),
    ]
    rows = []
    for group in figures.OCCUPATION_GROUPS:
        block = report["occupations"].get(group)
        if not block:
            continue
        rows.append(Row(group, str(labels.OUTCOMES[group]), _figure_cells(block["total"])))
        for domain in block["domains"]:
            rows.append(
                Row(
                    f"{group}.{domain['code']}",
                    f"— {labels.ROME_DOMAINS.get(domain['code'], domain['code'])}",
                    _figure_cells(domain),
                )
            )
            for occupation in domain["occupations"]:
                label = names.get(occupation["code"], occupation["code"])
                rows.append(
                    Row(
                        f"{group}.{occupation['code']}",
                        f"— — {label} ({occupation['code']})",
                        _figure_cells(occupation),
                    )
                )
    return Table("metiers", _("Métiers des personnes en emploi ou en formation à la fin du bilan"), columns, rows)


def breakdown_table(report: dict, dimension: str, block: dict) -> Table:
    name = str(labels.SEGMENTS.get(dimension, dimension))
    columns = [Column("segment", name), Column("enrolled", _("Inscrits"))]
    for group in figures.STATUS_GROUPS:
        columns += [Column(f"{group}_n", str(labels.STATUS_GROUPS[group])), Column(f"{group}_pct", "%", True)]
    for group in figures.GROUPED_OUTCOMES:
        columns += [Column(f"{group}_n", str(labels.OUTCOMES[group])), Column(f"{group}_pct", "%", True)]
    rows = []
    for row in block["rows"]:
        cells = [count_value(row["enrolled"])]
        for group in figures.STATUS_GROUPS:
            cells += _figure_cells(row["status"][group])
        for group in figures.GROUPED_OUTCOMES:
            cells += _figure_cells(row["outcomes"][group])
        label = labels.value_label(dimension, row["key"], row.get("name"))
        if block.get("parent"):
            label = f"{labels.value_label(block['parent'], row['parent'])} — {label}"
        rows.append(Row(str(row["key"]), label, cells))
    title = _(
        "Par %(segment)s : statut (part des inscrits) et situation à la fin du bilan (part de celles qui ont terminé)"
    ) % {"segment": name.lower()}
    reason = str(labels.WITHHELD_REASONS.get(block.get("reason") or "no_safe_pattern")) if block["withheld"] else ""
    return Table(f"par_{dimension}", title, columns, rows, withheld=reason)


def all_tables(report: dict, occupation_names: dict | None = None) -> list[Table]:
    """Every table of a published report, in the report's order."""
    if not report["headline_published"]:
        return []
    tables = headline_tables(report)
    tables += [follow_up_table(report), satisfaction_table(report), measures_table(report)]
    tables.append(occupations_table(report, occupation_names or {}))
    for dimension, block in report["segments"].items():
        tables.append(breakdown_table(report, dimension, block))
    if report.get("over_time"):
        tables.append(breakdown_table(report, "quarter", report["over_time"]))
    return tables


def status_note(status: str, minimum: int) -> str:
    if status == SMALL:
        return str(labels.SMALL_LONG) % {"minimum": minimum}
    if status == SECONDARY:
        return str(labels.SECONDARY_LONG)
    return ""
