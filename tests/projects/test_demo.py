"""The demo: Stéphanie has a project in progress with evidence and a synthesis draft; Inès, the demo professional,
accepted her meeting and can sign in. Loading twice adds nothing."""

from openbilan.accounts.models import Role
from openbilan.demo import DEMO_PASSWORD, load_demo
from openbilan.network.models import Meeting, ProfessionalProfile
from openbilan.projects import selectors
from openbilan.projects.models import Project, SynthesisVersion
from tests.recommendations.factories import referential


def counts():
    return [m.objects.count() for m in (Project, SynthesisVersion, Meeting, ProfessionalProfile)]


def test_the_demo_has_a_project_in_progress_a_draft_and_a_professional(db):
    referential()
    context = load_demo()
    person = context.users["beneficiary"]
    project = selectors.project_of(person)
    assert project.state == "draft"
    met = {check.kind for check in selectors.checks_of(project) if check.met}
    assert {"alignment", "feasibility", "labour_market", "funding", "action_plan"} <= met
    assert "field" not in met
    synthesis = selectors.synthesis_of(person)
    assert synthesis.state == "draft" and synthesis.versions.count() == 1
    pro = context.users["professional"]
    assert Role.PROFESSIONAL in pro.roles and pro.check_password(DEMO_PASSWORD)
    assert ("Professionnel·le", "professionnel@demo.openbilan.fr", DEMO_PASSWORD) in context.logins
    assert Meeting.objects.get(professional__user=pro, beneficiary=person).state == Meeting.State.ACCEPTED


def test_loading_the_demo_twice_adds_nothing(db):
    referential()
    load_demo()
    before = counts()
    load_demo()
    assert counts() == before


def test_without_the_referential_the_professional_still_exists(db):
    context = load_demo()
    assert Role.PROFESSIONAL in context.users["professional"].roles
    assert not Project.objects.exists() and not Meeting.objects.exists()
