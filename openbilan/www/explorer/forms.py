from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.referential import riasec_labels, selectors
from openbilan.referential.search import MAX_QUERY_LENGTH


class ExplorerSearchForm(forms.Form):
    """The search box and the three filters. Every field is optional; the form is always sent with GET."""

    q = forms.CharField(
        label=_("Métier ou appellation"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Par exemple : aide-soignant, AESH, boulanger. Les accents et les majuscules ne comptent pas."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": _("Votre recherche est trop longue : %(limit_value)d caractères au plus.")},
    )
    domaine = forms.ChoiceField(label=_("Domaine"), required=False)
    centre = forms.TypedChoiceField(label=_("Centre d'intérêt"), required=False, coerce=int, empty_value=None)
    riasec = forms.ChoiceField(
        label=_("Type d'intérêt principal (RIASEC)"),
        required=False,
        choices=[("", _("Tous les types")), *riasec_labels.choices()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domaines = [("", _("Tous les domaines"))]
        for grand in selectors.grands_domaines_with_domaines():
            options = [(grand.code, _("%(label)s (tout le domaine)") % {"label": grand.label})]
            options += [(domaine.code, domaine.label) for domaine in grand.domaines.all()]
            domaines.append((f"{grand.code} · {grand.label}", options))
        self.fields["domaine"].choices = domaines
        self.fields["domaine"].error_messages["invalid_choice"] = _(
            "Ce domaine n'existe pas. Choisissez-en un dans la liste."
        )
        self.fields["centre"].choices = [("", _("Tous les centres d'intérêt"))] + [
            (centre.code, centre.label) for centre in selectors.centres_interet()
        ]
        self.fields["centre"].error_messages["invalid_choice"] = _(
            "Ce centre d'intérêt n'existe pas. Choisissez-en un dans la liste."
        )
        self.fields["riasec"].error_messages["invalid_choice"] = _("Choisissez une lettre parmi R, I, A, S, E et C.")

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data
        return selectors.Filters(
            domaine=data.get("domaine") or "", centre=data.get("centre"), riasec=data.get("riasec") or ""
        )
