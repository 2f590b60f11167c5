"""Every beneficiary-facing text passes the plain-language review (thresholds: openbilan.plain_language.THRESHOLDS,
explained in docs/PLAIN_LANGUAGE.md). A failure names the text, where it lives and what to change."""

import json
import statistics

import pytest

from openbilan.assessments import definitions
from openbilan.plain_language import measure
from openbilan.www.journeys.exercises import DRIVER_TEXTS
from tests.plain_language import inventory

TEXTS = inventory.all_texts()


@pytest.mark.parametrize("text", TEXTS, ids=[f"{t.source}::{t.key}" for t in TEXTS])
def test_beneficiary_text_is_plain(text):
    problems = text.problems
    assert not problems, f"{text.source} :: {text.key}\n  {text.text}\n" + "\n".join(f"  - {p}" for p in problems)


def test_every_item_asked_by_every_instrument_is_reviewed():
    reviewed = {(t.source, t.key) for t in TEXTS}
    for slug, instrument in definitions.shipped().items():
        for item in instrument.administered_items:
            key = f"card {item.id}" if instrument.kind == "ranking" else f"item {item.id}"
            assert (f"instruments/{slug}.json", key) in reviewed, (slug, item.id)


def test_every_activity_of_the_journey_template_and_every_driver_text_is_reviewed():
    data = json.loads((inventory.JOURNEY_DATA / "bilan-12-semaines.json").read_text(encoding="utf-8"))
    slugs = [a["slug"] for phase in data["phases"] for module in phase["modules"] for a in module["activities"]]
    keys = {t.key for t in TEXTS}
    assert all(f"activity {slug} purpose" in keys for slug in slugs)
    assert sum(t.key.startswith("DRIVER_TEXTS") for t in TEXTS) == len(DRIVER_TEXTS)


def test_the_beneficiary_forms_labels_and_help_texts_are_reviewed():
    keys = {t.key for t in TEXTS}
    for key in [
        "ConsentForm.share_with_prescriber label",
        "AspirationsForm.excluded_contexts help",
        "BeliefEntryForm.belief help",
        "FundingForm.sources label",
        "ShareForm.recipient help",
        "RetentionForm.months choice 0",
    ]:
        assert key in keys


def test_a_hard_item_in_an_instrument_file_fails_the_review(tmp_path):
    data = json.loads((definitions.INSTRUMENTS_DIR / "ipip-bigfive-50.json").read_text(encoding="utf-8"))
    data["items"][0]["fr"] = (
        "Je me caractérise par une appétence manifeste pour les interactions socioprofessionnelles."
    )
    path = tmp_path / "hard.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    failing = [t for t in inventory.instrument_texts([path]) if t.problems]
    assert [t.key for t in failing] == ["item EXT1"]
    assert {p.code for p in failing[0].problems} >= {"jargon", "long_words", "readability"}


def test_the_texts_are_easy_on_average():
    """Kandel & Moles median per kind (80 and more reads as easy French): a regression guard on the whole set."""
    for kind, floor in [("item", 85), ("prompt", 70)]:
        scores = [measure(t.text).score for t in TEXTS if t.kind == kind]
        assert statistics.median(scores) >= floor, kind
