"""Disability: declared by the person only, with consent, kept apart."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan.accounts.models import User
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import (
    DisabilityDeclaration,
)

# --- Disability: declared by the person only, with consent, kept apart ------------------------------------------------


@transaction.atomic
def declare_disability(
    *, person: User, recognised: bool, accommodations: str, share_with_coach: bool, consent: bool
) -> DisabilityDeclaration:
    if not consent:
        raise NotAllowed(_("Pour enregistrer cette information, cochez la case qui dit que vous êtes d'accord."))
    declaration, _created = DisabilityDeclaration.objects.update_or_create(
        person=person,
        defaults={
            "recognised": recognised,
            "accommodations": accommodations.strip()[:2000],
            "share_with_coach": share_with_coach,
            "consented_at": timezone.now(),
        },
    )
    return declaration


@transaction.atomic
def withdraw_disability(*, person: User) -> None:
    """The person withdraws their consent: the declaration is erased, not archived."""
    DisabilityDeclaration.objects.filter(person=person).delete()
