"""The signed invitation link: minted by the worker that sends the invitation e-mail, read by the invitation page.

The salt is the one the link had when programmes sent it, so links already sent stay valid."""

import datetime

from django.core import signing
from django.urls import reverse

from openbilan import mail
from openbilan.enrolments.errors import InvalidLink
from openbilan.enrolments.models import Enrolment

INVITATION_SALT = "openbilan.programmes.invitation"
INVITATION_DAYS = 30


def signed(data: dict, *, salt: str) -> str:
    """A link's token: `data` signed with the secret key and `salt` (and dated), readable by read_signed only."""
    return signing.dumps(data, salt=salt, compress=True)


def read_signed(token: str, *, salt: str, days: int) -> dict:
    """The data of a signed link; InvalidLink when it was altered, or older than `days` (then `expired`)."""
    try:
        return signing.loads(token, salt=salt, max_age=datetime.timedelta(days=days))
    except signing.SignatureExpired:
        raise InvalidLink(expired=True) from None
    except signing.BadSignature:
        raise InvalidLink() from None


def invitation_token(enrolment: Enrolment) -> str:
    return signed({"e": enrolment.pk, "u": enrolment.beneficiary_id}, salt=INVITATION_SALT)


def invitation_url(enrolment: Enrolment) -> str:
    return mail.absolute_url(reverse("programmes:invitation", kwargs={"token": invitation_token(enrolment)}))


def enrolment_from_invitation(token: str) -> Enrolment:
    """The enrolment a signed invitation link points to; InvalidLink when it is wrong or older than 30 days."""
    data = read_signed(token, salt=INVITATION_SALT, days=INVITATION_DAYS)
    enrolment = (
        Enrolment.objects.filter(pk=data.get("e"), beneficiary_id=data.get("u"))
        .select_related("beneficiary", "programme")
        .first()
    )
    if enrolment is None:
        raise InvalidLink()
    return enrolment
