"""The e-mails of the accounts domain, sent by the task worker (accounts/tasks.py) in the person's language
(openbilan/mail.py): the link to choose a new password. The worker mints the link's token (Django's token generator,
which a new password or a new sign-in voids), so the task table holds the account's id only."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from openbilan import mail
from openbilan.accounts.models import User


def deliver_password_reset(*, user_id: int) -> str:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "not_sent"
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    mail.send_templated(
        "accounts/emails/password_reset", user.email, {"link": mail.absolute_url(path)}, mail.language_of(user)
    )
    return "sent"
