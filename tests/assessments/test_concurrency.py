"""Two tabs saving at the same moment: the attempt row is locked, so neither write is lost nor fails."""

import threading

import pytest
from django.db import connection

from openbilan.assessments import services
from openbilan.assessments.models import Answer
from tests.assessments.factories import load_instruments, started_attempt


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL: the in-memory SQLite test database fails concurrent writers instead of waiting",
)
@pytest.mark.django_db(transaction=True)
def test_two_tabs_answering_the_same_question_at_once_leave_one_answer():
    load_instruments()
    attempt = started_attempt()
    barrier = threading.Barrier(2)
    errors = []

    def tab(value):
        try:
            barrier.wait()
            services.record_answers(attempt=attempt, answers={"R1": value, "I1": value}, answered_by=attempt.user)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tab, args=(value,)) for value in (2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    answers = list(Answer.objects.filter(attempt=attempt).values_list("item_id", "value"))
    assert sorted(item for item, _ in answers) == ["I1", "R1"]
    assert len({value for _, value in answers}) == 1  # both answers come from the same tab: no interleaving
