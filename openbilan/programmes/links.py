"""The signed link of a survey: no sign-in needed, valid 90 days, minted by the worker that e-mails it
(programmes/emails.py) and read by the survey page. Nothing of it is stored."""

from django.urls import reverse

from openbilan import mail
from openbilan.enrolments.errors import InvalidLink
from openbilan.enrolments.links import read_signed, signed
from openbilan.programmes.models import Survey

SURVEY_SALT = "openbilan.programmes.survey"
SURVEY_DAYS = 90


def survey_token(survey: Survey) -> str:
    return signed({"s": survey.pk, "e": survey.enrolment_id}, salt=SURVEY_SALT)


def survey_url(survey: Survey) -> str:
    return mail.absolute_url(reverse("programmes:survey", kwargs={"token": survey_token(survey)}))


def survey_from_token(token: str) -> Survey:
    data = read_signed(token, salt=SURVEY_SALT, days=SURVEY_DAYS)
    survey = (
        Survey.objects.filter(pk=data.get("s"), enrolment_id=data.get("e"))
        .select_related("enrolment__programme", "enrolment__beneficiary")
        .first()
    )
    if survey is None:
        raise InvalidLink()
    return survey
