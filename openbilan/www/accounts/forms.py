from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from openbilan.accounts import services as account_services


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Vérifiez-les et réessayez. "
            "Après 5 essais, ce compte sera bloqué 15 minutes depuis cet appareil."
        ),
        "inactive": _("Ce compte est désactivé. Contactez votre conseiller·e."),
    }


class ProposalDecisionForm(forms.Form):
    """The person's answer to a proposed change of their name or e-mail."""

    proposal = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))])


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form (the same accounts, the same answer whether the address is known or not), but its e-mail goes
    through the task queue like every other, in the person's language; the worker mints the link."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        account_services.send_password_reset(user=context["user"])
