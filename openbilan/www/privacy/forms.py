from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.privacy.models import Purpose
from openbilan.privacy.selectors import SHOWN_PURPOSES


class ConsentForm(forms.Form):
    # Only the purposes the page shows (privacy.selectors.SHOWN_PURPOSES): each is enforced where it is read.
    purpose = forms.ChoiceField(choices=[(value, label) for value, label in Purpose.choices if value in SHOWN_PURPOSES])
    granted = forms.TypedChoiceField(
        choices=[("1", _("J'accepte")), ("0", _("Je retire mon accord"))], coerce=lambda value: value == "1"
    )


class ErasureForm(forms.Form):
    confirm = forms.CharField(
        label=_("Pour confirmer, écrivez le mot « effacer »"),
        max_length=20,
        help_text=_("Nous allons effacer toutes vos données. Vous ne pourrez pas les retrouver."),
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().upper()
        if value != "EFFACER":  # the label asks for « effacer »: any case is accepted
            raise forms.ValidationError(_("Écrivez le mot « effacer » pour confirmer."))
        return value


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
