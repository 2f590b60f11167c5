"""Forms of the quality pages: the offer, the operator's settings, a complaint and its next step, an accommodation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.quality.errors import MESSAGES
from openbilan.quality.models import (
    AccommodationKind,
    ComplaintCategory,
    ComplaintState,
    Offer,
    OperatorQuality,
)
from openbilan.quality.services import OFFER_FIELDS

PHONE_HELP = _("Par exemple 02 31 00 00 00.")


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS)
        labels = {"how_to_start": _("Comment commencer : être orienté·e, nous contacter")}
        help_texts = {
            "prerequisites": _("Vide : aucun prérequis."),
            "duration": _("Par exemple : 3 mois, 24 heures d'accompagnement au plus."),
            "accommodations": _("Par exemple : rendez-vous en visio, documents en gros caractères, lieu accessible."),
            "contact_phone": PHONE_HELP,
        }
        widgets = {
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "how_to_start": forms.Textarea(attrs={"rows": 4}),
            "accommodations": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("funded") and cleaned.get("price_eur") is None and "price_eur" not in self.errors:
            self.add_error("price_eur", MESSAGES["price_missing"])
        return cleaned


class OperatorQualityForm(forms.ModelForm):
    class Meta:
        model = OperatorQuality
        fields = ["referent_name", "referent_email", "referent_phone", "acknowledge_days", "answer_days"]
        help_texts = {
            "referent_name": _("La personne que les bénéficiaires en situation de handicap peuvent joindre."),
            "referent_phone": PHONE_HELP,
            "acknowledge_days": _("Entre 1 et 60 jours."),
            "answer_days": _("Entre 1 et 120 jours, au moins le délai de prise en compte."),
        }

    def clean(self):
        cleaned = super().clean()
        acknowledge, answer = cleaned.get("acknowledge_days"), cleaned.get("answer_days")
        if acknowledge and answer and answer < acknowledge:
            self.add_error("answer_days", MESSAGES["deadlines_order"])
        return cleaned


class ComplaintForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme concerné"),
        queryset=None,
        empty_label=_("Choisissez le programme"),
        error_messages={"invalid_choice": _("Choisissez un programme de la liste.")},
    )
    name = forms.CharField(label=_("Votre nom"), max_length=150, required=False, help_text=_("Facultatif."))
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        help_text=_("Pour vous répondre. Elle ne sert à rien d'autre."),
    )
    body = forms.CharField(
        label=_("Votre réclamation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Dites ce qui s'est passé et ce que vous attendez. 5 000 caractères au plus."),
    )

    def __init__(self, *args, programmes, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if signed_in:
            # The account gives the name and the address the answer goes to.
            del self.fields["name"]
            del self.fields["email"]


class ComplaintStepForm(forms.Form):
    """The next step of a complaint. The target state comes from a hidden field; the service checks it is allowed."""

    target = forms.ChoiceField(choices=ComplaintState.choices, widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", _("Sans catégorie")), *ComplaintCategory.choices], required=False
    )
    answer = forms.CharField(
        label=_("Réponse envoyée à la personne"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    improvement = forms.CharField(
        label=_("Action d'amélioration"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui change pour éviter que cela se reproduise. Sans donnée personnelle."),
    )


class AccommodationForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Ce qui vous aiderait"),
        choices=AccommodationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": MESSAGES["unknown_kind"]},
    )
    details = forms.CharField(
        label=_("Précisions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vous pouvez laisser vide. Écrivez seulement ce qui nous aide à adapter le bilan."),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que mon consultant ou ma consultante et la personne qui s'occupe du handicap lisent ma demande."
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consent"):
            self.add_error("consent", MESSAGES["consent_missing"])
        elif not cleaned.get("kinds") and not (cleaned.get("details") or "").strip():
            self.add_error(None, MESSAGES["need_missing"])
        return cleaned
