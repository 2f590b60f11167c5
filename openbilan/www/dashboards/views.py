"""Each role's home page, and the redirect that sends a person to theirs after sign-in."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from openbilan.accounts.models import Role
from openbilan.coaching import selectors as coaching_selectors
from openbilan.journeys import selectors as journey_selectors
from openbilan.programmes import selectors as programme_selectors
from openbilan.projects import selectors as projects_selectors
from openbilan.www.roles import role_required

ROLE_HOMES = {
    Role.BENEFICIARY: "www:beneficiary_home",
    Role.COACH: "www:coach_home",
    Role.OPERATOR_ADMIN: "www:operator_home",
    Role.FUNDER_VIEWER: "www:funder_home",
    Role.PRESCRIBER: "www:prescriber_home",
    Role.PROFESSIONAL: "network:professional_home",
}


@require_GET
@login_required
def home(request):
    role = request.user.primary_role
    if role is None:
        return render(request, "dashboards/no_role.html")
    return redirect(ROLE_HOMES[role])


@dataclass(frozen=True)
class HomeRow:
    card: journey_selectors.HomeCard
    unread: int
    next_appointment: object | None
    synthesis_to_read: str = ""  # "review": sent for the person's comments; "final": to confirm as received


@require_GET
@role_required(Role.BENEFICIARY)
def beneficiary_home(request):
    """The person's journey home (mobile first): current phase, next step, progress per phase, weeks left, unread
    messages from the coach and the next appointment."""
    cards = journey_selectors.home_cards(request.user)
    upcoming = coaching_selectors.upcoming_appointments(request.user)
    next_by_enrolment = {}
    for appointment in upcoming:
        next_by_enrolment.setdefault(appointment.enrolment_id, appointment)
    waiting = projects_selectors.syntheses_waiting_for(request.user)
    rows = [
        HomeRow(
            card,
            coaching_selectors.unread_count(request.user, card.enrolment) if card.overview else 0,
            next_by_enrolment.get(card.enrolment.pk),
            waiting.get(card.enrolment.pk, ""),
        )
        for card in cards
    ]
    from openbilan.accounts.selectors import pending_proposal_count

    return render(
        request,
        "dashboards/beneficiary.html",
        {
            "rows": rows,
            "enrolments": [card.enrolment for card in cards],
            "proposals": pending_proposal_count(request.user),
        },
    )


@require_GET
@role_required(Role.COACH)
def coach_home(request):
    """The caseload: phase, progress, last activity, next appointment and drop-out risk of each person, sorted and
    filtered with a plain GET form, in a constant number of queries whatever its size (see coaching.caseload)."""
    from openbilan.www.coaching import forms as coaching_forms
    from openbilan.www.coaching import presenters as coaching_presenters

    form = coaching_forms.CaseloadForm(request.GET or None)
    return render(request, "dashboards/coach.html", coaching_presenters.caseload_context(request.user, form))


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def operator_home(request):
    """The operator admin's programmes: people enrolled, referrals to check, and the way to each programme."""
    programmes = programme_selectors.operator_programme_rows(request.user)
    return render(request, "dashboards/operator.html", {"programmes": programmes})


@require_GET
@role_required(Role.FUNDER_VIEWER)
def funder_home(request):
    """The programmes the funder's organisation funds, with counts under 11 hidden; each leads to its dashboard."""
    from openbilan.www.reporting.views import programme_list_context

    return render(request, "dashboards/funder.html", programme_list_context(request.user))


@require_GET
@role_required(Role.PRESCRIBER)
def prescriber_home(request):
    """The prescriber's latest referrals: the person and the date; status and outcome only where the person
    agreed to share them."""
    from openbilan.www.reporting.presenters import follow_up_rows

    referrals = programme_selectors.referral_follow_up(request.user)[:20]
    return render(
        request,
        "dashboards/prescriber.html",
        {
            "rows": follow_up_rows(referrals, programme_selectors.referrals_in_review_of(request.user)[:20], limit=20),
            "can_refer": programme_selectors.programmes_referable_by(request.user).exists(),
        },
    )
