"""The invitation e-mail, sent by the task worker (tasks.send_invitation) in the person's language, with the signed
link minted here, in the worker: the token never sits in the task table."""

from openbilan import mail
from openbilan.enrolments import links
from openbilan.enrolments.models import Enrolment, EnrolmentStatus


def deliver_invitation(*, enrolment_id: int) -> str:
    """Send the invitation e-mail. Nothing is sent once the person has answered."""
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id)
        .select_related("beneficiary", "programme__operator", "prescriber")
        .first()
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.INVITED:
        return "not_sent"
    context = {
        "person": enrolment.beneficiary,
        "programme": enrolment.programme,
        "prescriber": enrolment.prescriber,
        "link": links.invitation_url(enrolment),
        "days": links.INVITATION_DAYS,
    }
    person = enrolment.beneficiary
    mail.send_templated("enrolments/emails/invitation", person.email, context, mail.language_of(person))
    return "sent"
