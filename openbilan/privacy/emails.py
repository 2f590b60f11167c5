"""The e-mails of the privacy domain, sent by the task worker (privacy/tasks.py): the closing message (R6313-7), in
the person's language (openbilan/mail.py). The task table holds the enrolment's id only."""

from django.urls import reverse

from openbilan import mail
from openbilan.programmes.models import Enrolment

ENDED = ("completed", "dropped")


def deliver_closing_message(*, enrolment_id: int) -> str:
    """The bilan ended: its documents are destroyed the night after; what belongs to the person, to keep first."""
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, status__in=ENDED, consented_at__isnull=False)
        .select_related("beneficiary", "programme")
        .first()
    )
    if enrolment is None or not enrolment.beneficiary.is_active:
        return "not_sent"
    person = enrolment.beneficiary
    context = {
        "programme": enrolment.programme.name,
        "results": mail.absolute_url(reverse("assessments:list")),
        "synthesis": mail.absolute_url(reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk})),
        "export": mail.absolute_url(reverse("privacy:index")),
    }
    mail.send_templated("privacy/emails/closing", person.email, context, mail.language_of(person))
    return "sent"
