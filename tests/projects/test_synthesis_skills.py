"""Issue 19: the synthesis has a skills section: the skills held (confirmed from past jobs) and, for each project,
the core skills of its occupation still to acquire, by their names; a skill the person holds is not listed as one
to acquire."""

import pytest
from django.template.loader import render_to_string

from openbilan.projects import document, services
from openbilan.recommendations.models import ConfirmedSkill
from openbilan.referential.models import CoreLevel, OccupationSkill
from tests.projects.factories import bilan, validated

TEXTS = {"circumstances": "Contexte", "skills": "Compétences", "options": "Pistes", "project": "Projet"}


@pytest.mark.django_db
def test_the_skills_to_acquire_for_each_project_are_named_and_those_held_left_out():
    enrolment = bilan()
    project = validated(enrolment)
    core = list(
        OccupationSkill.objects.filter(occupation=project.occupation, core=CoreLevel.MAIN).select_related("skill")
    )
    assert len(core) >= 2
    held = core[0].skill
    ConfirmedSkill.objects.create(user=enrolment.beneficiary, skill=held)
    version = services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **TEXTS)
    to_acquire = version.facts["projects"][0]["to_acquire"]
    assert held.label not in to_acquire
    assert core[1].skill.label in to_acquire
    body = render_to_string("projects/document/body.html", {"doc": document.document(version, final=False)})
    assert f"Les compétences à acquérir pour « {project.title} »" in body
    assert core[1].skill.label in body
