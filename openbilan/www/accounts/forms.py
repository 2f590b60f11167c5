from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
