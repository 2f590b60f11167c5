from django import forms
from django.utils.translation import gettext_lazy as _


class LinkEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
