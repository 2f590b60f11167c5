from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.partners.models import Scope
from openbilan.partners.services import MAX_TOKEN_DAYS


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour le reconnaître, par exemple « Logiciel de l'agence »"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Droits"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, initial=[Scope.REFERRALS_READ]
    )
    days = forms.IntegerField(label=_("Durée de validité, en jours"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=90)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
