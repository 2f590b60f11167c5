"""Reads of programmes and enrolments; the permission rules live here, once."""

from django.db.models import Count, Prefetch, Q, QuerySet

from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import access
from openbilan.programmes.models import (
    CohortImport,
    DisabilityDeclaration,
    Enrolment,
    EnrolmentStatus,
    Outcome,
    Programme,
    Referral,
)


def enrolments_of(beneficiary: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(beneficiary=beneficiary).select_related("programme", "coach")


def _member_of(user: User, role: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, memberships__role=role, memberships__is_active=True)


def programmes_operated_by(user: User) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(operator__in=_member_of(user, Role.OPERATOR_ADMIN))


def operator_programme_rows(user: User) -> QuerySet[Programme]:
    """The operator admin's programmes with their status counts and what waits for them (duplicates to check)."""
    counts = {
        f"n_{status}": Count("enrolments", filter=Q(enrolments__status=status), distinct=True)
        for status in EnrolmentStatus.values
    }
    return (
        programmes_operated_by(user)
        .select_related("funder")
        .annotate(
            n_enrolments=Count("enrolments", distinct=True),
            n_review=Count("referrals", filter=Q(referrals__state=Referral.State.REVIEW), distinct=True),
            **counts,
        )
        .order_by("-starts_on", "name")
    )


def prescriber_organisations_of(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return _member_of(user, Role.PRESCRIBER).filter(kind=Organisation.Kind.PRESCRIBER)


def programmes_referable_by(user: User) -> QuerySet[Programme]:
    """The programmes a prescriber may refer people to: those that list one of their organisations."""
    return Programme.objects.filter(prescribers__in=prescriber_organisations_of(user)).distinct().order_by("name")


def referrals_of(user: User) -> QuerySet[Enrolment]:
    """Enrolments referred by the prescriber organisations this person belongs to."""
    return Enrolment.objects.filter(prescriber__in=prescriber_organisations_of(user)).select_related(
        "beneficiary", "programme"
    )


def shares_with_prescriber(enrolment: Enrolment) -> bool:
    """The person accepted the bilan and chose to let *this* prescriber see its status and outcome: the choice
    belongs to the pair (person, prescriber organisation), so a change of prescriber (a re-import naming another
    organisation) starts unshared."""
    return (
        enrolment.consented_at is not None
        and enrolment.shares_with_prescriber
        and enrolment.prescriber_id is not None
        and enrolment.shared_with_id == enrolment.prescriber_id
    )


def referral_follow_up(user: User) -> QuerySet[Enrolment]:
    """A prescriber's referrals, newest first. Views show status and outcome only where `shares_with_prescriber`."""
    return referrals_of(user).select_related("prescriber").order_by("-referred_on", "-created_at", "-pk")


def referrals_in_review_of(user: User) -> QuerySet[Referral]:
    """The prescriber's referrals an operator admin still has to check (possible duplicates)."""
    return Referral.objects.filter(
        prescriber__in=prescriber_organisations_of(user), state=Referral.State.REVIEW
    ).select_related("programme")


def referrals_to_review(user: User, programme: Programme | None = None) -> QuerySet[Referral]:
    """Possible duplicates waiting for an operator admin of the programme's operator, with the known person."""
    queryset = Referral.objects.filter(
        programme__in=programmes_operated_by(user), state=Referral.State.REVIEW
    ).select_related("programme", "prescriber", "duplicate_of")
    if programme is not None:
        queryset = queryset.filter(programme=programme)
    return queryset.order_by("created_at", "pk")


def enrolments_of_person_for_review(referrals: list[Referral]) -> dict[int, list[Enrolment]]:
    """For each known person of the referrals to review, their enrolments with this operator (one query)."""
    people = {r.duplicate_of_id for r in referrals if r.duplicate_of_id}
    operators = {r.programme.operator_id for r in referrals}
    result: dict[int, list[Enrolment]] = {}
    for enrolment in Enrolment.objects.filter(beneficiary__in=people, programme__operator__in=operators).select_related(
        "programme"
    ):
        result.setdefault(enrolment.beneficiary_id, []).append(enrolment)
    return result


def imports_of(programme: Programme) -> QuerySet[CohortImport]:
    return CohortImport.objects.filter(programme=programme, state=CohortImport.State.APPLIED).select_related(
        "uploaded_by"
    )


def preview_for(user: User, programme: Programme, preview_id: int) -> CohortImport | None:
    return (
        CohortImport.objects.filter(
            pk=preview_id, programme=programme, programme__in=programmes_operated_by(user), uploaded_by=user
        )
        .select_related("programme")
        .first()
    )


def enrolment_for_coach(user: User, enrolment_id: int) -> Enrolment | None:
    """The enrolment a coach follows (to record outcomes) as the access rule says; None for anybody else."""
    if not user.is_authenticated or not user.is_coach:
        return None
    return (
        access.coached_enrolments(user)
        .filter(pk=enrolment_id)
        .select_related("beneficiary", "programme")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("observed_on")))
        .first()
    )


def disability_of(person: User) -> DisabilityDeclaration | None:
    """The person's own declaration (nobody else reads it through this function)."""
    return DisabilityDeclaration.objects.filter(person=person).first()


def disability_shared_with(coach: User, person: User) -> DisabilityDeclaration | None:
    """The declaration a person chose to share with the coach who follows them; None otherwise."""
    rule = access.person_access(coach, person)
    if rule is None or rule.relation != access.Relation.COACH:
        return None
    return DisabilityDeclaration.objects.filter(person=person, share_with_coach=True).first()


def programme_slug_taken(slug: str, *, besides: int | None = None) -> bool:
    """Whether another programme than `besides` (a primary key) has this identifier already."""
    return Programme.objects.filter(slug=slug).exclude(pk=besides).exists()
