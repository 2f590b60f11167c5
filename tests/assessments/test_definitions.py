"""The shipped instrument files: complete, bilingual, keyed per their published keys."""

import copy
import json

import pytest

from openbilan.assessments import definitions
from openbilan.assessments.definitions import DefinitionError, parse

SHIPPED = definitions.shipped()


def raw(slug):
    return json.loads((definitions.INSTRUMENTS_DIR / f"{slug}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", sorted(SHIPPED))
def test_every_file_states_purpose_source_population_licence_and_adaptation(slug):
    instrument = SHIPPED[slug]
    for key in ("purpose", "adaptation", "validation_population", "attribution"):
        assert instrument.text(key, "fr") and instrument.text(key, "en")
    assert instrument.source["citation"] and instrument.data["licence"]


@pytest.mark.parametrize("slug", ["riasec-markers-48", "ipip-bigfive-50", "ipip-neo-120"])
def test_french_wordings_written_here_say_they_are_not_validated(slug):
    assert "non validée" in SHIPPED[slug].text("adaptation", "fr")


def test_riasec_has_48_items_r1_to_c8_on_six_scales_of_eight():
    instrument = SHIPPED["riasec-markers-48"]
    assert sorted(instrument.item_ids) == sorted(f"{letter}{n}" for letter in "RIASEC" for n in range(1, 9))
    assert {code: len(indices) for code, indices in instrument.scale_indices().items()} == dict.fromkeys("RIASEC", 8)
    assert not any(item.reverse for item in instrument.items)
    assert [label["en"] for label in instrument.labels][0::4] == ["Dislike", "Enjoy"]


def test_riasec_pages_mix_the_six_types():
    assert [item.id for item in SHIPPED["riasec-markers-48"].items[:6]] == ["R1", "I1", "A1", "S1", "E1", "C1"]


def test_big_five_ids_and_scales():
    instrument = SHIPPED["ipip-bigfive-50"]
    expected = {f"{scale}{n}" for scale in ("EXT", "AGR", "CSN", "EST", "OPN") for n in range(1, 11)}
    assert set(instrument.item_ids) == expected


# The official IPIP key for the 10-item Big-Five markers (ipip.ori.org/newBigFive5broadKey.htm), by wording.
IPIP_MINUS_KEYED = {
    "I don't talk a lot.", "I keep in the background.", "I have little to say.",
    "I don't like to draw attention to myself.", "I am quiet around strangers.",
    "I feel little concern for others.", "I insult people.", "I am not interested in other people's problems.",
    "I am not really interested in others.",
    "I leave my belongings around.", "I make a mess of things.",
    "I often forget to put things back in their proper place.", "I shirk my duties.",
    "I get stressed out easily.", "I worry about things.", "I am easily disturbed.", "I get upset easily.",
    "I change my mood a lot.", "I have frequent mood swings.", "I get irritated easily.", "I often feel blue.",
    "I have difficulty understanding abstract ideas.", "I am not interested in abstract ideas.",
    "I do not have a good imagination.",
}  # fmt: skip


def test_big_five_keying_follows_the_official_ipip_key():
    instrument = SHIPPED["ipip-bigfive-50"]
    assert {item.texts["en"] for item in instrument.items if item.reverse} == IPIP_MINUS_KEYED


def test_emotional_stability_is_scored_so_that_calm_scores_high():
    instrument = SHIPPED["ipip-bigfive-50"]
    assert instrument.item("EST1").reverse  # "I get stressed out easily."
    assert not instrument.item("EST2").reverse  # "I am relaxed most of the time."


def test_neo_has_120_items_and_30_facets_of_four():
    instrument = SHIPPED["ipip-neo-120"]
    indices = instrument.scale_indices()
    facets = [scale.code for scale in instrument.scales if scale.level == "facet"]
    assert len(instrument.items) == 120 and len(facets) == 30
    assert all(len(indices[code]) == 4 for code in facets)
    assert all(len(indices[domain]) == 24 for domain in "NEOAC")


def test_neo_political_items_are_kept_for_files_but_never_asked():
    instrument = SHIPPED["ipip-neo-120"]
    not_asked = [item for item in instrument.items if not item.administered]
    assert {item.scale for item in not_asked} == {"O6"} and len(not_asked) == 4
    asked = instrument.scale_indices(instrument.administered_items)
    assert "O6" not in asked and len(asked["O"]) == 20


def test_neo_draft_translation_of_the_voting_items_is_no_longer_inverted():
    instrument = SHIPPED["ipip-neo-120"]
    liberal = next(item for item in instrument.items if "liberal political" in item.texts["en"])
    conservative = next(item for item in instrument.items if "conservative political" in item.texts["en"])
    assert "progressistes" in liberal.texts["fr"] and "conservateurs" in conservative.texts["fr"]


def test_work_values_are_the_six_onet_values():
    instrument = SHIPPED["work-values"]
    assert set(instrument.item_ids) == {
        "achievement", "independence", "recognition", "relationships", "support", "working_conditions",
    }  # fmt: skip
    assert {item.extra["onet_element_id"] for item in instrument.items} == {f"1.B.2.{x}" for x in "abcdef"}


def test_items_hash_changes_when_an_item_wording_changes():
    data = raw("riasec-markers-48")
    edited = copy.deepcopy(data)
    edited["items"][0]["fr"] = "Vérifier des pièces"
    assert parse(edited).items_hash != parse(data).items_hash


def test_items_hash_ignores_interpretation_texts():
    data = raw("riasec-markers-48")
    edited = copy.deepcopy(data)
    edited["scales"][0]["high"]["fr"] = "Autre texte."
    assert parse(edited).items_hash == parse(data).items_hash
    assert parse(edited).content_hash != parse(data).content_hash


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["items"].append(dict(d["items"][0])),
        lambda d: d["items"][0].update(keying="?"),
        lambda d: d["items"][0].update(scale="Z"),
        lambda d: d["items"][0].pop("en"),
        lambda d: d.pop("purpose"),
        lambda d: d["response_scale"]["labels"].pop(),
        lambda d: d.update(version=0),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_error(breakage):
    data = raw("riasec-markers-48")
    breakage(data)
    with pytest.raises(DefinitionError, match="riasec-markers-48"):
        parse(data)
