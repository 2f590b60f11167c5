"""Projects and syntheses in a known state, built through the services (so every test exercises the real rules).

`bilan()` gives a person in the investigation phase of a started bilan, followed by a coach of the operator, with
their RIASEC results, values and a shortlist over the small referential of tests.recommendations.factories."""

import datetime

from django.utils import timezone

from openbilan.projects import services
from openbilan.projects.models import Project
from openbilan.recommendations import services as recommendations
from tests.coaching.factories import followed
from tests.recommendations.factories import person_with_evidence, referential


def bilan(*, codes=("K2111", "K2104"), with_referential=True, **kwargs):
    """An enrolment whose person has results and these occupations in their shortlist."""
    if with_referential:
        referential()
    enrolment = followed(phase="investigation", **kwargs)
    person_with_evidence(enrolment=enrolment)
    for code in codes:
        recommendations.add_to_shortlist(user=enrolment.beneficiary, code_rome=code)
    enrolment.beneficiary.__dict__.pop("roles", None)
    return enrolment


def start(enrolment, code="K2111") -> Project:
    item = enrolment.beneficiary.shortlist.get(occupation__code_rome=code)
    return services.start_project(enrolment=enrolment, actor=enrolment.beneficiary, shortlist_item_id=item.pk)


def fill(project: Project, *, field=True) -> Project:
    """Give every criterion its evidence (two interviews noted by the person when `field`)."""
    person = project.beneficiary
    today = timezone.localdate()
    services.save_notes(
        project=project,
        actor=person,
        alignment_note="J'aime transmettre et mes résultats vont dans ce sens.",
        feasibility_note="Horaires de journée, à 20 minutes de chez moi.",
    )
    services.save_funding(
        project=project,
        actor=person,
        training_needed=True,
        training_name="Titre professionnel Formateur professionnel d'adultes",
        sources=["cpf", "region"],
        note="Dossier CPF à déposer.",
    )
    services.add_market(project=project, actor=person, kind="offer", on=today, description="Trois offres à Caen")
    services.add_step(project=project, actor=person, title="M'inscrire à l'information collective", due_on=today)
    services.add_step(
        project=project, actor=person, title="Déposer le dossier CPF", due_on=today + datetime.timedelta(days=30)
    )
    if field:
        for who in ("Mme Leclerc, formatrice à l'AFPA", "M. Diallo, formateur indépendant"):
            services.add_field(
                project=project, actor=person, kind="interview", held_on=today, with_whom=who, debrief="Instructif."
            )
    project.refresh_from_db()
    return project


def submitted(enrolment, code="K2111") -> Project:
    project = fill(start(enrolment, code))
    return services.transition(project=project, actor=enrolment.beneficiary, action="submit")


def validated(enrolment, code="K2111") -> Project:
    project = submitted(enrolment, code)
    return services.transition(project=project, actor=enrolment.coach, action="validate")


def final_synthesis(enrolment):
    coach = enrolment.coach
    texts = {"circumstances": "Contexte.", "skills": "Compétences.", "options": "Pistes.", "project": "Projet."}
    services.save_synthesis(enrolment=enrolment, actor=coach, **texts)
    services.send_synthesis(enrolment=enrolment, actor=coach)
    return services.finalise_synthesis(enrolment=enrolment, actor=coach)
