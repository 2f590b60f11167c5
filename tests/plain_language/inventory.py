"""Every beneficiary-facing French text the plain-language test reviews, with the kind it is reviewed as.

Sources (docs/PLAIN_LANGUAGE.md, "What is reviewed"):
- the questionnaire files (openbilan/assessments/instruments/*.json): name, summary, purpose, instructions, French
  adaptation note, answer labels, every item asked, value cards, scale names and reading texts;
- the journey template (openbilan/journeys/data/*.json): titles and purposes of phases, modules and activities, and
  the work contexts a person may rule out;
- the introspection exercises: driver texts (www/journeys/exercises.py) and the labels, help texts and choices of
  the forms a beneficiary fills in (www/journeys/forms.py, www/projects/forms.py).

Staff-only forms (template editor, interview log, skipping an activity, the coach's synthesis draft) are left out,
as are bibliographic notices (source, attribution, validation population): they cite names, dates and sample sizes.

Run `python -m tests.plain_language.inventory` for a table of every text, its score and its problems.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from openbilan.plain_language import review

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = sorted((ROOT / "openbilan" / "assessments" / "instruments").glob("*.json"))
JOURNEY_DATA = ROOT / "openbilan" / "journeys" / "data"


@dataclass(frozen=True)
class Text:
    source: str  # file or module
    key: str  # where in it
    kind: str  # a plain_language kind: item, label, prompt
    text: str

    @property
    def problems(self):
        return review(self.text, self.kind)


def instrument_texts(paths=None) -> list[Text]:
    texts = []
    for path in INSTRUMENTS if paths is None else paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        source = f"instruments/{path.name}"

        def add(key, kind, value, source=source):
            if value:
                texts.append(Text(source, key, kind, value))

        add("name", "label", data["name"]["fr"])
        for key in ("summary", "purpose", "instructions", "adaptation"):
            add(key, "prompt", data.get(key, {}).get("fr"))
        for label in data["response_scale"].get("labels", []):
            add(f"response {label['value']}", "label", label["fr"])
        for item in data["items"]:
            if not item.get("administered", True):
                continue  # kept to score external files, never shown
            if data["kind"] == "ranking":
                add(f"card {item['id']}", "label", item["fr"])
                add(f"card {item['id']} description", "prompt", item.get("description", {}).get("fr"))
            else:
                add(f"item {item['id']}", "item", item["fr"])
        for scale in data["scales"]:
            if scale["code"] == "O6" and data["slug"] == "ipip-neo-120":
                continue  # facet not computed on the platform (its items are not asked), never shown
            add(f"scale {scale['code']} name", "label", scale["name"]["fr"])
            for key in ("description", "high", "low"):
                add(f"scale {scale['code']} {key}", "prompt", scale.get(key, {}).get("fr"))
    return texts


def journey_texts() -> list[Text]:
    texts = []
    for path in sorted(JOURNEY_DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = f"journeys/data/{path.name}"
        if "phases" in data:
            texts.append(Text(source, "name", "label", data["name_fr"]))
            for phase in data["phases"]:
                nodes = [(f"phase {phase['code']}", phase)]
                for module in phase["modules"]:
                    nodes.append((f"module {module['slug']}", module))
                    nodes += [(f"activity {activity['slug']}", activity) for activity in module["activities"]]
                for key, node in nodes:
                    texts.append(Text(source, f"{key} title", "label", node["title_fr"]))
                    if node.get("purpose_fr"):
                        texts.append(Text(source, f"{key} purpose", "prompt", node["purpose_fr"]))
        for group in data.get("groups", []):
            texts.append(Text(source, f"group {group['title_fr']}", "label", group["title_fr"]))
            texts += [Text(source, f"context {code}", "label", fr) for code, fr, _en in group["contexts"]]
    return texts


def _form_texts(module: str, form_classes) -> list[Text]:
    from django import forms

    texts = []
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            key = f"{form_class.__name__}.{name}"
            if field.label:
                texts.append(Text(module, f"{key} label", "label", str(field.label)))
            if field.help_text:
                texts.append(Text(module, f"{key} help", "prompt", str(field.help_text)))
    return texts


def _choices(module: str, key: str, choices) -> list[Text]:
    return [Text(module, f"{key} choice {value}", "label", str(label)) for value, label in choices if value]


def form_texts() -> list[Text]:
    """Labels, help texts and choices written in the beneficiary's forms and exercises (French, the msgids)."""
    from django.utils import translation

    from openbilan.www.journeys import exercises
    from openbilan.www.journeys import forms as journey_forms
    from openbilan.www.projects import forms as project_forms

    with translation.override("fr"):
        journeys = "www/journeys/forms.py"
        projects = "www/projects/forms.py"
        texts = _form_texts(
            journeys,
            [
                journey_forms.NeedsAnalysisForm,
                journey_forms.TimelineEntryForm,
                journey_forms.DriverEntryForm,
                journey_forms.BeliefEntryForm,
                journey_forms.AspirationsForm,
                journey_forms.SelfAssessmentForm,
                journey_forms.ConsentForm,
                journey_forms.StatusForm,
                journey_forms.PreferencesForm,
            ],
        )
        texts += [
            Text(journeys, f"STATUS_ACTION_LABELS {action}", "label", str(label))
            for action, label in journey_forms.STATUS_ACTION_LABELS.items()
        ]
        texts += [
            Text("www/journeys/exercises.py", f"DRIVER_TEXTS {driver}", "prompt", str(text))
            for driver, text in exercises.DRIVER_TEXTS.items()
        ]
        texts += _form_texts(
            projects,
            [
                project_forms.AlignmentForm,
                project_forms.FeasibilityForm,
                project_forms.FundingForm,
                project_forms.MarketForm,
                project_forms.StepForm,
                project_forms.FieldForm,
                project_forms.WorkflowForm,
                project_forms.CommentForm,
                project_forms.ShareForm,
                project_forms.RetentionForm,
            ],
        )
        for form_class, name in [
            (project_forms.FundingForm, "training_needed"),
            (project_forms.RetentionForm, "months"),
        ]:
            texts += _choices(projects, f"{form_class.__name__}.{name}", form_class.base_fields[name].choices)
    return texts


def all_texts() -> list[Text]:
    return instrument_texts() + journey_texts() + form_texts()


if __name__ == "__main__":  # pragma: no cover - a report for the person reviewing texts
    import os
    import sys

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from openbilan.plain_language import measure

    rows = all_texts()
    failing = [row for row in rows if row.problems]
    for row in rows if "--all" in sys.argv else failing:
        print(f"{measure(row.text).score:6.1f}  {row.kind:6}  {row.source} :: {row.key}\n        {row.text}")
        for problem in row.problems:
            print(f"        - {problem}")
    print(f"{len(rows)} texts, {len(failing)} with problems")
