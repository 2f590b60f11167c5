"""The load test's final check finds every lost, duplicated or unexpected write (a checker that cannot fail proves
nothing), and passes when the database holds exactly what the clients were told was saved."""

import json

import pytest

from loadtest import verify
from openbilan.assessments import services as assessments
from openbilan.journeys import services as journeys
from openbilan.journeys.models import NeedsAnalysis
from tests.assessments.factories import load_instruments, started_attempt
from tests.coaching.factories import MessageFactory, followed

pytestmark = pytest.mark.django_db


def _answer(attempt, answers, *, ok=True, seq=0, finished=False):
    return {
        "t": "answer",
        "u": "a",
        "seq": seq,
        "attempt": attempt.pk,
        "answers": answers,
        "ok": ok,
        "finished": finished,
    }


@pytest.fixture
def attempt():
    load_instruments()
    attempt = started_attempt()
    assessments.record_answers(attempt=attempt, answers={"R1": 3, "R2": 4}, answered_by=attempt.user)
    return attempt


def test_answers_as_confirmed_pass(attempt):
    result = verify.check_answers([_answer(attempt, {"R1": 2}), _answer(attempt, {"R1": 3, "R2": 4}, seq=1)])
    assert (result["lost"], result["duplicated"], result["unexpected"]) == (0, 0, 0)
    assert result["answers_checked"] == 2


def test_a_confirmed_answer_missing_from_the_database_is_lost(attempt):
    result = verify.check_answers([_answer(attempt, {"R1": 3, "R2": 4, "R3": 5})])
    assert result["lost"] == 1


def test_a_stored_value_older_than_the_last_confirmed_one_is_lost(attempt):
    result = verify.check_answers([_answer(attempt, {"R1": 3, "R2": 4}), _answer(attempt, {"R1": 1}, seq=1)])
    assert result["lost"] == 1


def test_an_unconfirmed_later_value_may_be_stored(attempt):
    result = verify.check_answers([_answer(attempt, {"R1": 5, "R2": 4}), _answer(attempt, {"R1": 3}, ok=False, seq=1)])
    assert result["lost"] == 0
    assert result["posts_unconfirmed"] == 1


def test_an_answer_nobody_sent_is_unexpected(attempt):
    result = verify.check_answers([_answer(attempt, {"R1": 3})])
    assert result["unexpected"] == 1


def test_an_attempt_seen_finished_but_open_in_the_database_is_lost(attempt):
    result = verify.check_answers([_answer(attempt, {"R1": 3, "R2": 4}, finished=True)])
    assert result["lost"] == 1


def _needs(enrolment, version, values, *, ok=True, seq=0):
    return {"t": "autosave", "u": "a", "seq": seq, "enrolment": enrolment.pk, "version": version, "values": values,
            "ok": ok}  # fmt: skip


@pytest.fixture
def saved_twice():
    enrolment = followed()
    person = enrolment.beneficiary
    for version, text in ((0, "Premier jet."), (1, "Deuxième jet.")):
        journeys.save_entry(
            journey=enrolment.journey, model=NeedsAnalysis, version=version, values={"needs": text}, actor=person
        )
    return enrolment


def test_autosaves_applied_once_each_pass(saved_twice):
    records = [
        _needs(saved_twice, 0, {"needs": "Premier jet."}),
        _needs(saved_twice, 1, {"needs": "Deuxième jet."}, seq=1),
    ]
    result = verify.check_autosaves(records)
    assert (result["lost"], result["duplicated"]) == (0, 0)


def test_a_confirmed_autosave_not_applied_is_lost(saved_twice):
    records = [_needs(saved_twice, 0, {"needs": f"jet {n}"}, seq=n) for n in range(3)]
    records[-1]["values"] = {"needs": "Deuxième jet."}
    assert verify.check_autosaves(records)["lost"] == 1


def test_an_autosave_applied_twice_is_duplicated(saved_twice):
    result = verify.check_autosaves([_needs(saved_twice, 0, {"needs": "Deuxième jet."})])
    assert result["duplicated"] == 1


def test_the_last_confirmed_text_must_be_the_stored_one(saved_twice):
    records = [_needs(saved_twice, 0, {"needs": "Premier jet."}), _needs(saved_twice, 1, {"needs": "Autre."}, seq=1)]
    assert verify.check_autosaves(records)["lost"] == 1


def _message(enrolment, token, *, ok=True):
    return {"t": "message", "u": "a", "seq": 0, "enrolment": enrolment.pk, "token": token, "ok": ok}


def test_messages_stored_once_pass_and_the_others_are_found():
    enrolment = followed()
    stored, missing, twice = "a" * 32, "b" * 32, "c" * 32
    MessageFactory(enrolment=enrolment, body=f"Bonjour [{stored}]")
    MessageFactory(enrolment=enrolment, body=f"Re [{twice}]")
    MessageFactory(enrolment=enrolment, body=f"Re [{twice}]")
    MessageFactory(enrolment=enrolment, body="Sans jeton")
    result = verify.check_messages(
        [_message(enrolment, stored), _message(enrolment, missing), _message(enrolment, twice)]
    )
    assert (result["lost"], result["duplicated"], result["unexpected"]) == (1, 1, 1)


def test_an_unconfirmed_message_not_stored_is_not_lost():
    enrolment = followed()
    assert verify.check_messages([_message(enrolment, "d" * 32, ok=False)])["lost"] == 0


def test_verify_reads_every_client_file_in_order(attempt, tmp_path):
    lines = [_answer(attempt, {"R1": 1}, seq=0), _answer(attempt, {"R1": 3, "R2": 4}, seq=1)]
    (tmp_path / "sent-1.jsonl").write_text(json.dumps(lines[1]) + "\n", encoding="utf-8")
    (tmp_path / "sent-2.jsonl").write_text(json.dumps(lines[0]) + "\n", encoding="utf-8")
    result = verify.verify(tmp_path)
    assert (result["lost"], result["duplicated"], result["unexpected"]) == (0, 0, 0)
    assert result["answers"]["posts_confirmed"] == 2
