"""Reads of the partner API; what a token reaches is decided here, once."""

from django.db.models import Count, Q, QuerySet

from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments.models import Enrolment
from openbilan.partners.models import ApiCall, ApiToken, WebhookDelivery, WebhookEndpoint
from openbilan.programmes.models import Programme, Referral
from openbilan.programmes.selectors import programmes_operated_by, shares_with_prescriber
from openbilan.reporting.models import Publication


def operators_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=Organisation.Kind.OPERATOR,
        memberships__user=user,
        memberships__role=Role.OPERATOR_ADMIN,
        memberships__is_active=True,
    )


def partner_organisations_of(user: User) -> QuerySet[Organisation]:
    """The organisations an operator admin may issue tokens to: the prescribers their programmes list, the
    funders of their programmes, and their own operator (its software reads and writes its cohorts)."""
    programmes = programmes_operated_by(user)
    return (
        Organisation.objects.filter(
            Q(kind=Organisation.Kind.PRESCRIBER, prescribed_programmes__in=programmes)
            | Q(kind=Organisation.Kind.FUNDER, funded_programmes__in=programmes)
            | Q(pk__in=operators_of(user).values("pk"))
        )
        .distinct()
        .order_by("name")
    )


def operator_linking(user: User, organisation: Organisation) -> Organisation | None:
    """The operator (of this admin) one of whose programmes lists the organisation as prescriber or funder, or the
    organisation itself when it is one of this admin's operators."""
    own = operators_of(user).filter(pk=organisation.pk).first()
    if own is not None:
        return own
    return (
        operators_of(user)
        .filter(Q(operated_programmes__prescribers=organisation) | Q(operated_programmes__funder=organisation))
        .distinct()
        .order_by("pk")
        .first()
    )


def tokens_issued_for(user: User) -> QuerySet[ApiToken]:
    """The tokens of the operator admin's operators, with their number of calls."""
    return (
        ApiToken.objects.filter(operator__in=operators_of(user))
        .select_related("organisation", "created_by", "revoked_by")
        .annotate(n_calls=Count("calls"))
    )


def calls_for(user: User) -> QuerySet[ApiCall]:
    return ApiCall.objects.filter(token__operator__in=operators_of(user)).select_related("token", "organisation")


def webhooks_for(user: User) -> QuerySet[WebhookEndpoint]:
    return (
        WebhookEndpoint.objects.filter(operator__in=operators_of(user))
        .select_related("organisation")
        .annotate(
            n_delivered=Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.DELIVERED)),
            n_failed=Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.FAILED)),
            n_pending=Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.PENDING)),
        )
    )


def deliveries_for(user: User) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint__operator__in=operators_of(user)).select_related(
        "endpoint__organisation"
    )


# --- What a token reaches -------------------------------------------------------------------------------------------


def programmes_for(token: ApiToken) -> QuerySet[Programme]:
    """The programmes of the token's operator that list the token's organisation as a prescriber."""
    return Programme.objects.filter(operator_id=token.operator_id, prescribers=token.organisation_id).order_by("name")


def referrals_for(token: ApiToken) -> QuerySet[Referral]:
    """The referrals the token's organisation made to the programmes of the token's operator, newest first."""
    return (
        Referral.objects.filter(prescriber_id=token.organisation_id, programme__operator_id=token.operator_id)
        .select_related("programme", "enrolment")
        .order_by("-created_at", "-pk")
    )


def publications_for(token: ApiToken) -> QuerySet[Publication]:
    """The publications of the programmes the token's funder funds and the token's operator runs: the figures as
    published, after the small-cell suppression (never the live figures, never a person)."""
    return (
        Publication.objects.filter(programme__funder_id=token.organisation_id, programme__operator_id=token.operator_id)
        .select_related("programme")
        .order_by("-as_of", "-pk")
    )


def cohort_programmes_for(token: ApiToken) -> QuerySet[Programme]:
    """The programmes an operator's own token reads and writes the cohorts of: those its operator runs. A token
    issued to any other organisation reaches none."""
    if token.organisation_id != token.operator_id:
        return Programme.objects.none()
    return Programme.objects.filter(operator_id=token.operator_id).order_by("name")


def enrolments_for(token: ApiToken, programme: Programme | None = None) -> QuerySet[Enrolment]:
    """The enrolments of the operator token's programmes (or of one of them), newest first: what the operator's
    admins see of them in the cohort file (programmes.services.export_cohort), never the bilan itself."""
    enrolments = Enrolment.objects.filter(programme__in=cohort_programmes_for(token))
    if programme is not None:
        enrolments = enrolments.filter(programme=programme)
    return enrolments.select_related("programme", "beneficiary", "prescriber").order_by("-created_at", "-pk")


def webhooks_of(token: ApiToken) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(
        organisation_id=token.organisation_id, operator_id=token.operator_id, disabled_at__isnull=True
    )


# One row each, among those the token (or the user) may reach: None when it is not one of them (the API's 404).


def token_issued_for(user: User, token_id: int) -> ApiToken | None:
    return tokens_issued_for(user).filter(pk=token_id).first()


def programme_for(token: ApiToken, slug: str) -> Programme | None:
    return programmes_for(token).filter(slug=slug).first()


def referral_for(token: ApiToken, referral_id: int) -> Referral | None:
    return referrals_for(token).filter(pk=referral_id).first()


def publication_for(token: ApiToken, publication_id: int) -> Publication | None:
    return publications_for(token).filter(pk=publication_id).first()


def cohort_programme_for(token: ApiToken, slug: str) -> Programme | None:
    return cohort_programmes_for(token).filter(slug=slug).first()


def webhook_of(token: ApiToken, webhook_id: int) -> WebhookEndpoint | None:
    return webhooks_of(token).filter(pk=webhook_id).first()


def follow_up_shared(referral: Referral) -> Enrolment | None:
    """The enrolment of a referral when the person shares its status with this very prescriber (their own choice,
    made when they accepted the bilan); None otherwise. Never anything of the bilan itself."""
    enrolment = referral.enrolment
    if enrolment is None or enrolment.prescriber_id != referral.prescriber_id:
        return None
    return enrolment if shares_with_prescriber(enrolment) else None
