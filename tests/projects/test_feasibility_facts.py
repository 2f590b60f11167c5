"""Issue 19: feasibility is judged against the facts, not only against a note being written. When the suggestions
set the occupation aside for the person (here: a training longer than they accept), the criterion is not met, even
with a note, and the project page says why to the person and to the coach alike."""

import pytest
from django.urls import reverse

from openbilan.projects import selectors, snapshot
from openbilan.projects.models import Project
from openbilan.recommendations.explanations import Text
from tests.accounts.factories import verify_otp
from tests.projects.factories import bilan, fill, start

TOO_LONG = Text(
    "Écarté : il faudrait environ %(months)s mois de formation, plus que les %(max_training)s mois que vous acceptez.",
    {"months": 60, "max_training": 12},
)


def contradicted(project):
    evidence = dict(project.feasibility_evidence, excluded_by=snapshot.dump(TOO_LONG))
    Project.objects.filter(pk=project.pk).update(feasibility_evidence=evidence)
    return Project.objects.get(pk=project.pk)


@pytest.mark.django_db
def test_a_project_the_facts_set_aside_is_not_feasible_even_with_a_note():
    project = fill(start(bilan()))
    assert {c.kind: c.met for c in selectors.checks_of(project)}["feasibility"]
    project = contradicted(project)
    check = {c.kind: c for c in selectors.checks_of(project)}["feasibility"]
    assert not check.met and check.missing == "feasibility_contradicted"


@pytest.mark.two_factor
@pytest.mark.django_db
def test_the_person_and_the_coach_read_the_same_contradiction(client):
    enrolment = bilan()
    project = contradicted(fill(start(enrolment)))
    url = reverse("projects:project", kwargs={"project_id": project.pk})
    for user in (enrolment.beneficiary, enrolment.coach):
        client.force_login(user)
        verify_otp(client, user)
        page = client.get(url).content.decode()
        assert "Les faits contredisent ce projet" in page, user
