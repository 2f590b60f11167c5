"""Professionals and meetings in a known state, built through the services where the rules matter."""

from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.network import services
from openbilan.network.models import Meeting, ProfessionalOccupation, ProfessionalProfile, Region
from openbilan.referential.models import Occupation
from tests.accounts.factories import UserFactory


def professional(operator, *, codes=("K2111",), state=ProfessionalProfile.State.APPROVED, **kwargs):
    """A professional of this operator's network (with the professional role when approved or paused)."""
    role = (
        Role.PROFESSIONAL if state in (ProfessionalProfile.State.APPROVED, ProfessionalProfile.State.PAUSED) else None
    )
    user = UserFactory(role=role, role__organisation=operator) if role else UserFactory()
    profile = ProfessionalProfile.objects.create(
        user=user,
        operator=operator,
        headline=kwargs.pop("headline", "Formatrice pour adultes"),
        region=kwargs.pop("region", Region.NORMANDIE),
        availability=kwargs.pop("availability", "Le mardi après 17 h"),
        state=state,
        source=kwargs.pop("source", ProfessionalProfile.Source.INVITATION),
        **kwargs,
    )
    for occupation in Occupation.objects.filter(code_rome__in=codes):
        ProfessionalOccupation.objects.create(profile=profile, occupation=occupation)
    return profile


def requested(enrolment, profile, *, code="K2111", request="Bonjour, pouvons-nous parler de votre métier ?", **kwargs):
    return services.request_meeting(
        beneficiary=enrolment.beneficiary, professional=profile, code_rome=code, request=request, **kwargs
    )


def accepted(enrolment, profile, **kwargs) -> Meeting:
    meeting = requested(enrolment, profile, **kwargs)
    return services.answer(meeting=meeting, actor=profile.user, accept=True)


def done(enrolment, profile, *, text="Le métier demande de la patience. J'ai aimé l'échange.", **kwargs) -> Meeting:
    meeting = accepted(enrolment, profile, **kwargs)
    return services.debrief(
        meeting=meeting, actor=enrolment.beneficiary, held_on=timezone.localdate(), text=text, outcome="confirms"
    )
