"""The e-mails of the programmes domain, sent by the task worker (programmes/tasks.py), each in its recipient's
language (openbilan/mail.py): the evaluation and follow-up surveys with their signed link, and the notice to the
owner of an address a prescriber referred. (The invitation e-mail is still sent from services.py.)"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openbilan import mail
from openbilan.programmes import links
from openbilan.programmes.models import Referral, Survey

logger = logging.getLogger(__name__)


def deliver_survey(*, survey_id: int) -> str:
    """Send one survey e-mail; a survey already handled is never sent twice."""
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(of=("self",))
            .select_related("enrolment__beneficiary", "enrolment__programme")
            .get(pk=survey_id)
        )
        if survey.state != Survey.State.QUEUED:
            return survey.state
        person = survey.enrolment.beneficiary
        context = {
            "person": person,
            "programme": survey.enrolment.programme,
            "survey": survey,
            "link": links.survey_url(survey),
        }
        try:
            with transaction.atomic():
                survey.state, survey.sent_at = Survey.State.SENT, timezone.now()
                survey.save(update_fields=["state", "sent_at"])
                mail.send_templated("programmes/emails/survey", person.email, context, mail.language_of(person))
        except Exception as error:  # an SMTP failure of any kind: the reason is kept
            survey.state, survey.sent_at, survey.error = Survey.State.FAILED, None, str(error)[:300]
            survey.save(update_fields=["state", "sent_at", "error"])
            logger.exception("survey %s could not be sent", survey_id)
        return survey.state


def deliver_referral_notice(*, referral_id: int) -> str:
    """The e-mail to the owner of an address a prescriber referred (the prescriber's page said nothing)."""
    referral = (
        Referral.objects.filter(pk=referral_id, duplicate=Referral.Duplicate.EMAIL, duplicate_of__is_active=True)
        .select_related("duplicate_of", "prescriber", "programme__operator")
        .first()
    )
    if referral is None:
        return "not_sent"
    person = referral.duplicate_of
    context = {
        "prescriber": referral.prescriber.name,
        "programme": referral.programme.name,
        "operator": referral.programme.operator.name,
        "login": mail.absolute_url(reverse("accounts:login")),
    }
    mail.send_templated("programmes/emails/referral_notice", person.email, context, mail.language_of(person))
    return "sent"
