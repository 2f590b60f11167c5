"""A small world where each role owns objects, and the concrete URL of every pattern of the project in it."""

import datetime
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from openbilan.accounts.models import Role, User
from openbilan.coaching.models import CoachNote
from openbilan.enrolments import links as invitation_links
from openbilan.journeys.models import Activity, Driver, Module, TimelineEntry
from openbilan.network import services as network_services
from openbilan.programmes import links as programme_links
from openbilan.programmes.models import Referral, Survey
from openbilan.projects import services as project_services
from openbilan.quality import services as quality_services
from tests.accounts.factories import UserFactory
from tests.assessments.factories import finished_attempt
from tests.coaching.factories import AppointmentFactory, MessageFactory, followed
from tests.network.factories import done, professional
from tests.projects.factories import bilan, fill, final_synthesis, start
from tests.training.factories import CertificationFactory

ROLES = (
    "anonymous",
    "beneficiary",
    "other_beneficiary",
    "coach",
    "other_coach",
    "operator_admin",
    "funder_viewer",
    "prescriber",
    "professional",
)
SKIPPED_NAMESPACES = ("admin",)  # the technical admin has its own login and is_staff rule (Django's own tests)
MISSING = 999_999  # an id that exists nowhere


@dataclass
class World:
    users: dict[str, User | None]
    params: dict[str, object]
    overrides: dict[str, dict] = field(default_factory=dict)


def build() -> World:
    enrolment = bilan(referred=True, shares_with_prescriber=True)
    programme, person, coach = enrolment.programme, enrolment.beneficiary, enrolment.coach
    project = fill(start(enrolment))
    final_synthesis(enrolment)
    _link, share_token = project_services.create_share_link(
        enrolment=enrolment, actor=person, recipient="employeur", days=7
    )
    attempt = finished_attempt(person)
    message = MessageFactory(enrolment=enrolment, body="Bonjour")
    appointment = AppointmentFactory(enrolment=enrolment)
    CoachNote.objects.create(enrolment=enrolment, author=coach, body="Note", created_at=timezone.now())
    journey = enrolment.journey
    timeline = TimelineEntry.objects.filter(journey=journey).first()
    pro = professional(programme.operator)
    meeting = done(enrolment, pro)
    admin = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    _invitation, invitation_token = network_services.invite(
        operator=programme.operator, email="nouvelle.pro@example.org", invited_by=admin
    )
    other = followed(programme=programme)  # another person of the same programme, followed by another coach
    funder = UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder)
    prescriber = UserFactory(role=Role.PRESCRIBER, role__organisation=enrolment.prescriber)
    programme.prescribers.add(enrolment.prescriber)
    referral = Referral.objects.create(
        programme=programme,
        prescriber=enrolment.prescriber,
        created_by=prescriber,
        first_name="Lou",
        last_name="Martin",
        email="lou.martin@example.org",
        state=Referral.State.REVIEW,
    )
    survey = Survey.objects.create(enrolment=enrolment, kind="end", due_on=datetime.date.today())
    offer, complaint, accommodation = _quality(programme, admin, person)
    template = journey.template
    module = Module.objects.filter(phase__template=template).first()
    activity = Activity.objects.filter(module=module).first()
    users = {
        "anonymous": None,
        "beneficiary": person,
        "other_beneficiary": other.beneficiary,
        "coach": coach,
        "other_coach": other.coach,
        "operator_admin": admin,
        "funder_viewer": funder,
        "prescriber": prescriber,
        "professional": pro.user,
    }
    params = {
        "uidb64": "MQ",
        "token": "x-invalid-token",
        "code_rome": "K2111",
        "code": "K2111",
        "slug": programme.slug,
        "programme_slug": programme.slug,
        "attempt_id": attempt.pk,
        "page": 1,
        "user_id": person.pk,
        "enrolment_id": enrolment.pk,
        "activity_id": activity.pk if activity else MISSING,
        "moment": "entry",
        "entry_id": timeline.pk if timeline else MISSING,
        "driver": Driver.BE_PERFECT,
        "template_id": template.pk,
        "module_id": module.pk if module else MISSING,
        "appointment_id": appointment.pk,
        "attachment_id": MISSING,
        "project_id": project.pk,
        "step_id": project.steps.first().pk,
        "kind": "step",
        "item_id": project.steps.first().pk,
        "number": 1,
        "link_id": _link.pk,
        "meeting_id": meeting.pk,
        "profile_id": pro.pk,
        "referral_id": referral.pk,
        "preview_id": MISSING,
        "complaint_id": complaint.pk,
        "accommodation_id": accommodation.pk,
        # Issue 21: a certification for the training pages.
        "certification_code": CertificationFactory(rome=["K2111"]).code,
        # Issue 23: the partner API's ids (no token nor webhook in this world: tests/api covers them).
        "webhook_id": MISSING,
        "publication_id": MISSING,
        "token_id": MISSING,
    }
    overrides = {
        "assessments:start": {"slug": attempt.instrument_version.slug},
        "projects:shared": {"token": share_token},
        "projects:shared_pdf": {"token": share_token},
        "network:invitation": {"token": invitation_token},
        "programmes:invitation": {"token": invitation_links.invitation_token(enrolment)},
        "programmes:survey": {"token": programme_links.survey_token(survey)},
        "journeys:beliefs_entry": {"entry_id": MISSING},
        "journeys:beliefs_delete": {"entry_id": MISSING},
    }
    _ = message, offer
    return World(users=users, params=params, overrides=overrides)


def _quality(programme, admin, person):
    """The programme's public offer (published), a results snapshot, the operator's disability referent, a
    complaint filed by the person and their accommodation request."""
    quality_services.save_operator_quality(
        operator=programme.operator,
        actor=admin,
        referent_name="Nora Référente",
        referent_email="referente@example.org",
        referent_phone="0231000000",
        acknowledge_days=2,
        answer_days=15,
    )
    offer = quality_services.save_offer(
        programme=programme,
        actor=admin,
        objectives="Construire un projet professionnel.",
        duration="3 mois",
        how_to_start="Demandez à votre conseiller France Travail.",
    )
    quality_services.set_offer_published(programme=programme, actor=admin, published=True)
    quality_services.publish_results(programme=programme, actor=admin)
    complaint = quality_services.file_complaint(programme=programme, person=person, body="Rendez-vous annulé.")
    accommodation = quality_services.record_accommodation(person=person, kinds=["extra_time"], details="", consent=True)
    return offer, complaint, accommodation


def url_names(patterns=None, namespace="") -> list[tuple[str, URLPattern]]:
    """Every named URL pattern of the project, recursively (the technical admin and i18n excepted)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES or str(pattern.pattern).startswith("i18n/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            found.append((f"{namespace}{pattern.name}", pattern))
    return found


def url_for(world: World, name: str, pattern: URLPattern) -> str:
    keys = list(pattern.pattern.converters)
    values = {**world.params, **world.overrides.get(name, {})}
    return reverse(name, kwargs={key: values[key] for key in keys})
