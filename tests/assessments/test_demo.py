import pytest

from openbilan import demo
from openbilan.assessments import demo as assessments_demo
from openbilan.assessments import selectors
from openbilan.assessments.models import Attempt


@pytest.fixture
def load_demo(monkeypatch):
    """The demo accounts with only this domain's part (other domains' demos are tested in their own folders)."""
    monkeypatch.setattr(demo, "domain_modules", lambda name: iter([assessments_demo]))
    return demo.load_demo


def test_the_demo_gives_stephanie_results_and_karim_a_half_finished_questionnaire(db, load_demo):
    context = load_demo()
    stephanie, karim = context.users["beneficiary"], context.users["beneficiary2"]
    assert selectors.latest_riasec_scores(stephanie) is not None
    assert selectors.latest_values_ranking(stephanie)[0] == "relationships"
    attempt = selectors.latest_finished(stephanie, "riasec-markers-48")
    assert attempt.result["holland_code"] == "SAE" and not attempt.result["quality"]["too_fast"]
    open_attempt = Attempt.objects.get(user=karim)
    assert not open_attempt.is_finished and open_attempt.answers.count() == 24


def test_loading_the_demo_twice_adds_no_attempt(db, load_demo):
    load_demo()
    before = sorted(Attempt.objects.values_list("pk", flat=True))
    load_demo()
    assert sorted(Attempt.objects.values_list("pk", flat=True)) == before
