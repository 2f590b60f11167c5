"""The journeys domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `journeys.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.journeys.models import EmailPreference, Entry, Journey, ReminderLog, Transition
from openbilan.serialize import row

NAME = "journeys"


def part(person: User) -> dict:
    """Everything the journeys domain holds about a person, JSON-ready (right of access and portability): their
    journeys, exercises, self-assessments, interviews and activity progress, the changes of step and status, the
    reminders decided for them and their e-mail preference."""
    journeys = Journey.objects.filter(enrolment__beneficiary=person).select_related("enrolment__programme")
    entry_models = Entry.__subclasses__()  # every exercise, including one added later
    data = {"journeys": [], "exercises": [], "self_assessments": [], "interviews": [], "activities": []}
    for journey in journeys:
        data["journeys"].append({"programme": journey.enrolment.programme.name, **row(journey, skip=("enrolment",))})
        for model in entry_models:
            for entry in model.objects.filter(journey=journey):
                data["exercises"].append({"exercise": model.__name__, **row(entry, skip=("journey",))})
        for sa in journey.self_assessments.all():
            data["self_assessments"].append(row(sa, skip=("journey",)))
        for interview in journey.interviews.all():
            data["interviews"].append(row(interview, skip=("journey", "recorded_by")))
        for done in journey.progress.select_related("activity"):
            data["activities"].append({"activity": str(done.activity), **row(done, skip=("journey", "activity", "by"))})
    data["transitions"] = [
        row(t, skip=("enrolment", "actor")) for t in Transition.objects.filter(enrolment__beneficiary=person)
    ]
    data["reminders"] = [
        row(r, skip=("enrolment", "error")) for r in ReminderLog.objects.filter(enrolment__beneficiary=person)
    ]
    preference = EmailPreference.objects.filter(user=person).first()
    data["email_preference"] = None if preference is None else {"reminders": preference.reminders}
    return data
