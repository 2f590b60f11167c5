"""`manage.py load_demo` hook: Stéphanie (the demo beneficiary) turns the first occupation of her shortlist into a
project in progress (most criteria have their evidence; the field evidence is still missing: her meeting with the
demo professional is accepted, not held yet), and her coach has started the synthesis (a first draft, not sent).

Safe to run twice: nothing is added once the project or the synthesis exists. Skipped without a shortlist (the
referential is not loaded)."""

import datetime

from django.db import transaction
from django.utils import timezone

from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.projects import selectors, services
from openbilan.projects.models import Project
from openbilan.recommendations.models import ShortlistItem


@transaction.atomic
def load(context) -> None:
    person, coach = context.users["beneficiary"], context.users["coach"]
    enrolment = Enrolment.objects.filter(programme=context.programme, beneficiary=person).first()
    if enrolment is None or enrolment.status != EnrolmentStatus.ACTIVE:
        return
    item = ShortlistItem.objects.filter(user=person).select_related("occupation").order_by("added_at", "pk").first()
    if item is not None and not Project.objects.filter(enrolment=enrolment).exists():
        _project(enrolment, person, item)
    if selectors.synthesis_for(enrolment) is None and Project.objects.filter(enrolment=enrolment).exists():
        services.save_synthesis(
            enrolment=enrolment,
            actor=coach,
            circumstances="Vous avez demandé ce bilan après douze ans dans la vente : vous avez mal au dos et "
            "voulez un métier où vous transmettez ce que vous savez.",
            skills="Accueil, écoute, sens du service, organisation. Des intérêts sociaux nets.",
            options="Trois pistes explorées ; les horaires de nuit et de week-end en ont écarté une.",
            project="Le projet se précise : il reste à rencontrer des professionnels du métier.",
        )


def _project(enrolment, person, item) -> None:
    project = services.start_project(enrolment=enrolment, actor=person, shortlist_item_id=item.pk)
    today = timezone.localdate()
    services.save_notes(
        project=project,
        actor=person,
        alignment_note="J'aime expliquer, aider les gens à progresser ; mes résultats montrent des intérêts sociaux.",
        feasibility_note="Des horaires de journée, à moins de 30 minutes de Caen : c'est compatible avec ma fille.",
    )
    services.save_funding(
        project=project,
        actor=person,
        training_needed=True,
        training_name="Titre professionnel (formation qualifiante)",
        sources=["cpf", "region"],
        note="Je regarde mes droits CPF ; la Région finance une partie pour les demandeurs d'emploi.",
    )
    services.add_market(
        project=project,
        actor=person,
        kind="offer",
        on=today - datetime.timedelta(days=3),
        description="Quatre offres dans le Calvados sur France Travail, surtout en CDD.",
    )
    services.add_step(
        project=project, actor=person, title="Aller à l'information collective", due_on=today + datetime.timedelta(7)
    )
    services.add_step(
        project=project, actor=person, title="Déposer mon dossier de financement", due_on=today + datetime.timedelta(30)
    )
