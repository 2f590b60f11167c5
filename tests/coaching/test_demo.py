"""The demo: the coach's exchanges with the demo beneficiaries, one of them flagged at risk. Safe to run twice."""

from openbilan.coaching import caseload
from openbilan.coaching.models import Appointment, CoachNote, Message, TimeEntry
from openbilan.demo import load_demo
from openbilan.journeys.models import Interview


def counts():
    return (
        Message.objects.count(),
        sorted(Appointment.objects.values_list("status", flat=True)),
        CoachNote.objects.count(),
        TimeEntry.objects.count(),
        Interview.objects.count(),
    )


def test_the_demo_coach_has_messages_appointments_notes_and_time_and_one_person_at_risk(db):
    context = load_demo()
    first = counts()
    assert first[0] >= 4
    assert first[1] == ["booked", "done", "missed"]
    assert first[2] >= 1 and first[3] >= 1 and first[4] == 1
    booked = Appointment.objects.get(status="booked")
    assert booked.kind == "video" and booked.enrolment.beneficiary == context.users["beneficiary"]
    rows = {row.person: row for row in caseload.caseload(context.users["coach"])}
    assert rows[context.users["beneficiary2"]].flag_codes == ("missed_appointment",)
    assert rows[context.users["beneficiary"]].flag_codes == ()
    load_demo()
    assert counts() == first
