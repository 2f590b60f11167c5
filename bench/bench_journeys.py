"""Server time of the journey pages (demo data, through Django's test client), one autosave, and the reminder
scheduler over a cohort of inactive people."""

from bench.clients import signed_in
from bench.timing import measure


def run():
    import datetime

    from django.test import Client
    from django.utils import timezone

    from openbilan.demo import load_demo
    from openbilan.enrolments.models import Enrolment
    from openbilan.journeys import services
    from openbilan.journeys.models import Journey, ReminderLog, TimelineEntry
    from tests.journeys.factories import started_journey

    context = load_demo()
    person = context.users["beneficiary"]
    enrolment = Enrolment.objects.get(programme=context.programme, beneficiary=person)
    client = Client()
    client.force_login(person)
    coach = signed_in(context.users["coach"])
    entry = TimelineEntry.objects.filter(journey__enrolment=enrolment).first()
    url = f"/parcours/{enrolment.pk}/ligne-de-vie/{entry.pk}/"

    def autosave():
        current = TimelineEntry.objects.get(pk=entry.pk)
        prefix = f"e{entry.pk}"
        data = {f"{prefix}-version": current.version, f"{prefix}-kind": current.kind, f"{prefix}-learned": "x" * 800}
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200

    cohort = 300
    for _ in range(cohort):
        started_journey()
    Journey.objects.update(last_activity_at=timezone.now() - datetime.timedelta(days=20))

    def schedule_all():
        ReminderLog.objects.all().delete()
        services.enqueue_due_reminders()

    return [
        measure("beneficiary home (demo, investigation phase)", lambda: client.get("/mon-bilan/")),
        measure("journey page (person, demo)", lambda: client.get(f"/parcours/{enrolment.pk}/")),
        measure("journey page (coach, logged access)", lambda: coach.get(f"/parcours/{enrolment.pk}/")),
        measure("life timeline page (3 entries)", lambda: client.get(f"/parcours/{enrolment.pk}/ligne-de-vie/")),
        measure("autosave of one timeline entry (htmx)", autosave),
        measure(
            f"enqueue_reminders: {cohort} inactive people, first run",
            schedule_all,
            runs=5,
            warmup=1,
            note="decides, logs and queues one e-mail each",
        ),
        measure(
            f"enqueue_reminders: {cohort} inactive people, nothing new",
            services.enqueue_due_reminders,
            runs=10,
            warmup=1,
            note="the hourly cron run when all were already reminded",
        ),
    ]
