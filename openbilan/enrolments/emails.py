"""The invitation e-mail: a signed link to the invitation and consent page, sent by the task worker.

Moved as it was from programmes.services (the salt is unchanged: links already sent stay valid).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from openbilan import mail
from openbilan.enrolments.errors import InvalidLink
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.enrolments.tasks import send_invitation

INVITATION_SALT = "openbilan.programmes.invitation"
INVITATION_DAYS = 30


def invitation_token(enrolment: Enrolment) -> str:
    return signing.dumps({"e": enrolment.pk, "u": enrolment.beneficiary_id}, salt=INVITATION_SALT, compress=True)


def invitation_url(enrolment: Enrolment) -> str:
    return mail.absolute_url(reverse("programmes:invitation", kwargs={"token": invitation_token(enrolment)}))


def enrolment_from_invitation(token: str) -> Enrolment:
    """The enrolment a signed invitation link points to; InvalidLink when it is wrong or older than 30 days."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired:
        raise InvalidLink(expired=True) from None
    except signing.BadSignature:
        raise InvalidLink() from None
    enrolment = (
        Enrolment.objects.filter(pk=data.get("e"), beneficiary_id=data.get("u"))
        .select_related("beneficiary", "programme")
        .first()
    )
    if enrolment is None:
        raise InvalidLink()
    return enrolment


def queue_invitation(enrolment: Enrolment) -> None:
    transaction.on_commit(lambda: send_invitation.enqueue(enrolment.pk))


def deliver_invitation(*, enrolment_id: int) -> str:
    """Send the invitation e-mail (run by the task worker). Nothing is sent once the person has answered."""
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
        "link": invitation_url(enrolment),
        "days": INVITATION_DAYS,
        "site_name": settings.OPENBILAN_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("enrolments/emails/invitation_subject.txt", context).strip()
        body = render_to_string("enrolments/emails/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [enrolment.beneficiary.email])
    return "sent"
