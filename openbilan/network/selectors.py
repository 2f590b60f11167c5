"""Every read of the network domain. Who may see what lives here, once:

- a beneficiary with a bilan in progress searches the professionals of their operator's network, and sees their own
  meetings;
- a professional sees their profile and the meetings asked of them: the person's first name, their request and the
  exchange. Never any bilan content (results, suggestions, project, synthesis);
- an operator admin sees the professionals of their operator (to approve sign-ups and invite), never a meeting;
- nobody else sees anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.network import limits
from openbilan.network.models import Invitation, Meeting, MeetingMessage, ProfessionalOccupation, ProfessionalProfile
from openbilan.referential.models import Occupation

OPEN_STATES = (Meeting.State.REQUESTED, Meeting.State.ACCEPTED)


def is_professional(user: User) -> bool:
    return user.is_authenticated and Role.PROFESSIONAL in user.roles


def profile_of(user: User) -> ProfessionalProfile | None:
    """The approved (or paused) profile of a signed-in professional, else None."""
    if not is_professional(user):
        return None
    return (
        ProfessionalProfile.objects.filter(
            user=user, state__in=[ProfessionalProfile.State.APPROVED, ProfessionalProfile.State.PAUSED]
        )
        .select_related("operator", "user")
        .first()
    )


def occupations_of(profile: ProfessionalProfile) -> list[Occupation]:
    """The occupations the professional can talk about (their home page)."""
    return [link.occupation for link in profile.occupation_links.select_related("occupation")]


def occupation_codes_of(profile: ProfessionalProfile) -> list[str]:
    """Their ROME codes in order, as the profile form shows them."""
    return list(profile.occupations.order_by("code_rome").values_list("code_rome", flat=True))


def operators_of_beneficiary(user: User) -> QuerySet[Organisation]:
    """The operators running a bilan the person has consented to and that is in progress."""
    if not user.is_authenticated or not user.is_beneficiary:
        return Organisation.objects.none()
    enrolments = Enrolment.objects.filter(
        beneficiary=user, status=EnrolmentStatus.ACTIVE, consented_at__isnull=False
    ).values("programme__operator")
    return Organisation.objects.filter(pk__in=enrolments)


def can_search(user: User) -> bool:
    return operators_of_beneficiary(user).exists()


def pending_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=limits.PENDING_DAYS)


def _pending_count_filter() -> Q:
    return Q(meetings__state=Meeting.State.REQUESTED, meetings__created_at__gte=pending_since())


@dataclass(frozen=True)
class ProfessionalCard:
    profile: ProfessionalProfile
    occupations: list  # the occupations of the profile, in code order
    pending: int

    @property
    def accepts_requests(self) -> bool:
        return self.profile.state == ProfessionalProfile.State.APPROVED and limits.accepts_requests(self.pending)


def search(user: User, *, codes: list[str], region: str = "", limit: int = 50) -> list[ProfessionalCard]:
    """Approved professionals of the person's operators who talk about one of these occupations, in a constant
    number of queries (three)."""
    if not codes:
        return []
    operators = operators_of_beneficiary(user)
    profiles = (
        ProfessionalProfile.objects.filter(
            operator__in=operators,
            state=ProfessionalProfile.State.APPROVED,
            occupation_links__occupation__code_rome__in=codes,
        )
        .distinct()
        .select_related("user")
        .annotate(pending=Count("meetings", filter=_pending_count_filter(), distinct=True))
        .prefetch_related(
            Prefetch(
                "occupation_links",
                queryset=ProfessionalOccupation.objects.select_related("occupation").order_by("occupation__code_rome"),
            )
        )
        .order_by("user__first_name", "pk")
    )
    if region:
        profiles = profiles.filter(region=region)
    return [
        ProfessionalCard(profile, [link.occupation for link in profile.occupation_links.all()], profile.pending)
        for profile in profiles[:limit]
    ]


def card_for(user: User, profile_id: int) -> ProfessionalCard | None:
    """One professional the person may ask for a meeting (approved, in the network of one of their bilans)."""
    profile = (
        ProfessionalProfile.objects.filter(
            pk=profile_id, operator__in=operators_of_beneficiary(user), state=ProfessionalProfile.State.APPROVED
        )
        .select_related("user")
        .annotate(pending=Count("meetings", filter=_pending_count_filter(), distinct=True))
        .first()
    )
    if profile is None:
        return None
    occupations = [
        link.occupation
        for link in profile.occupation_links.select_related("occupation").order_by("occupation__code_rome")
    ]
    return ProfessionalCard(profile, occupations, profile.pending)


def pending_count(profile: ProfessionalProfile) -> int:
    return profile.meetings.filter(state=Meeting.State.REQUESTED, created_at__gte=pending_since()).count()


def sent_last_day(user: User, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return Meeting.objects.filter(beneficiary=user, created_at__gt=now - datetime.timedelta(hours=24)).count()


def has_open_meeting(user: User, profile: ProfessionalProfile) -> bool:
    return Meeting.objects.filter(beneficiary=user, professional=profile, state__in=OPEN_STATES).exists()


# --- one meeting -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAccess:
    meeting: Meeting
    as_beneficiary: bool
    as_professional: bool


def meeting_for(user: User, meeting_id: int) -> MeetingAccess | None:
    """A meeting `user` takes part in (as the person who asked, or as the professional asked), else None."""
    if not user.is_authenticated:
        return None
    meeting = (
        Meeting.objects.filter(pk=meeting_id)
        .filter(Q(beneficiary=user) | Q(professional__user=user))
        .select_related("beneficiary", "professional__user", "occupation")
        .first()
    )
    if meeting is None:
        return None
    as_beneficiary = meeting.beneficiary_id == user.pk and user.is_beneficiary
    as_professional = (
        meeting.professional is not None and meeting.professional.user_id == user.pk and is_professional(user)
    )
    if not (as_beneficiary or as_professional):
        return None
    return MeetingAccess(meeting, as_beneficiary, as_professional)


def messages_of(meeting: Meeting) -> list[MeetingMessage]:
    return list(meeting.messages.select_related("author"))


def meetings_of_beneficiary(user: User) -> QuerySet[Meeting]:
    if not user.is_authenticated or not user.is_beneficiary:
        return Meeting.objects.none()
    return Meeting.objects.filter(beneficiary=user).select_related("professional__user", "occupation")


def meetings_of_professional(profile: ProfessionalProfile) -> QuerySet[Meeting]:
    """The meetings asked of a professional: only what the professional may see (first name, request, dates)."""
    return Meeting.objects.filter(professional=profile).select_related("beneficiary", "occupation")


# --- field evidence, read by the projects domain ------------------------------------------------------------------


@dataclass(frozen=True)
class Debrief:
    meeting_id: int
    code_rome: str
    occupation: str
    professional: str  # the professional's first name and initial, and their headline
    held_on: datetime.date
    debrief: str
    outcome: str  # Meeting.Outcome value
    outcome_label: str
    feedback: str


def debriefs_of(user: User, codes: list[str] | None = None) -> list[Debrief]:
    """The meetings the person held and debriefed (optionally about these occupations), oldest first. Each counts
    as an informational interview in the field evidence of their project."""
    meetings = Meeting.objects.filter(beneficiary=user, state=Meeting.State.DONE).select_related(
        "professional__user", "occupation"
    )
    if codes is not None:
        meetings = meetings.filter(occupation__code_rome__in=codes)
    return [
        Debrief(
            meeting_id=m.pk,
            code_rome=m.occupation.code_rome,
            occupation=m.occupation.label,
            professional=f"{m.professional.public_name}, {m.professional.headline}"
            if m.professional
            else m.professional_name,
            held_on=m.held_on,
            debrief=m.debrief,
            outcome=m.outcome,
            outcome_label=str(Meeting.Outcome(m.outcome).label) if m.outcome else "",
            feedback=m.feedback,
        )
        for m in meetings.order_by("held_on", "pk")
    ]


# --- operator admins -----------------------------------------------------------------------------------------------


def admin_operators(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.OPERATOR_ADMIN, memberships__is_active=True
    )


def profiles_for_admin(user: User) -> QuerySet[ProfessionalProfile]:
    """The professionals of the admin's operators, with how many meetings they held (never their content)."""
    return (
        ProfessionalProfile.objects.filter(operator__in=admin_operators(user))
        .select_related("user", "operator")
        .annotate(n_done=Count("meetings", filter=Q(meetings__state=Meeting.State.DONE)))
        .prefetch_related(
            Prefetch(
                "occupation_links",
                queryset=ProfessionalOccupation.objects.select_related("occupation").order_by("occupation__code_rome"),
            )
        )
        .order_by("state", "user__last_name", "pk")
    )


def profile_for_admin(user: User, profile_id: int) -> ProfessionalProfile | None:
    return ProfessionalProfile.objects.filter(pk=profile_id, operator__in=admin_operators(user)).first()


def invitations_for_admin(user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(operator__in=admin_operators(user)).select_related("operator")[:20]


def operators_open_to_signup() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.OPERATOR).order_by("name")
