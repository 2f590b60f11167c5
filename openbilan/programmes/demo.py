"""`manage.py load_demo` hook: the demo programme's cohort, so that a newcomer sees a realistic dashboard and report.

About 100 fictitious people in every state (invited, in progress, paused, completed, dropped), with their segments,
outcomes at the end and at 3, 6 and 12 months, evaluations and a few testimonials, followed by two more demo coaches
(the demo coach keeps the two demo beneficiaries). Plus one referral waiting for the admin's check (a possible
duplicate). Safe to run twice: the people are found by their e-mail addresses and nothing is added again.
"""

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Role
from openbilan.enrolments.models import Enrolment
from openbilan.programmes import services, synthetic
from openbilan.programmes.models import Referral

COHORT_SIZE = 100
COACHES = (
    ("coach2@demo.openbilan.fr", "Inès", "Robert"),
    ("coach3@demo.openbilan.fr", "Julien", "Faure"),
)


def load(context):
    coaches = []
    for email, first_name, last_name in COACHES:
        coach = accounts.upsert_user(email=email, first_name=first_name, last_name=last_name)
        accounts.grant_role(user=coach, organisation=context.operator, role=Role.COACH)
        coaches.append(coach)
    synthetic.generate(
        programme=context.programme, size=COHORT_SIZE, seed=2026, prefix="demo-personne", coaches=coaches
    )
    _duplicate_referral(context)
    _name_proposal(context)


def _name_proposal(context):
    """The operator's file spells the demo beneficiary's name otherwise: she sees the proposal on her home page and
    accepts or refuses it (an import never changes an account by itself)."""
    from openbilan.accounts.models import ChangeProposal

    person = context.users["beneficiary"]
    if ChangeProposal.objects.filter(user=person).exists():
        return
    accounts.propose_change(
        user=person, organisation=context.operator, first_name="Stéphanie", last_name="Durand-Morel", email=person.email
    )


def _duplicate_referral(context):
    """A prescriber refers somebody who looks like a person already enrolled: the admin decides."""
    known = (
        Enrolment.objects.filter(programme=context.programme, beneficiary__email__startswith="demo-personne-")
        .exclude(birth_date=None)
        .select_related("beneficiary")
        .order_by("pk")
        .first()
    )
    email = "homonyme@demo.openbilan.invalid"
    if known is None or Referral.objects.filter(programme=context.programme, email=email).exists():
        return
    services.create_referral(
        programme=context.programme,
        prescriber=context.prescribers["france_travail"],
        created_by=context.users["prescriber"],
        first_name=known.beneficiary.first_name,
        last_name=known.beneficiary.last_name,
        email=email,
        birth_date=known.birth_date,
    )
