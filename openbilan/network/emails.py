"""The e-mails of the network domain, sent by the task worker (network/tasks.py), each in its recipient's language
(openbilan/mail.py): the invitation of a professional, the notice to the owner of an address someone signed up with,
the approval of a sign-up, a meeting request to the professional and its answer to the person. The task table holds
identifiers only."""

from django.urls import reverse
from django.utils import timezone

from openbilan import mail
from openbilan.accounts.models import Organisation, User
from openbilan.network import links
from openbilan.network.models import Invitation, Meeting, ProfessionalProfile


def deliver_invitation(*, invitation_id: int) -> str:
    """The link to join the network, to an address with no account yet (so in the platform's language)."""
    invitation = Invitation.objects.select_related("operator").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at or invitation.expires_at <= timezone.now():
        return "not_sent"
    context = {
        "operator": invitation.operator.name,
        "days": links.INVITATION_DAYS,
        "link": mail.absolute_url(reverse("network:invitation", kwargs={"token": links.invitation_token(invitation)})),
    }
    mail.send_templated("network/emails/invitation", invitation.email, context)
    return "sent"


def deliver_existing_account_notice(*, user_id: int, operator_id: int) -> str:
    """The e-mail to the owner of an address someone signed up with."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    operator = Organisation.objects.filter(pk=operator_id).first()
    if user is None or operator is None:
        return "not_sent"
    context = {
        "operator": operator.name,
        "login": mail.absolute_url(reverse("accounts:login")),
        "reset": mail.absolute_url(reverse("accounts:password_reset")),
    }
    mail.send_templated("network/emails/existing_account", user.email, context, mail.language_of(user))
    return "sent"


def deliver_signup_approved(*, profile_id: int) -> str:
    profile = ProfessionalProfile.objects.select_related("user", "operator").filter(pk=profile_id).first()
    if profile is None or profile.state != ProfessionalProfile.State.APPROVED or not profile.user.is_active:
        return "not_sent"
    context = {"operator": profile.operator.name, "link": mail.absolute_url(reverse("accounts:login"))}
    mail.send_templated("network/emails/signup_approved", profile.user.email, context, mail.language_of(profile.user))
    return "sent"


def deliver_meeting_email(*, meeting_id: int, what: str) -> str:
    """`request`: to the professional, with the person's first name only; `answer`: to the person."""
    meeting = (
        Meeting.objects.select_related("beneficiary", "professional__user", "occupation").filter(pk=meeting_id).first()
    )
    if meeting is None:
        return "gone"
    link = mail.absolute_url(reverse("network:meeting", kwargs={"meeting_id": meeting.pk}))
    if what == "request":
        if meeting.state != Meeting.State.REQUESTED or meeting.professional is None:
            return "not_sent"
        recipient = meeting.professional.user
        context = {"name": meeting.beneficiary_name, "occupation": meeting.occupation.label, "link": link}
    else:
        recipient = meeting.beneficiary
        context = {"name": meeting.professional_name, "link": link}
    mail.send_templated(f"network/emails/meeting_{what}", recipient.email, context, mail.language_of(recipient))
    return "sent"
