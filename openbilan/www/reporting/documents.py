"""The programme report in its forms: the JSON, what the pages and the document show, and the PDF (the CSV and XLSX
files are in exports.py). All come from one report (a frozen publication for the funder, the live figures for the
operator), so they never disagree; a publication gives the same bytes at every download (no date of the day in any
of them)."""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats

from openbilan.referential import selectors as referential
from openbilan.reporting import figures, selectors, services
from openbilan.reporting.charts import bar_chart
from openbilan.www.reporting import labels

PRINT_CSS_FILE = Path(__file__).resolve().parent / "static" / "reporting" / "print.css"
PDF_CACHE_SECONDS = 40 * 24 * 3600  # longer than the month between two publications


def programme_report(programme, *, dimensions=selectors.DIMENSIONS, over_time: bool = True) -> dict:
    """The live report of a programme (the operator's view), as JSON-ready data with codes."""
    return services.live_report(programme, dimensions=dimensions, over_time=over_time)


def occupation_names(report: dict) -> dict[str, str]:
    codes = {
        occupation["code"]
        for block in report.get("occupations", {}).values()
        for domain in block["domains"]
        for occupation in domain["occupations"]
    }
    return referential.occupation_labels(codes)


def localised(report: dict, publication=None) -> dict:
    """The JSON a funder downloads: the report with the names of its breakdowns and rows in the reader's language,
    and the publication it comes from."""
    result = {**report, "segments": {}}
    result["publication"] = {
        "as_of": report["as_of"],
        "kind": publication.kind if publication else "live",
        "made_at": publication.made_at.isoformat() if publication else None,
    }
    for dimension, block in report["segments"].items():
        result["segments"][dimension] = _localised_block(dimension, block)
    if report.get("over_time"):
        result["over_time"] = _localised_block("quarter", report["over_time"])
    texts = selectors.consented_testimonials(item["id"] for item in report.get("testimonials", []))
    result["testimonials"] = [
        {"kind": item["kind"], "text": texts[item["id"]]}
        for item in report.get("testimonials", [])
        if item["id"] in texts
    ]
    return result


def _localised_block(dimension: str, block: dict) -> dict:
    return {
        "label": str(labels.SEGMENTS.get(dimension, dimension)),
        **block,
        "rows": [{**row, "label": labels.value_label(dimension, row["key"], row.get("name"))} for row in block["rows"]],
    }


# --- What the pages show --------------------------------------------------------------------------------------------


def pct_text(value) -> str:
    """20.6 -> "20,6 %" (French) or "20.6 %"; None -> "—"."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{formats.number_format(Decimal(str(value)), 1)}\u00a0%"


def plural_count(value) -> int:
    """The number that chooses a text's plural form for a count shown by n_text: the count itself, or 2 when it is
    shown as "< 11" or "masqué" (several people, whatever the figure)."""
    return value if isinstance(value, int) else 2


def n_text(value, minimum: int = 11) -> str:
    """A count as shown: the number, "< 11", or "masqué" (withheld to protect a small cell)."""
    if value is None:
        return str(labels.SECONDARY)
    if isinstance(value, str):
        return value
    return formats.number_format(value, 0, force_grouping=True)


def figure_text(figure: dict, minimum: int) -> dict:
    status = figure.get("disclosure", "shown")
    if status == "small":
        text = str(labels.SMALL) % {"minimum": minimum}
        return {"n": text, "pct": text, "value": None, "status": status}
    if status == "secondary":
        text = str(labels.SECONDARY)
        return {"n": text, "pct": text, "value": None, "status": status}
    return {"n": n_text(figure["n"]), "pct": pct_text(figure["pct"]), "value": figure["pct"], "status": status}


def _rows(block: dict, names: dict, minimum: int, help_texts: dict | None = None) -> list[dict]:
    help_texts = help_texts or {}
    return [
        {"key": key, "label": str(names.get(key, key)), "help": str(help_texts.get(key, "")), **figure_text(f, minimum)}
        for key, f in block.items()
    ]


def _chart(rows: list[dict]):
    return bar_chart([(row["key"], row["label"], row["value"], row["pct"]) for row in rows])


def _segment_table(block: dict, dimension: str, kind: str, minimum: int) -> dict:
    if kind == "status":
        columns = [(key, labels.STATUS_GROUPS[key]) for key in figures.STATUS_GROUPS]
        total_key = "enrolled"
    else:
        columns = [(key, labels.OUTCOMES[key]) for key in figures.GROUPED_OUTCOMES]
        total_key = "completed"
    rows = []
    for row in block["rows"]:
        cells = row["status"] if kind == "status" else row["outcomes"]
        label = labels.value_label(dimension, row["key"], row.get("name"))
        rows.append(
            {
                "label": label,
                "parent": labels.value_label(block["parent"], row["parent"]) if block.get("parent") else "",
                "total": n_text(row[total_key]),
                "cells": [figure_text(cells[key], minimum) for key, _l in columns],
            }
        )
    return {"columns": [str(name) for _key, name in columns], "rows": rows}


def segment_view(report: dict, dimension: str) -> dict | None:
    block = report["segments"].get(dimension) if dimension != "quarter" else report.get("over_time")
    if block is None:
        return None
    minimum = report["minimum_cell"]
    completion = [
        (
            str(index),
            labels.value_label(dimension, row["key"], row.get("name")),
            *_bar(row["status"]["completed"], minimum),
        )
        for index, row in enumerate(block["rows"])
    ]
    return {
        "dimension": dimension,
        "label": str(labels.SEGMENTS.get(dimension, dimension)),
        "withheld": block["withheld"] or not block["rows"],
        "reason": str(labels.WITHHELD_REASONS.get(block.get("reason") or "no_safe_pattern")),
        "status": _segment_table(block, dimension, "status", minimum),
        "outcomes": _segment_table(block, dimension, "outcomes", minimum),
        "chart": bar_chart(completion) if block["rows"] else None,
    }


def _bar(figure: dict, minimum: int):
    text = figure_text(figure, minimum)
    return text["value"], text["pct"]


def _satisfaction_view(report: dict) -> list[dict]:
    minimum = report["minimum_cell"]
    views = []
    for kind in figures.EVALUATION_KINDS:
        block = report["satisfaction"].get(kind)
        if not block:
            continue
        view = {
            "kind": kind,
            "label": str(labels.EVALUATIONS[kind]),
            "eligible": n_text(block["eligible"]),
            "respondents": n_text(block["respondents"]),
            "respondents_count": plural_count(block["respondents"]),
            "response_rate": pct_text(block["response_rate"]),
            "withheld": block["withheld"],
            "rows": [],
        }
        if not block["withheld"]:
            for question in figures.STATEMENTS:
                figure = block[question]
                view["rows"].append(
                    {
                        "key": question,
                        "label": str(labels.IMPACT_QUESTIONS[question]),
                        "answered": n_text(figure["answered"]),
                        **figure_text(figure, minimum),
                    }
                )
            satisfaction = block["satisfaction"]
            view["satisfied"] = {
                **figure_text(satisfaction["satisfied"], minimum),
                "answered": n_text(satisfaction["answered"]),
                "mean": formats.number_format(Decimal(str(satisfaction["mean"])), 1) if satisfaction["mean"] else "—",
            }
            recommend = block["recommend"]
            view["recommend"] = {
                "answered": n_text(recommend["answered"]),
                "nps": formats.number_format(Decimal(str(recommend["nps"])), 1)
                if recommend["nps"] is not None
                else "—",
                "promoters": figure_text(recommend["promoters"], minimum)["pct"],
                "detractors": figure_text(recommend["detractors"], minimum)["pct"],
            }
            view["chart"] = _chart(view["rows"])
        views.append(view)
    return views


def _follow_up_view(report: dict) -> dict:
    minimum = report["minimum_cell"]
    columns = [(key, str(labels.OUTCOMES[key])) for key in figures.LATER_OUTCOME_GROUPS]
    rows = []
    for moment in figures.FOLLOW_UPS:
        block = report["follow_ups"][moment]
        rows.append(
            {
                "label": str(labels.FOLLOW_UPS[moment]),
                "eligible": n_text(block["eligible"]),
                "known": n_text(block["known"]),
                "rate": pct_text(block["response_rate"]),
                "withheld": block["withheld"],
                "cells": [
                    figure_text(block["outcomes"][key], minimum)["pct"] if block["outcomes"] else "—"
                    for key, _name in columns
                ],
            }
        )
    return {"columns": [name for _key, name in columns], "rows": rows}


def _measures_view(report: dict) -> list[dict]:
    rows = []
    for key in figures.MEASURES:
        block = report["measures"].get(key, {})
        median = block.get("median")
        rows.append(
            {
                "label": str(labels.MEASURES[key]),
                "n": n_text(block.get("n")),
                "median": f"{formats.number_format(Decimal(str(median)), 1)}\u00a0{labels.MEASURE_UNITS[key]}"
                if median is not None
                else "—",
            }
        )
    cost = report["measures"].get("cost_per_completed", {})
    cost_text = None
    if cost.get("value") is not None:
        cost_text = f"{formats.number_format(Decimal(str(cost['value'])), 2, force_grouping=True)}\u00a0€"
    return rows, cost_text


def _occupations_view(report: dict) -> list[dict]:
    minimum = report["minimum_cell"]
    names = occupation_names(report)
    groups = []
    for group in figures.OCCUPATION_GROUPS:
        block = report.get("occupations", {}).get(group)
        if not block or not block["domains"]:
            continue
        groups.append(
            {
                "key": group,
                "label": str(labels.OUTCOMES[group]),
                "total": figure_text(block["total"], minimum),
                "domains": [
                    {
                        "label": str(labels.ROME_DOMAINS.get(domain["code"], domain["code"])),
                        **figure_text(domain, minimum),
                        "occupations": [names.get(o["code"], o["code"]) for o in domain["occupations"]],
                    }
                    for domain in block["domains"]
                ],
            }
        )
    return groups


def presentation(report: dict, *, dimensions=None, publication=None) -> dict:
    """Everything the dashboard and the report document show, as rows of text ready for the templates."""
    minimum = report["minimum_cell"]
    status_rows = _rows(report["status"], labels.STATUS_GROUPS, minimum, labels.STATUS_GROUP_HELP)
    outcome_rows = _rows(report["outcomes"], labels.OUTCOMES, minimum)
    dimensions = dimensions if dimensions is not None else list(report["segments"])
    measures, cost = _measures_view(report) if report["headline_published"] else ([], None)
    texts = selectors.consented_testimonials(item["id"] for item in report.get("testimonials", []))
    return {
        "report": report,
        "publication": publication,
        "as_of": datetime.date.fromisoformat(report["as_of"]),
        "live": publication is None,
        "kind_label": str(labels.PUBLICATION_KINDS[publication.kind if publication else "live"]),
        "starts_on": datetime.date.fromisoformat(report["starts_on"]) if report.get("starts_on") else None,
        "ends_on": datetime.date.fromisoformat(report["ends_on"]) if report.get("ends_on") else None,
        "minimum": minimum,
        "published": report["headline_published"],
        "enrolled": n_text(report["enrolled"]),
        "completed": n_text(report["completed"]),
        "enrolled_count": plural_count(report["enrolled"]),
        "completed_count": plural_count(report["completed"]),
        "status_rows": status_rows,
        "status_chart": _chart(status_rows),
        "outcome_rows": outcome_rows,
        "outcome_chart": _chart(
            [row for row in outcome_rows if row["key"] not in ("employed_durable", "employed_transition")]
        ),
        "drop_rows": _rows(report["drop_reasons"], labels.DROP_REASONS, minimum),
        "follow_up": _follow_up_view(report) if report["headline_published"] else None,
        "satisfaction": _satisfaction_view(report),
        "testimonials": [
            {"kind": item["kind"], "text": texts[item["id"]]}
            for item in report.get("testimonials", [])
            if item["id"] in texts
        ],
        "measures": measures,
        "cost": cost,
        "occupations": _occupations_view(report) if report["headline_published"] else [],
        "segments": [view for view in (segment_view(report, d) for d in dimensions) if view is not None],
        "over_time": segment_view(report, "quarter") if report.get("over_time") else None,
    }


# --- The document (HTML file and PDF) ---------------------------------------------------------------------------------


def report_document(report: dict, publication=None, *, summary: bool = False) -> str:
    """A self-contained HTML document (its styles inline), for `programme_report --format html` and the PDF;
    `summary` gives the one-page "Bilan de cet accompagnement"."""
    styles = PRINT_CSS_FILE.read_text(encoding="utf-8")
    template = "reporting/summary_document.html" if summary else "reporting/report_document.html"
    return render_to_string(
        template,
        {
            **presentation(report, publication=publication),
            "styles": styles,
            "site_name": settings.OPENBILAN_SITE_NAME,
            "document": True,
        },
    )


def _fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=())


def render_pdf(document: str, identifier: str) -> bytes:
    """WeasyPrint's PDF of a report document (it loads nothing from outside: every URL is refused)."""
    import weasyprint

    html = weasyprint.HTML(string=document, url_fetcher=_fetcher(), base_url=None)
    return html.write_pdf(pdf_identifier=identifier.encode())


def report_pdf(report: dict, publication=None, *, summary: bool = False) -> bytes:
    """The PDF of the report. Rendering it takes seconds (WeasyPrint lays out every table), so the bytes are kept in
    the cache under the digest of the HTML they come from: a publication is frozen, so its PDF is made once and every
    download after is read back; whatever changes the document (a testimonial whose author withdrew their consent,
    the reader's language, the live figures) changes the digest, and the PDF is made again."""
    document = report_document(report, publication, summary=summary)
    key = "reporting:pdf:" + hashlib.sha256(document.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(document, f"{report['programme']}-{report['as_of']}")
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
