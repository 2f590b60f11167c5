"""The demo (`make run`) works under the access rule: its coach follows its beneficiary and reads their work."""

from openbilan.demo import load_demo
from openbilan.enrolments import access
from openbilan.enrolments.models import Enrolment


def test_the_demo_coach_reads_the_demo_beneficiarys_bilan_under_the_rule(db):
    users = load_demo().users
    coach, person = users["coach"], users["beneficiary"]
    rules = [access.decide(coach, e) for e in Enrolment.objects.filter(beneficiary=person, coach=coach)]
    assert any(rule is not None and rule.is_coach and rule.content for rule in rules)
    assert access.person_for_content(coach, person) is not None
