"""Issue 19: the project's evidence is taken again by itself when what the suggestions read changed (a past job
saved on the life line, here), while the person may still edit it; a submitted project keeps its evidence."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from openbilan.journeys.models import TimelineEntry
from openbilan.projects import selectors
from openbilan.projects.models import Project
from tests.projects.factories import bilan, fill, start, submitted


def later_job(project):
    """The evidence was taken an hour ago; a past job is saved now."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Project.objects.filter(pk=project.pk).update(evidence_taken_at=earlier)
    TimelineEntry.objects.create(journey=project.enrolment.journey, kind=TimelineEntry.Kind.JOB, title="Vendeuse")
    return Project.objects.get(pk=project.pk)


@pytest.mark.django_db
def test_the_project_page_takes_the_evidence_again_when_the_facts_changed(client):
    enrolment = bilan()
    project = fill(start(enrolment))
    assert not selectors.evidence_is_stale(project)
    project = later_job(project)
    taken = project.evidence_taken_at
    assert selectors.evidence_is_stale(project)
    client.force_login(enrolment.beneficiary)
    assert client.get(reverse("projects:project", kwargs={"project_id": project.pk})).status_code == 200
    project = Project.objects.get(pk=project.pk)
    assert project.evidence_taken_at > taken
    assert not selectors.evidence_is_stale(project)


@pytest.mark.django_db
def test_a_submitted_project_keeps_the_evidence_it_is_judged_on(client):
    enrolment = bilan()
    project = later_job(submitted(enrolment))
    taken = project.evidence_taken_at
    client.force_login(enrolment.beneficiary)
    assert client.get(reverse("projects:project", kwargs={"project_id": project.pk})).status_code == 200
    assert Project.objects.get(pk=project.pk).evidence_taken_at == taken
