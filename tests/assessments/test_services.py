"""Writes: answers saved as given (all valid or none), attempts finished once, versions kept."""

import copy
import datetime
import json

import pytest
from django.utils import timezone

from openbilan.assessments import definitions, services
from openbilan.assessments.models import Answer, Attempt, InstrumentVersion
from openbilan.assessments.reference import sync_instruments
from tests.accounts.factories import beneficiary, coach
from tests.assessments.factories import (
    BIGFIVE,
    NEO,
    RIASEC,
    WORK_VALUES,
    answer,
    finished_attempt,
    riasec_answers,
    started_attempt,
)


def test_only_a_beneficiary_can_start_a_questionnaire(instruments):
    with pytest.raises(services.NotAllowed):
        services.start_attempt(user=coach(), slug=RIASEC)


def test_an_unknown_questionnaire_cannot_be_started(instruments):
    with pytest.raises(services.UnknownInstrument):
        services.start_attempt(user=beneficiary(), slug="mbti")


def test_answers_are_saved_with_the_moment_they_were_given(instruments):
    attempt = started_attempt()
    before = timezone.now()
    assert services.record_answers(attempt=attempt, answers={"R1": 4, "I1": 2}, answered_by=attempt.user) == 2
    saved = {answer.item_id: answer for answer in attempt.answers.all()}
    assert (saved["R1"].value, saved["I1"].value) == (4, 2)
    assert saved["R1"].answered_at >= before
    attempt.refresh_from_db()
    assert attempt.last_answer_at == saved["R1"].answered_at


def test_saving_the_same_answer_again_changes_nothing(instruments):
    attempt = started_attempt()
    services.record_answers(attempt=attempt, answers={"R1": 4}, answered_by=attempt.user)
    assert services.record_answers(attempt=attempt, answers={"R1": 4}, answered_by=attempt.user) == 0


@pytest.mark.parametrize("answers", [{"R1": 4, "I1": 6}, {"R1": 4, "Z9": 3}, {"R1": "4"}, {"R1": True}])
def test_one_bad_answer_saves_nothing(instruments, answers):
    attempt = started_attempt()
    with pytest.raises(services.InvalidAnswer):
        services.record_answers(attempt=attempt, answers=answers, answered_by=attempt.user)
    assert not attempt.answers.exists()


def test_only_the_person_can_answer(instruments):
    attempt = started_attempt()
    with pytest.raises(services.NotAllowed):
        services.record_answers(attempt=attempt, answers={"R1": 4}, answered_by=beneficiary())


def test_political_items_cannot_be_answered_on_the_platform(instruments):
    attempt = started_attempt(slug=NEO)
    political = next(item.id for item in definitions.shipped_instrument(NEO).items if not item.administered)
    with pytest.raises(services.InvalidAnswer):
        services.record_answers(attempt=attempt, answers={political: 3}, answered_by=attempt.user)


def test_finishing_needs_every_answer(instruments):
    attempt = answer(started_attempt(), {"R1": 3})
    with pytest.raises(services.IncompleteAttempt) as error:
        services.finish_attempt(attempt=attempt, finished_by=attempt.user)
    assert error.value.missing[0] == "I1"


def test_finishing_stores_scores_code_and_quality(instruments):
    attempt = finished_attempt()
    result = attempt.result
    assert result["holland_code"] == "SAE"
    # S items: S1 answered 4, the seven others 5 -> raw 39, mean 4.875, score 96.875
    assert (result["scales"]["S"]["raw"], result["scales"]["S"]["score"]) == (39, pytest.approx(96.875))
    assert result["quality"] == {"straight_lining": False, "median_seconds": pytest.approx(6.0), "too_fast": False}


def test_a_finished_attempt_is_closed(instruments):
    attempt = finished_attempt()
    with pytest.raises(services.AttemptClosed):
        services.record_answers(attempt=attempt, answers={"R1": 5}, answered_by=attempt.user)
    assert services.finish_attempt(attempt=attempt, finished_by=attempt.user).finished_at == attempt.finished_at


def test_a_retake_is_a_new_attempt(instruments):
    first = finished_attempt()
    second = services.start_attempt(user=first.user, slug=RIASEC)
    assert second.pk != first.pk and Attempt.objects.filter(user=first.user).count() == 2


def test_big_five_reverse_keyed_items_are_reversed_when_finishing(instruments):
    instrument = definitions.shipped_instrument(BIGFIVE)
    attempt = finished_attempt(slug=BIGFIVE, answers={item.id: 5 for item in instrument.items})
    # EST: 2 plus-keyed items (5) + 8 minus-keyed items (1) = 18
    assert attempt.result["scales"]["EST"]["raw"] == 18
    assert attempt.result["quality"]["straight_lining"]


def test_the_work_values_sort_starts_with_every_card_once(instruments):
    attempt = started_attempt(slug=WORK_VALUES)
    assert sorted(attempt.answers.values_list("value", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_moving_a_card_swaps_it_with_its_neighbour(instruments):
    attempt = started_attempt(slug=WORK_VALUES)
    order = [item for item, _ in sorted(attempt.answers.values_list("item_id", "value"), key=lambda pair: pair[1])]
    new = services.move_card(attempt=attempt, item_id=order[2], direction="up", moved_by=attempt.user)
    assert new == [order[0], order[2], order[1], *order[3:]]
    assert services.move_card(attempt=attempt, item_id=new[0], direction="up", moved_by=attempt.user) == new


def test_a_ranking_needs_each_card_once(instruments):
    attempt = started_attempt(slug=WORK_VALUES)
    with pytest.raises(services.AssessmentError):
        services.set_ranking(attempt=attempt, order=["support"] * 6, ranked_by=attempt.user)


# --- versions -------------------------------------------------------------------------------------------------------


def test_loading_the_instruments_twice_changes_nothing(db):
    assert sync_instruments()
    before = list(InstrumentVersion.objects.values_list("pk", "content_hash", "is_current"))
    assert sync_instruments() == []
    assert list(InstrumentVersion.objects.values_list("pk", "content_hash", "is_current")) == before


@pytest.fixture
def edited_riasec(monkeypatch):
    """Make the shipped RIASEC file say something else, as if a developer had edited it."""

    def edit(change):
        data = json.loads((definitions.INSTRUMENTS_DIR / f"{RIASEC}.json").read_text(encoding="utf-8"))
        change(data)
        shipped = dict(definitions.shipped())
        shipped[RIASEC] = definitions.parse(copy.deepcopy(data))
        monkeypatch.setattr(definitions, "shipped", lambda: shipped)

    return edit


def test_editing_an_item_stores_a_new_version_and_attempts_keep_theirs(instruments, edited_riasec):
    old = finished_attempt()
    shipped = definitions.shipped_instrument(RIASEC).version  # the version number written in the file
    edited_riasec(lambda data: data["items"][0].update(fr="Vérifier des pièces avant de les envoyer"))
    changes = sync_instruments()
    assert any(f"stored as version {shipped + 1}" in line for line in changes)
    current = InstrumentVersion.objects.get(slug=RIASEC, is_current=True)
    assert current.version == shipped + 1
    old.refresh_from_db()
    assert old.instrument_version.version == shipped
    assert (
        old.instrument_version.instrument().item("R1").text("fr") == "Contrôler la qualité de pièces avant leur envoi"
    )
    assert services.start_attempt(user=old.user, slug=RIASEC).instrument_version == current


def test_editing_only_texts_updates_the_version_in_place(instruments, edited_riasec):
    edited_riasec(lambda data: data["scales"][0]["high"].update(fr="Vous aimez le concret."))
    changes = sync_instruments()
    shipped = definitions.shipped_instrument(RIASEC).version
    assert changes == [f"riasec-markers-48 v{shipped}: texts updated (items unchanged)"]
    version = InstrumentVersion.objects.get(slug=RIASEC)
    assert version.instrument().scale("R").high["fr"] == "Vous aimez le concret."


def test_an_unfinished_attempt_on_an_old_version_still_scores_on_it(instruments, edited_riasec):
    attempt = answer(started_attempt(started_at=timezone.now() - datetime.timedelta(hours=1)), riasec_answers())
    edited_riasec(lambda data: data["items"][0].update(keying="-"))
    sync_instruments()
    finished = services.finish_attempt(attempt=attempt, finished_by=attempt.user)
    assert not finished.instrument_version.instrument().item("R1").reverse
    assert finished.result["scales"]["R"]["raw"] == 8  # eight answers of 1; with R1 reversed it would be 12


def test_answers_keep_their_item_ids(instruments):
    attempt = finished_attempt()
    assert set(Answer.objects.filter(attempt=attempt).values_list("item_id", flat=True)) == set(riasec_answers())
