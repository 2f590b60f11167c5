"""The synthesis document as the page and the PDF show it: one version's texts and its facts, turned into labelled,
translated rows and a RIASEC chart (the same template fragment serves both)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from openbilan.coaching.selectors import hours_label
from openbilan.journeys.models import PhaseCode
from openbilan.projects import chart, snapshot, workflow
from openbilan.projects.models import FundingSource, ProjectKind, ProjectState, SynthesisVersion
from openbilan.recommendations.models import Reaction
from openbilan.recommendations.text import LETTER_NAMES, VALUE_NAMES


def _date(value: str | None) -> str:
    if not value:
        return ""
    return date_format(datetime.date.fromisoformat(value), "j F Y")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class ChartRow:
    letter: str
    name: str
    score: float
    bar: chart.Bar


def _snapshot_text(value) -> str:
    """A Text the suggestions showed (kept by projects.snapshot), in the reader's language."""
    text = snapshot.load(value) if value else None
    return text.render(gettext, lambda number: number_format(number, 2)) if text is not None else ""


def document(version: SynthesisVersion, *, final: bool) -> dict:
    """The context of projects/document/body.html for one version."""
    facts = version.facts or {}
    riasec = facts.get("riasec")
    bar_chart = rows = None
    if riasec:
        bar_chart = chart.riasec_chart(riasec["scores"])
        rows = [
            ChartRow(bar.letter, LETTER_NAMES[bar.letter].render(gettext), bar.score, bar) for bar in bar_chart.bars
        ]
    projects = []
    for p in facts.get("projects", []):
        projects.append(
            {
                **p,
                "kind_label": _label(ProjectKind, p.get("kind", "")),
                "state_label": _label(ProjectState, p.get("state", "")),
                "funding_labels": [_label(FundingSource, code) for code in p.get("funding", [])],
                "local_demand_text": _snapshot_text(p.get("local_demand")),
                "steps": [
                    {**s, "due": _date(s.get("due_on")), "done": _date(s.get("done_on"))} for s in p.get("steps", [])
                ],
            }
        )
    return {
        "version": version,
        "final": final,
        "facts": facts,
        "started": _date(facts.get("started_on")),
        "ended": _date(facts.get("ended_on")),
        "phases": [
            {"label": _label(PhaseCode, phase["code"]), "opened": _date(phase.get("opened_on"))}
            for phase in facts.get("phases", [])
        ],
        "coach_time": hours_label(facts.get("coach_minutes") or 0),
        "chart": bar_chart,
        "chart_rows": rows,
        "holland": riasec["code"] if riasec else "",
        "values": [VALUE_NAMES[v].render(gettext) for v in facts.get("values", []) if v in VALUE_NAMES],
        "skills": facts.get("skills", []),
        "options": [
            {**o, "reaction_label": _label(Reaction.Kind, o["reaction"]) if o.get("reaction") else ""}
            for o in facts.get("options", [])
        ],
        "projects": projects,
        "written_on": date_format(timezone.localtime(version.created_at), "j F Y"),
    }


def is_final(state: str) -> bool:
    return workflow.synthesis_is_final(state)
