"""Writes of the privacy domain."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import User
from openbilan.enrolments.models import Enrolment
from openbilan.privacy import security_log
from openbilan.privacy.models import AccessLog, Consent, Purpose


class UnknownPurpose(ValueError):
    def __init__(self, purpose):
        super().__init__(_("Cette finalité n'existe pas : %(purpose)s.") % {"purpose": str(purpose)[:40]})


def record_access(*, actor: User, subject: User, what: str, reason: str = "", path: str = "") -> AccessLog | None:
    """Log that a staff member opened a person's data. A person reading their own data is not logged."""
    if actor.pk == subject.pk:
        return None
    return AccessLog.objects.create(actor=actor, subject=subject, what=what[:200], reason=reason[:300], path=path[:300])


@transaction.atomic
def set_consent(*, person: User, purpose: str, granted: bool) -> Consent | None:
    """Grant or withdraw one purpose. Takes effect at once; an unchanged decision adds nothing to the ledger.

    Withdrawing `prescriber_info` also turns off the prescriber-sharing choice stored on the person's enrolments,
    so that every page reading the programmes field stops showing status and outcome immediately."""
    if purpose not in Purpose.values:
        raise UnknownPurpose(purpose)
    latest = Consent.objects.filter(person=person, purpose=purpose).order_by("-at", "-pk").first()
    if latest is not None and latest.granted == granted:
        return None
    entry = Consent.objects.create(person=person, purpose=purpose, granted=granted)
    if purpose == Purpose.PRESCRIBER_INFO:
        enrolments = Enrolment.objects.filter(beneficiary=person)
        if granted:
            enrolments.filter(prescriber__isnull=False, consented_at__isnull=False).update(
                shares_with_prescriber=True, shared_with=F("prescriber")
            )
        else:
            enrolments.update(shares_with_prescriber=False, shared_with=None)
    security_log.event("consent_changed", user_id=person.pk, purpose=purpose, granted=granted)
    return entry
