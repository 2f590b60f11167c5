"""Each role's home page, and the redirect that sends a person to theirs after sign-in."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from openbilan.accounts.models import Role
from openbilan.journeys import selectors as journey_selectors
from openbilan.programmes import selectors as programme_selectors
from openbilan.reporting.disclosure import suppress
from openbilan.www.roles import role_required

ROLE_HOMES = {
    Role.BENEFICIARY: "www:beneficiary_home",
    Role.COACH: "www:coach_home",
    Role.OPERATOR_ADMIN: "www:operator_home",
    Role.FUNDER_VIEWER: "www:funder_home",
    Role.PRESCRIBER: "www:prescriber_home",
}


@require_GET
@login_required
def home(request):
    role = request.user.primary_role
    if role is None:
        return render(request, "dashboards/no_role.html")
    return redirect(ROLE_HOMES[role])


@require_GET
@role_required(Role.BENEFICIARY)
def beneficiary_home(request):
    """The person's journey home (mobile first): current phase, next step, progress per phase, weeks left.

    Unread messages and the next appointment join this page when the coaching domain exists."""
    cards = journey_selectors.home_cards(request.user)
    return render(
        request, "dashboards/beneficiary.html", {"cards": cards, "enrolments": [card.enrolment for card in cards]}
    )


@require_GET
@role_required(Role.COACH)
def coach_home(request):
    """The caseload: phase, progress, last activity, next appointment and drop-out risk of each person, sorted and
    filtered with a plain GET form, in a constant number of queries whatever its size (see coaching.selectors)."""
    from openbilan.www.coaching import forms as coaching_forms
    from openbilan.www.coaching import presenters as coaching_presenters

    form = coaching_forms.CaseloadForm(request.GET or None)
    return render(request, "dashboards/coach.html", coaching_presenters.caseload_context(request.user, form))


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def operator_home(request):
    programmes = programme_selectors.programmes_operated_by(request.user).select_related("funder")
    return render(request, "dashboards/operator.html", {"programmes": programmes})


@require_GET
@role_required(Role.FUNDER_VIEWER)
def funder_home(request):
    minimum = settings.OPENBILAN_MIN_CELL_SIZE
    rows = [
        {"programme": programme, "enrolled": suppress(programme.n_enrolments, minimum)}
        for programme in programme_selectors.programmes_funded_for(request.user)
    ]
    return render(request, "dashboards/funder.html", {"rows": rows, "minimum": minimum})


@require_GET
@role_required(Role.PRESCRIBER)
def prescriber_home(request):
    referrals = programme_selectors.referrals_of(request.user).order_by("-created_at")
    return render(request, "dashboards/prescriber.html", {"referrals": referrals})
