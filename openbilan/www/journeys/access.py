"""How every journey view finds the journey it may show, and logs a coach's access to the person's data."""

from django.http import Http404
from django.shortcuts import redirect

from openbilan.journeys import selectors
from openbilan.journeys.errors import ActivityLocked, TransitionRefused
from openbilan.www import flow


def journey_or_404(
    request, enrolment_id: int, label: str, *, started: bool = True, content: bool = False
) -> selectors.JourneyAccess:
    """The journey the person owns or the coach follows, as the access rule says; 404 for anybody else (nothing
    tells them it exists). `content`: the page shows the person's work (exercises, life line, needs analysis),
    which a coach opens only while the person shares it (openbilan.enrolments.access).

    A coach's access is logged (professional secrecy, GDPR: the person can see who opened their data)."""
    access = selectors.journey_access(request.user, enrolment_id, content=content)
    if access is None or (started and access.journey is None):
        raise Http404
    access.rule.log(label, path=request.path)
    return access


def refused(request, error: TransitionRefused | ActivityLocked, enrolment_id: int):
    """Show a refusal on the journey page, where the person sees what to do next."""
    flow.say(request, error)
    return redirect("journeys:journey", enrolment_id=enrolment_id)


def posted(request):
    """The form data of a POST, even an empty one (an unticked box sends nothing), or None for a GET."""
    return request.POST if request.method == "POST" else None
