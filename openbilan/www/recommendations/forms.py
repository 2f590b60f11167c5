from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.recommendations.models import PathKind, Reaction


class ReactionForm(forms.Form):
    UNDO = "undo"
    kind = forms.ChoiceField(
        label=_("Votre réaction"), choices=[*Reaction.Kind.choices, (UNDO, _("Annuler ma réaction"))]
    )
    path = forms.ChoiceField(choices=PathKind.choices, required=False, widget=forms.HiddenInput)

    def clean_path(self):
        return self.cleaned_data.get("path") or PathKind.OCCUPATION


class ShortlistForm(forms.Form):
    ADD, REMOVE = "add", "remove"
    action = forms.ChoiceField(choices=[(ADD, _("Ajouter")), (REMOVE, _("Retirer"))])
    path = forms.ChoiceField(choices=PathKind.choices, required=False, widget=forms.HiddenInput)

    def clean_path(self):
        return self.cleaned_data.get("path") or PathKind.OCCUPATION


class WhyNotForm(forms.Form):
    q = forms.CharField(
        label=_("Un métier auquel vous pensez"),
        max_length=100,
        required=False,
        help_text=_("Par exemple : infirmier, boulanger, développeur web."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ProfileForm(forms.Form):
    centres = forms.MultipleChoiceField(
        label=_("Ce que vous aimez"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez autant de phrases que vous voulez, ou aucune."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Les compétences de vos emplois passés que vous maîtrisez"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, centres, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centres"].choices = [(str(code), label) for code, label in centres]
        self.fields["skills"].choices = [(str(code), label) for code, label in skills]


class DomainForm(forms.Form):
    """Narrow the list to one grand domaine of the ROME (or all of them)."""

    domaine = forms.ChoiceField(label=_("Domaine"), required=False)

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domaine"].choices = [("", _("Tous les domaines")), *domains]

    def chosen(self) -> frozenset[str]:
        if self.is_bound and self.is_valid() and self.cleaned_data["domaine"]:
            return frozenset({self.cleaned_data["domaine"]})
        return frozenset()


class LocalDemandForm(forms.Form):
    """Turn the hiring demand near the person on or off in their suggestions."""

    ON, OFF = "on", "off"
    local_demand = forms.ChoiceField(
        label=_("Tenir compte des recrutements près de chez vous"),
        choices=[(ON, _("Oui")), (OFF, _("Non"))],
        widget=forms.RadioSelect,
    )
