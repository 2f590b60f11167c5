"""Hostile input on the forms: any text gets a decision (valid or a clear error), never an exception."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.coaching.caseload import STATUS_FILTERS, CaseloadFilters
from openbilan.www.coaching import forms

text = st.text(max_size=300)


@given(q=text, status=text, phase=text, sort=text, at_risk=text)
def test_the_caseload_form_always_gives_usable_filters(q, status, phase, sort, at_risk):
    filters = forms.CaseloadForm({"q": q, "status": status, "phase": phase, "sort": sort, "at_risk": at_risk}).filters()
    assert isinstance(filters, CaseloadFilters)
    assert filters.status in STATUS_FILTERS
    assert filters.sort in ("risk", "name", "last_activity", "next_appointment", "progress")
    assert len(filters.q) <= 100


@given(mode=text, kind=text, slot=text, duration=text, link=text)
def test_the_appointment_form_refuses_nonsense_with_errors(mode, kind, slot, duration, link):
    form = forms.AppointmentForm({"mode": mode, "kind": kind, "slot1": slot, "duration": duration, "video_url": link})
    if form.is_valid():
        assert form.cleaned_data["mode"] in ("book", "propose") and form.cleaned_data["duration"] in (
            30,
            45,
            60,
            90,
            120,
        )
    else:
        assert form.errors


@given(minutes=st.one_of(st.integers(), text), description=text)
def test_the_time_form_keeps_minutes_between_5_and_480(minutes, description):
    form = forms.TimeForm({"on": "2026-10-01", "minutes": minutes, "description": description})
    if form.is_valid():
        assert 5 <= form.cleaned_data["minutes"] <= 480
