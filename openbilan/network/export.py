"""The network domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `network.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.network.models import Meeting, ProfessionalProfile
from openbilan.serialize import when

NAME = "network"


def part(user: User) -> dict:
    """Everything the network domain holds about a person, as JSON-ready data: the meetings they asked for and, if
    they are a professional, their profile."""
    meetings = [
        {
            "professional": m.professional_name,
            "occupation": m.occupation.code_rome,
            "requested_at": when(m.created_at),
            "request": m.request,
            "state": m.state,
            "scheduled_at": when(m.scheduled_at),
            "held_on": when(m.held_on),
            "debrief": m.debrief,
            "outcome": m.outcome,
            "feedback": m.feedback,
            "messages": [
                {"from": msg.author.first_name, "at": when(msg.created_at), "body": msg.body}
                for msg in m.messages.select_related("author")
            ],
        }
        for m in Meeting.objects.filter(beneficiary=user).select_related("professional__user", "occupation")
    ]
    profile = ProfessionalProfile.objects.filter(user=user).first()
    return {
        "meetings": meetings,
        "professional_profile": None
        if profile is None
        else {
            "headline": profile.headline,
            "employer": profile.employer,
            "region": profile.region,
            "availability": profile.availability,
            "contact_mode": profile.contact_mode,
            "state": profile.state,
            "occupations": list(profile.occupations.values_list("code_rome", flat=True)),
        },
    }
