"""A person with data in every domain, their name and e-mail written into free text wherever people write it."""

import datetime

from django.utils import timezone

from openbilan.coaching.models import CoachNote
from openbilan.enrolments.models import EnrolmentStatus
from openbilan.privacy.models import Purpose
from openbilan.privacy.services import record_access, set_consent
from openbilan.programmes.models import Evaluation, Outcome
from tests.assessments.factories import finished_attempt
from tests.coaching.factories import MessageFactory, TimeEntryFactory
from tests.network.factories import done, professional
from tests.projects.factories import bilan, final_synthesis, validated

EMAIL = "camille.zephyrine@example.org"
FIRST, LAST = "Zéphyrine", "Quintanilla"


def rich_person():
    """An enrolment (completed) whose person has results, exercises, messages, notes, a project, a synthesis,
    a meeting with a professional, an outcome, an evaluation with a testimonial, consents and an access log."""
    enrolment = bilan(beneficiary__email=EMAIL, beneficiary__first_name=FIRST, beneficiary__last_name=LAST)
    person, coach = enrolment.beneficiary, enrolment.coach
    mention = f"{FIRST} {LAST} <{EMAIL}>"
    finished_attempt(person)
    MessageFactory(enrolment=enrolment, body=f"Bonjour, ici {mention}.")
    MessageFactory(enrolment=enrolment, sender=coach, recipient=person, body=f"Bonjour {FIRST} !")
    CoachNote.objects.create(
        enrolment=enrolment, author=coach, body=f"{FIRST} {LAST} hésite.", created_at=timezone.now()
    )
    TimeEntryFactory(enrolment=enrolment, description=f"Entretien avec {LAST}")
    validated(enrolment)
    final_synthesis(enrolment)
    done(enrolment, professional(enrolment.programme.operator), text=f"{FIRST} a posé de bonnes questions.")
    set_consent(person=person, purpose=Purpose.RESEARCH, granted=True)
    record_access(actor=coach, subject=person, what=f"profil de {FIRST}", path="/x/")
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = timezone.now() - datetime.timedelta(days=60)
    enrolment.phone = "0601020304"
    enrolment.birth_date = datetime.date(1980, 5, 4)
    enrolment.external_id = EMAIL
    enrolment.save()
    Outcome.objects.create(
        **_programme_of(Outcome, enrolment),
        enrolment=enrolment,
        moment="end",
        kind="training",
        observed_on=timezone.localdate(),
        source="coach",
    )
    Evaluation.objects.create(
        **_programme_of(Evaluation, enrolment),
        enrolment=enrolment,
        kind="hot",
        satisfaction=4,
        testimonial=f"Merci, {FIRST} {LAST}",
        testimonial_publish=True,
        answered_at=timezone.now(),
    )
    return enrolment


def _programme_of(model, enrolment) -> dict:
    """Rows that denormalise their programme (issue 9 work in progress) get it too."""
    names = {f.name for f in model._meta.concrete_fields}
    return {"programme": enrolment.programme} if "programme" in names else {}
