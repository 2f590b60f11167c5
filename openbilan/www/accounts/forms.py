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


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code à 6 chiffres de votre application"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Le code a 6 chiffres. Recopiez-le depuis votre application."),
            "wrong": _("Ce code n'est pas le bon ou a expiré. Recopiez le code affiché maintenant."),
        },
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()
