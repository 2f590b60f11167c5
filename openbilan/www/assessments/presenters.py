"""Turn attempts and results into what the templates show: localised texts, bands, chart geometry."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openbilan.assessments import results as results_core
from openbilan.assessments import scoring
from openbilan.assessments.definitions import Instrument, text
from openbilan.assessments.models import Attempt, InstrumentVersion
from openbilan.assessments.selectors import CohortTable

PAGE_SIZE = 6
HIGH, LOW = 60.0, 40.0  # reading aids on the 0-100 scale (docs/PSYCHOMETRICS.md): not norms


# --- paging ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pager:
    instrument: Instrument

    @property
    def items(self):
        return self.instrument.administered_items

    @property
    def count(self) -> int:
        return max(1, -(-len(self.items) // PAGE_SIZE))

    def page_items(self, page: int):
        return list(self.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])

    def first_number(self, page: int) -> int:
        return (page - 1) * PAGE_SIZE + 1

    def page_of(self, item_id: str) -> int:
        index = next(index for index, item in enumerate(self.items) if item.id == item_id)
        return index // PAGE_SIZE + 1

    def resume_page(self, answered) -> int:
        """The page of the first unanswered item (the last page when all are answered)."""
        missing = next((item.id for item in self.items if item.id not in answered), None)
        return self.count if missing is None else self.page_of(missing)


def progress(answered: int, total: int) -> dict:
    return {"answered": answered, "total": total, "percent": round(100 * answered / total) if total else 0}


# --- the list page -----------------------------------------------------------------------------------------------


@dataclass
class InstrumentCard:
    version: InstrumentVersion
    name: str
    summary: str
    purpose: str
    minutes: int | None
    open_attempt: Attempt | None = None
    open_progress: dict | None = None
    latest_finished: Attempt | None = None


def instrument_cards(offered, attempts, language: str) -> list[InstrumentCard]:
    cards = []
    for version in offered:
        instrument = version.instrument()
        card = InstrumentCard(
            version=version,
            name=instrument.name(language),
            summary=instrument.text("summary", language),
            purpose=instrument.text("purpose", language),
            minutes=instrument.estimated_minutes,
        )
        for attempt in attempts:  # newest first
            if attempt.instrument_version.slug != version.slug:
                continue
            if attempt.is_finished and card.latest_finished is None:
                card.latest_finished = attempt
            elif not attempt.is_finished and attempt.instrument_version_id == version.pk and card.open_attempt is None:
                card.open_attempt = attempt
                card.open_progress = attempt_progress(attempt)
        cards.append(card)
    return cards


def attempt_progress(attempt: Attempt) -> dict:
    instrument = attempt.instrument_version.instrument()
    if instrument.kind == InstrumentVersion.Kind.RANKING:
        return progress(0, 0)
    return progress(min(attempt.n_answers, len(instrument.administered_items)), len(instrument.administered_items))


def history_rows(attempts, language: str) -> list[dict]:
    return [
        {
            "attempt": attempt,
            "name": attempt.instrument_version.instrument().name(language),
            "progress": attempt_progress(attempt),
        }
        for attempt in attempts
    ]


# --- the card sort ------------------------------------------------------------------------------------------------


def cards_in_order(instrument: Instrument, ranks: dict[str, int], language: str) -> list[dict]:
    order = sorted(ranks, key=ranks.get)
    return [
        {
            "id": item_id,
            "position": position,
            "name": instrument.item(item_id).text(language),
            "description": text(instrument.item(item_id).extra.get("description"), language),
            "first": position == 1,
            "last": position == len(order),
        }
        for position, item_id in enumerate(order, start=1)
    ]


# --- results ------------------------------------------------------------------------------------------------------

CHART_WIDTH = 320
CHART_LEFT, CHART_RIGHT = 8, 312
ROW_HEIGHT = 44


@dataclass
class ScaleRow:
    code: str
    name: str
    description: str
    reading: str
    score: float
    low: float
    high: float
    sem: float
    raw: int
    mean: float
    n_items: int
    level: str
    parent: str | None
    in_code: bool = False
    geometry: dict = field(default_factory=dict)


def _x(score: float) -> float:
    return round(CHART_LEFT + score / 100 * (CHART_RIGHT - CHART_LEFT), 1)


def chart(rows: list[ScaleRow]) -> dict:
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        row.geometry = {
            "label_y": top + 14,
            "line_y": top + 28,
            "x": _x(row.score),
            "low_x": _x(row.low),
            "high_x": _x(row.high),
        }
    height = len(rows) * ROW_HEIGHT + 20
    ticks = [{"value": value, "x": _x(value)} for value in (0, 50, 100)]
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": height,
        "axis_y": height - 4,
        "grid_bottom": height - 16,
        "ticks": ticks,
        "left": CHART_LEFT,
        "right": CHART_RIGHT,
    }


def _reading(instrument: Instrument, code: str, score: float, language: str, in_code: bool) -> str:
    scale = instrument.scale(code)
    if instrument.interpretation == "within_person":
        return text(scale.high, language) if in_code else ""
    if score >= HIGH:
        return text(scale.high, language)
    if score <= LOW:
        return text(scale.low, language)
    return _("Vos réponses sont partagées : ni un côté ni l'autre ne domine.")


def likert_result(attempt: Attempt, language: str, cohort: CohortTable | None) -> dict:
    instrument = attempt.instrument_version.instrument()
    result = attempt.result
    code = result.get("holland_code", "")
    rows = []
    sources = set()
    for scale_code, data in result["scales"].items():
        cohort_row = cohort.scales.get(scale_code) if cohort else None
        sem, source = results_core.choose_sem(
            cohort_n=cohort.n if cohort else 0,
            cohort_sem=cohort_row.sem if cohort_row else None,
            person=data["person_sem"],
        )
        sources.add(source)
        sem = max(sem, scoring.error_floor(data["n_items"], minimum=instrument.minimum, maximum=instrument.maximum))
        low, high = scoring.band(data["score"], sem)
        scale = instrument.scale(scale_code)
        in_code = scale_code in code
        rows.append(
            ScaleRow(
                code=scale_code,
                name=text(scale.name, language),
                description=text(scale.description, language),
                reading=_reading(instrument, scale_code, data["score"], language, in_code),
                score=data["score"],
                low=low,
                high=high,
                sem=sem,
                raw=data["raw"],
                mean=data["mean"],
                n_items=data["n_items"],
                level=scale.level,
                parent=scale.parent,
                in_code=in_code,
            )
        )
    top = [row for row in rows if row.level != "facet"]
    facets = [
        {"domain": domain, "facets": [row for row in rows if row.parent == domain.code]}
        for domain in top
        if any(row.parent == domain.code for row in rows)
    ]
    by_code = {row.code: row for row in rows}
    return {
        "kind": "likert",
        "rows": top,
        "chart": chart(top),
        "facet_groups": facets,
        "code": code,
        "code_rows": [by_code[letter] for letter in code],
        "code_tie": result.get("holland_tie", False),
        "sem_source": "cohort" if sources == {"cohort"} else "person",
        "cohort_n": cohort.n if cohort else 0,
        "cohort_min_n": results_core.COHORT_MIN_N,
        "quality": result.get("quality", {}),
        "fast_threshold": scoring.FAST_SECONDS_PER_ITEM,
        "within_person": instrument.interpretation == "within_person",
        "not_administered": [item for item in instrument.items if not item.administered],
    }


def ranking_result(attempt: Attempt, language: str) -> dict:
    instrument = attempt.instrument_version.instrument()
    order = attempt.result["order"]
    ranks = {item_id: position for position, item_id in enumerate(order, start=1)}
    return {"kind": "ranking", "cards": cards_in_order(instrument, ranks, language)}


def instrument_texts(instrument: Instrument, language: str) -> dict:
    return {
        key: instrument.text(key, language)
        for key in ("name", "purpose", "attribution", "adaptation", "validation_population", "instructions", "summary")
    } | {"citation": instrument.source.get("citation", "")}
