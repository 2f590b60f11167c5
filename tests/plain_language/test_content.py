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


# --- Templates -------------------------------------------------------------------------------------------------------


def test_every_template_of_the_beneficiary_folders_is_reviewed_or_left_out_with_a_reason():
    on_disk = {
        str(path.relative_to(inventory.ROOT / "openbilan"))
        for folder in inventory.TEMPLATE_FOLDERS
        for path in (inventory.ROOT / "openbilan" / folder).rglob("*")
        if path.is_file()
    }
    reviewed, left_out = set(inventory.BENEFICIARY_TEMPLATES), set(inventory.LEFT_OUT_TEMPLATES)
    assert not reviewed & left_out
    assert on_disk - {"templates/base.html"} <= reviewed | left_out, sorted(on_disk - reviewed - left_out)
    assert reviewed | left_out <= on_disk | {"templates/base.html"}
    assert all(reason for reason in inventory.LEFT_OUT_TEMPLATES.values())


def test_the_templates_texts_are_reviewed_but_not_the_branches_only_staff_see():
    texts = {(t.source, t.text) for t in TEXTS}
    results = "templates/www/assessments/templates/assessments/results.html"
    assert (results, "Vos résultats : Paul") in texts
    assert not any("en tant que consultant·e" in text for source, text in texts if source == results)
    journey = "templates/www/journeys/templates/journeys/journey.html"
    assert (journey, "Mon parcours") in texts and (journey, "Parcours de Paul") not in texts
    assert ("templates/templates/dashboards/beneficiary.html", "Mes outils") in texts


def test_a_blocktranslate_gives_the_msgid_makemessages_writes_and_the_text_a_person_reads():
    source = (
        '{% load i18n %}{% if as_coach %}{% translate "Coach" %}{% else %}{% translate "Vous" %}{% endif %}'
        "{% blocktranslate trimmed count counter=n with name=p.name %}\n  Un message de {{ name }}\n"
        "{% plural %}{{ counter }} messages de {{ name }}, 100 %{% endblocktranslate %}"
    )
    found = inventory.template_msgids(source)
    assert [(f.msgid, f.plural, f.branches) for f in found] == [
        ("Coach", None, ("as_coach",)),
        ("Vous", None, ("else of as_coach",)),
        ("Un message de %(name)s", "%(counter)s messages de %(name)s, 100 %%", ()),
    ]
    assert inventory.readable('En faire un projet<span class="x"> : %(label)s</span>') == "En faire un projet : Paul"


def test_a_template_text_is_a_label_up_to_eight_words_in_one_sentence_and_a_prompt_beyond():
    assert inventory.template_kind("Ajouter une étape") == "label"
    assert inventory.template_kind("Pas encore de réponse. Revenez demain.") == "prompt"
    assert inventory.template_kind("Rencontrer un professionnel de ce métier avec votre consultant·e") == "prompt"


def test_a_hard_text_planted_in_a_template_fails_the_review(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '{% load i18n %}<p>{% translate "Votre employabilité est évaluée par le prescripteur." %}</p>',
        encoding="utf-8",
    )
    [text] = inventory.template_texts([path])
    assert {p.code for p in text.problems} >= {"jargon", "passive"}


def test_each_allowed_text_is_still_in_its_template_and_still_fails():
    for (path, msgid), reason in inventory.ALLOWED.items():
        found = inventory.template_msgids((inventory.ROOT / "openbilan" / path).read_text(encoding="utf-8"))
        assert msgid in {f.msgid for f in found}, path
        text = inventory.readable(msgid)
        assert inventory.review(text, inventory.template_kind(text)), (msgid, reason)


def test_every_reviewed_template_text_has_an_english_translation_in_its_catalogue():
    """A rewritten msgid gets its English msgstr too (the compiled catalogues: run compilemessages first)."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("en")._catalog
    missing = []
    for path in inventory.BENEFICIARY_TEMPLATES:
        for found in inventory.template_msgids((inventory.ROOT / "openbilan" / path).read_text(encoding="utf-8")):
            if inventory.staff_only(path, found.branches) or not found.msgid.strip():
                continue
            key = found.msgid if found.plural is None else (found.msgid, 0)
            if not catalogue.get(key):
                missing.append(f"{path}: {found.msgid}")
    assert not missing, "\n".join(missing)


# --- The other beneficiary forms and the errors a beneficiary meets ---------------------------------------------------


def test_the_other_beneficiary_forms_errors_and_model_choices_are_reviewed():
    keys = {(t.source, t.key) for t in TEXTS}
    for key in [
        ("www/privacy/forms.py", "ErasureForm.confirm label"),
        ("www/quality/forms.py", "AccommodationForm.kinds choice large_print"),
        ("www/network/forms.py", "DebriefForm.outcome choice nuances"),
        ("www/programmes/forms.py", "EvaluationForm.knows_self_better choice 4"),
        ("www/privacy/forms.py", "ErasureForm Écrivez le mot « effacer » pour confirmer."),
        ("www/coaching/forms.py", "MessageForm.files help"),
        ("www/projects/forms.py", "FundingForm.sources choice employer"),
        ("coaching/errors.py", "file_extension"),
        ("network/errors.py", "daily_limit"),
        ("projects/errors.py", "share_revoked"),
        ("quality/errors.py", "consent_missing"),
        ("enrolments/errors.py", "InvalidLink expired=True"),
        ("privacy/throttle.py", "Throttled window=3600"),
        ("django.contrib.auth SetPasswordForm", "new_password1 label"),
    ]:
        assert key in keys, key


def test_an_error_raised_in_a_form_clean_method_is_found_in_the_class():
    found = inventory._class_msgids(inventory.ROOT / "openbilan/www/privacy/forms.py", "ErasureForm")
    assert "Écrivez le mot « effacer » pour confirmer." in found


def test_every_error_left_out_as_staff_only_exists_and_has_a_reason():
    import importlib

    for source, left_out in inventory.STAFF_ERRORS.items():
        module_name, attribute = inventory.ERROR_SOURCES[source]
        messages = getattr(importlib.import_module(module_name), attribute)
        assert set(left_out) <= set(messages), source
        assert all(left_out.values())


def test_each_text_awaiting_a_rewrite_by_its_owner_still_exists_and_still_fails():
    awaiting = {
        (t.source, t.key): t
        for t in inventory.beneficiary_form_texts(keep_awaiting=True)
        + inventory.error_texts(keep_awaiting=True)
        + inventory.template_texts(keep_awaiting=True)
        if (t.source, t.key) in inventory.AWAITING_REWRITE
    }
    assert set(awaiting) == set(inventory.AWAITING_REWRITE)
    assert all(text.problems for text in awaiting.values())


def test_every_reviewed_form_and_error_text_has_an_english_translation():
    """Django's own texts (set password) and the throttle's formatted plural are translated by their owners."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("en")._catalog
    missing = [
        f"{text.source} :: {text.key}: {text.msgid}"
        for text in inventory.beneficiary_form_texts() + inventory.error_texts()
        if not text.source.startswith("privacy/throttle") and not catalogue.get(text.msgid)
    ]
    assert not missing, "\n".join(missing)
