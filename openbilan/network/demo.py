"""`manage.py load_demo` hook: a demo professional (Inès Moreau) in the demo operator's network, who talks about the
occupations of Stéphanie's shortlist, and one meeting Stéphanie asked for and Inès accepted.

Safe to run twice: the account is updated in place, the meeting is asked only once. Without the referential the
professional exists with no occupation and no meeting."""

from django.db import transaction

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Role
from openbilan.demo import DEMO_PASSWORD
from openbilan.network import services
from openbilan.network.models import ContactMode, Meeting, ProfessionalOccupation, ProfessionalProfile, Region
from openbilan.recommendations.models import ShortlistItem
from openbilan.referential.models import Occupation

EMAIL = "professionnel@demo.openbilan.fr"
FALLBACK_CODES = ("K2111", "K2104")


@transaction.atomic
def load(context) -> None:
    user = accounts.upsert_user(email=EMAIL, first_name="Inès", last_name="Moreau", password=DEMO_PASSWORD)
    accounts.grant_role(user=user, organisation=context.operator, role=Role.PROFESSIONAL)
    context.users["professional"] = user
    context.logins.append((str(Role.PROFESSIONAL.label), EMAIL, DEMO_PASSWORD))
    profile, _created = ProfessionalProfile.objects.update_or_create(
        user=user,
        defaults={
            "operator": context.operator,
            "headline": "Formatrice pour adultes",
            "employer": "Organisme de formation (démo)",
            "region": Region.NORMANDIE,
            "availability": "Le mardi et le jeudi après 17 h",
            "contact_mode": ContactMode.VIDEO,
            "state": ProfessionalProfile.State.APPROVED,
            "source": ProfessionalProfile.Source.INVITATION,
        },
    )
    person = context.users["beneficiary"]
    codes = list(
        ShortlistItem.objects.filter(user=person)
        .order_by("added_at", "pk")
        .values_list("occupation__code_rome", flat=True)
    ) or list(FALLBACK_CODES)
    for occupation in Occupation.objects.filter(code_rome__in=codes):
        ProfessionalOccupation.objects.get_or_create(profile=profile, occupation=occupation)
    first = Occupation.objects.filter(code_rome__in=codes[:1]).first()
    if first is None or Meeting.objects.filter(beneficiary=person, professional=profile).exists():
        return
    meeting = services.request_meeting(
        beneficiary=person,
        professional=profile,
        code_rome=first.code_rome,
        request="Bonjour, je suis en bilan de compétences et votre métier m'intéresse. Pourrions-nous en parler "
        "une heure, en visio ?",
        notify=False,
    )
    services.answer(meeting=meeting, actor=user, accept=True, notify=False)
    services.post_message(meeting=meeting, author=user, body="Avec plaisir ! Jeudi prochain à 18 h, en visio ?")
