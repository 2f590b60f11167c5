"""The programme report in its forms: the data (JSON), what the pages and the document show, the aggregate tables
of the CSV and XLSX exports, and the PDF. All come from one `programme_report` call, so they never disagree."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from openbilan.programmes.models import Programme
from openbilan.reporting import figures, selectors
from openbilan.reporting.charts import bar_chart
from openbilan.reporting.xlsx import write_workbook
from openbilan.www.reporting import labels

PRINT_CSS_FILE = Path(__file__).resolve().parent / "static" / "reporting" / "print.css"


def programme_report(programme: Programme, *, dimensions=selectors.DIMENSIONS, over_time: bool = True) -> dict:
    """The report of a programme as JSON-ready data (docs/REPORTING.md)."""
    today = timezone.localdate()
    data = selectors.report_data(programme, today=today, dimensions=dimensions, over_time=over_time)
    return figures.build_report(
        data, labels.report_labels(), minimum=selectors.minimum_cell(), today=today, segment_orders=selectors.ORDERS
    )


# --- What the pages show --------------------------------------------------------------------------------------------


def pct_text(value) -> str:
    """20.6 -> "20,6 %" (French) or "20.6 %"; "< 11" stays; None -> "—"."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{formats.number_format(Decimal(str(value)), 1)}\u00a0%"


def n_text(value) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else formats.number_format(value, 0, force_grouping=True)


def _rows(block: dict, names: dict, help_texts: dict | None = None) -> list[dict]:
    help_texts = help_texts or {}
    return [
        {
            "key": key,
            "label": str(names.get(key, key)),
            "help": str(help_texts.get(key, "")),
            "n": n_text(figure["n"]),
            "pct": pct_text(figure["pct"]),
            "value": figure["pct"] if not isinstance(figure["pct"], str) else None,
        }
        for key, figure in block.items()
    ]


def _chart(rows: list[dict]):
    return bar_chart([(row["key"], row["label"], row["value"], row["pct"]) for row in rows])


def _segment_table(block: dict, kind: str) -> dict:
    """One breakdown as a table: rows are segment values, columns the status groups or the outcomes."""
    if kind == "status":
        columns = [(key, labels.STATUS_GROUPS[key]) for key in figures.STATUS_GROUPS]
        total_key = "enrolled"
    else:
        columns = [(key, labels.OUTCOMES[key]) for key in figures.GROUPED_OUTCOMES]
        total_key = "completed"
    rows = []
    for row in block["rows"]:
        cells = row["status"] if kind == "status" else row["outcomes"]
        rows.append(
            {
                "label": row["label"],
                "total": n_text(row[total_key]),
                "cells": [{"n": n_text(cells[key]["n"]), "pct": pct_text(cells[key]["pct"])} for key, _l in columns],
            }
        )
    return {"columns": [str(name) for _key, name in columns], "rows": rows}


def segment_view(report: dict, dimension: str) -> dict | None:
    block = report["segments"].get(dimension) if dimension != "quarter" else report.get("over_time")
    if block is None:
        return None
    completion = [
        (
            str(index),
            row["label"],
            row["status"]["completed"]["pct"] if not isinstance(row["status"]["completed"]["pct"], str) else None,
            pct_text(row["status"]["completed"]["pct"]),
        )
        for index, row in enumerate(block["rows"])
    ]
    return {
        "dimension": dimension,
        "label": str(labels.SEGMENTS.get(dimension, dimension)),
        "withheld": block["withheld"] or not block["rows"],
        "status": _segment_table(block, "status"),
        "outcomes": _segment_table(block, "outcomes"),
        "chart": bar_chart(completion) if block["rows"] else None,
    }


def _satisfaction_view(report: dict) -> list[dict]:
    views = []
    for kind in figures.EVALUATION_KINDS:
        block = report["satisfaction"][kind]
        view = {
            "kind": kind,
            "label": str(labels.EVALUATIONS[kind]),
            "eligible": n_text(block["eligible"]),
            "respondents": n_text(block["respondents"]),
            "response_rate": pct_text(block["response_rate"]),
            "suppressed": block["suppressed"],
            "rows": [],
        }
        if not block["suppressed"]:
            for question in (*figures.IMPACT_QUESTIONS, "introspection_or_coach"):
                figure = block[question]
                view["rows"].append(
                    {
                        "label": str(labels.IMPACT_QUESTIONS[question]),
                        "n": n_text(figure["n"]),
                        "answered": n_text(figure["answered"]),
                        "pct": pct_text(figure["pct"]),
                    }
                )
            satisfaction = block["satisfaction"]
            view["satisfied"] = {
                "n": n_text(satisfaction["satisfied"]["n"]),
                "answered": n_text(satisfaction["answered"]),
                "pct": pct_text(satisfaction["satisfied"]["pct"]),
                "mean": formats.number_format(Decimal(str(satisfaction["mean"])), 1) if satisfaction["mean"] else "—",
            }
            recommend = block["recommend"]
            view["recommend"] = {
                "answered": n_text(recommend["answered"]),
                "nps": formats.number_format(Decimal(str(recommend["nps"])), 1)
                if recommend["nps"] is not None
                else "—",
                "promoters": pct_text(recommend["promoters"]["pct"]),
                "detractors": pct_text(recommend["detractors"]["pct"]),
            }
        views.append(view)
    return views


def _follow_up_view(report: dict) -> dict:
    columns = [(key, str(labels.OUTCOMES[key])) for key in figures.KNOWN_OUTCOME_GROUPS]
    rows = []
    for moment in figures.FOLLOW_UPS:
        block = report["follow_ups"][moment]
        rows.append(
            {
                "label": str(labels.FOLLOW_UPS[moment]),
                "eligible": n_text(block["eligible"]),
                "known": n_text(block["known"]),
                "rate": pct_text(block["response_rate"]),
                "suppressed": block["suppressed"],
                "cells": [
                    pct_text(block["outcomes"][key]["pct"]) if block["outcomes"] else "—" for key, _name in columns
                ],
            }
        )
    return {"columns": [name for _key, name in columns], "rows": rows}


def presentation(report: dict, *, dimensions=None) -> dict:
    """Everything the dashboard and the report document show, as rows of text ready for the templates."""
    status_rows = _rows(report["status"], labels.STATUS_GROUPS, labels.STATUS_GROUP_HELP)
    outcome_rows = _rows(report["outcomes"], labels.OUTCOMES)
    dimensions = dimensions if dimensions is not None else list(report["segments"])
    return {
        "report": report,
        "starts_on": datetime.date.fromisoformat(report["starts_on"]) if report.get("starts_on") else None,
        "ends_on": datetime.date.fromisoformat(report["ends_on"]) if report.get("ends_on") else None,
        "minimum": report["minimum_cell"],
        "published": report["headline_published"],
        "enrolled": n_text(report["enrolled"]),
        "completed": n_text(report["completed"]),
        "status_rows": status_rows,
        "status_chart": _chart(status_rows),
        "outcome_rows": outcome_rows,
        "outcome_chart": _chart(
            [row for row in outcome_rows if row["key"] not in ("employed_durable", "employed_transition")]
        ),
        "drop_rows": _rows(report["drop_reasons"], labels.DROP_REASONS),
        "follow_up": _follow_up_view(report),
        "satisfaction": _satisfaction_view(report),
        "testimonials": report["testimonials"],
        "segments": [view for view in (segment_view(report, d) for d in dimensions) if view is not None],
        "over_time": segment_view(report, "quarter") if report.get("over_time") else None,
    }


# --- Exports --------------------------------------------------------------------------------------------------------


def aggregate_sheets(report: dict) -> list[tuple[str, list[list]]]:
    """The aggregates as tables (CSV: one long table; XLSX: one sheet per table). Hidden cells are "< 11"."""
    header = [_("Indicateur"), _("Catégorie"), _("Effectif"), _("Pourcentage"), _("Base du pourcentage")]
    summary = [header, [_("Personnes inscrites"), "", report["enrolled"], "", ""]]
    for key, figure in report["status"].items():
        summary.append([_("Statut"), str(labels.STATUS_GROUPS[key]), figure["n"], figure["pct"], _("inscrits")])
    for key, figure in report["outcomes"].items():
        summary.append(
            [
                _("Situation des personnes qui ont terminé"),
                str(labels.OUTCOMES[key]),
                figure["n"],
                figure["pct"],
                _("ont terminé"),
            ]
        )
    for key, figure in report["drop_reasons"].items():
        summary.append([_("Motif d'arrêt"), str(labels.DROP_REASONS[key]), figure["n"], figure["pct"], _("arrêtés")])
    for moment, block in report["follow_ups"].items():
        name = _("Suivi : %(moment)s") % {"moment": labels.FOLLOW_UPS[moment]}
        summary.append([name, _("situations connues"), block["known"], block["response_rate"], _("concernés")])
        for key, figure in block["outcomes"].items():
            summary.append([name, str(labels.OUTCOMES[key]), figure["n"], figure["pct"], _("situations connues")])
    for kind, block in report["satisfaction"].items():
        name = _("Évaluation : %(kind)s") % {"kind": labels.EVALUATIONS[kind]}
        summary.append([name, _("réponses"), block["respondents"], block["response_rate"], _("concernés")])
        if block["suppressed"]:
            continue
        for question in (*figures.IMPACT_QUESTIONS, "introspection_or_coach"):
            figure = block[question]
            summary.append([name, str(labels.IMPACT_QUESTIONS[question]), figure["n"], figure["pct"], _("réponses")])
        summary.append(
            [
                name,
                _("satisfaits (4 ou 5 sur 5)"),
                block["satisfaction"]["satisfied"]["n"],
                block["satisfaction"]["satisfied"]["pct"],
                _("réponses"),
            ]
        )
        summary.append([name, _("score de recommandation (NPS)"), "", block["recommend"]["nps"], _("réponses")])

    def breakdown(kind: str) -> list[list]:
        keys = figures.STATUS_GROUPS if kind == "status" else figures.GROUPED_OUTCOMES
        names = labels.STATUS_GROUPS if kind == "status" else labels.OUTCOMES
        total = "enrolled" if kind == "status" else "completed"
        rows = [
            [_("Découpage"), _("Catégorie"), _("Effectif")]
            + [f"{names[key]} ({unit})" for key in keys for unit in (_("effectif"), "%")]
        ]
        blocks = list(report["segments"].items())
        if report.get("over_time"):
            blocks.append(("quarter", report["over_time"]))
        for dimension, block in blocks:
            for row in block["rows"]:
                cells = row["status"] if kind == "status" else row["outcomes"]
                values = [v for key in keys for v in (cells[key]["n"], cells[key]["pct"])]
                rows.append([str(labels.SEGMENTS.get(dimension, dimension)), row["label"], row[total], *values])
        return rows

    return [
        (_("Synthèse"), summary),
        (_("Statuts par segment"), breakdown("status")),
        (_("Situations par segment"), breakdown("outcomes")),
    ]


def aggregates_csv(report: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for name, rows in aggregate_sheets(report):
        writer.writerow([name])
        writer.writerows(rows)
        writer.writerow([])
    return buffer.getvalue()


def aggregates_xlsx(report: dict) -> bytes:
    return write_workbook(aggregate_sheets(report))


# --- The document (HTML file and PDF) ---------------------------------------------------------------------------------


def report_document(report: dict) -> str:
    """A self-contained HTML document (its styles inline), for `programme_report --format html` and the PDF."""
    styles = PRINT_CSS_FILE.read_text(encoding="utf-8")
    return render_to_string(
        "reporting/report_document.html",
        {**presentation(report), "styles": styles, "site_name": settings.OPENBILAN_SITE_NAME},
    )


def report_pdf(report: dict) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=report_document(report), base_url=str(PRINT_CSS_FILE.parent)).write_pdf()
