"""The e-mails of the identity domain, sent by the task worker (identity/tasks.py) in the person's language
(openbilan/mail.py): the link that confirms signing in to one's account with FranceConnect or ProConnect."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openbilan import mail
from openbilan.identity import links
from openbilan.identity.models import ExternalIdentity, Provider


def deliver_link_confirmation(*, identity_id: int) -> str:
    row = ExternalIdentity.objects.select_related("user").filter(pk=identity_id, linked_at__isnull=True).first()
    if row is None or not row.user.is_active or not row.link_token_hash:
        return "not_sent"
    if row.created_at < timezone.now() - links.LINK_VALIDITY:
        return "expired"
    context = {
        "site": settings.OPENBILAN_SITE_NAME,
        "provider": Provider(row.provider).label,
        "url": mail.absolute_url(reverse("identity:link_confirm", kwargs={"token": links.link_token(row)})),
    }
    mail.send_templated("identity/emails/link_confirm", row.user.email, context, mail.language_of(row.user))
    return "sent"
