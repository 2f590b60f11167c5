"""The programmes domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `programmes.json` in the ZIP (each list also
as a CSV file)."""

from django.db.models import Q

from openbilan.accounts.models import User
from openbilan.programmes.models import Evaluation, Outcome, Referral, Survey
from openbilan.programmes.selectors import disability_of
from openbilan.serialize import row

NAME = "programmes"
# Who handled a referral is the staff's business; the person gets what was written about them.
REFERRAL_STAFF = ("programme", "prescriber", "created_by", "reviewed_by", "duplicate_of", "enrolment")


def _referrals_about(person: User, enrolment_ids: list[int]):
    about = Q(enrolment_id__in=enrolment_ids) | Q(duplicate_of=person)
    if person.email:
        about |= Q(email__iexact=person.email)
    return Referral.objects.filter(about).select_related("programme", "prescriber").order_by("created_at", "pk")


def part(person: User) -> dict:
    """The person's enrolments with their outcomes, evaluations and follow-up surveys, the referrals made about them
    (the rows erasure finds: by enrolment, e-mail address or duplicate), and their disability declaration."""
    enrolments = list(person.enrolments.select_related("programme", "prescriber", "coach"))
    ids = [e.pk for e in enrolments]
    return {
        "enrolments": [
            {
                "programme": e.programme.name,
                "coach": e.coach.get_full_name() if e.coach else None,
                "prescriber": e.prescriber.name if e.prescriber else None,
                **row(e, skip=("programme", "beneficiary", "coach", "prescriber")),
            }
            for e in enrolments
        ],
        "outcomes": [row(o, skip=("recorded_by",)) for o in Outcome.objects.filter(enrolment_id__in=ids)],
        "evaluations": [row(ev) for ev in Evaluation.objects.filter(enrolment_id__in=ids)],
        "surveys": [row(s, skip=("enrolment", "error")) for s in Survey.objects.filter(enrolment_id__in=ids)],
        "referrals": [
            {"programme": r.programme.name, "prescriber": r.prescriber.name, **row(r, skip=REFERRAL_STAFF)}
            for r in _referrals_about(person, ids)
        ],
        "disability": row(d, skip=("person",)) if (d := disability_of(person)) else None,
    }
