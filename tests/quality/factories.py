"""Quality objects made through the services, so tests exercise the same rules as the pages."""

from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.programmes.models import Evaluation
from openbilan.quality import services
from tests.accounts.factories import UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def admin_of(programme):
    return UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)


def published_offer(programme=None, admin=None, **values):
    programme = programme or ProgrammeFactory()
    admin = admin or admin_of(programme)
    defaults = {
        "objectives": "Construire un projet professionnel réaliste.",
        "duration": "3 mois, 24 heures d'accompagnement au plus",
        "how_to_start": "Parlez-en à votre conseiller France Travail.",
    }
    offer = services.save_offer(programme=programme, actor=admin, **{**defaults, **values})
    services.set_offer_published(programme=programme, actor=admin, published=True)
    offer.refresh_from_db()
    return offer


def complaint(programme=None, *, person=None, email="visiteur@example.org", body="Mon rendez-vous a été annulé.", **kw):
    programme = programme or ProgrammeFactory()
    return services.file_complaint(programme=programme, person=person, email=email, body=body, **kw)


def cohort(programme, *, completed: int, active: int = 0, dropped: int = 0, satisfied: int = 0, unsatisfied: int = 0):
    """A programme's cohort; `satisfied` + `unsatisfied` of the completers answer the end-of-bilan satisfaction."""
    people = []
    for _ in range(completed):
        people.append(EnrolmentFactory(programme=programme, completed=True))
    for _ in range(active):
        EnrolmentFactory(programme=programme)
    for _ in range(dropped):
        EnrolmentFactory(programme=programme, dropped=True)
    answers = [5] * satisfied + [2] * unsatisfied
    for enrolment, answer in zip(people, answers, strict=False):
        Evaluation.objects.create(
            enrolment=enrolment, programme=programme, kind="hot", satisfaction=answer, answered_at=timezone.now()
        )
    return people
