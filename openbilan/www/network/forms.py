"""Forms of the professionals' network. Every form works without JavaScript."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from openbilan.network.models import ContactMode, Meeting, Region

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Métier recherché"),
        required=False,
        max_length=100,
        help_text=_("Un intitulé (par exemple : formateur) ou un code ROME (par exemple : K2111)."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = forms.ChoiceField(label=_("Région"), required=False, choices=[("", _("Toutes")), *Region.choices])


class RequestForm(forms.Form):
    code = forms.ChoiceField(label=_("Le métier dont vous voulez parler"))
    request = forms.CharField(
        label=_("Votre demande"),
        max_length=1000,
        help_text=_(
            "Présentez-vous en deux phrases et dites ce que vous aimeriez savoir. Ne donnez pas d'informations "
            "sur votre santé ou votre bilan."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, occupations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(o.code_rome, f"{o.label} ({o.code_rome})") for o in occupations]


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    reason = forms.CharField(
        label=_("Un mot pour la personne (facultatif)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date et heure"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    place = forms.CharField(label=_("Lieu, numéro ou lien de visio"), max_length=300)


class DebriefForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date de la rencontre"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    debrief = forms.CharField(
        label=_("Ce que vous avez appris"),
        max_length=4000,
        help_text=_("Le quotidien du métier, ce qui vous a plu, ce qui vous a surpris, les conseils reçus."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome = forms.ChoiceField(label=_("Pour votre projet"), choices=Meeting.Outcome.choices, widget=forms.RadioSelect)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Votre retour pour la personne (facultatif)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileFields(forms.Form):
    headline = forms.CharField(label=_("Votre métier aujourd'hui"), max_length=150)
    employer = forms.CharField(label=_("Votre entreprise (facultatif)"), required=False, max_length=150)
    region = forms.ChoiceField(label=_("Région"), choices=Region.choices)
    codes = forms.CharField(
        label=_("Les métiers dont vous pouvez parler (codes ROME)"),
        max_length=300,
        help_text=_(
            "Séparés par des virgules, par exemple : K2111, K2104. Trouvez les codes dans la liste des métiers."
        ),
    )
    availability = forms.CharField(
        label=_("Vos disponibilités (facultatif)"),
        required=False,
        max_length=300,
        help_text=_("Par exemple : le mardi après 17 h, une fois par mois."),
    )
    contact_mode = forms.ChoiceField(
        label=_("Comment préférez-vous échanger ?"), choices=ContactMode.choices, initial=ContactMode.ANY
    )


class ProfileForm(ProfileFields):
    paused = forms.BooleanField(
        label=_("Mettre en pause : je ne reçois plus de demandes pour l'instant"), required=False
    )


class AccountFields(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=_("10 caractères au moins, pas uniquement des chiffres."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class InvitationForm(AccountFields, ProfileFields):
    field_order = ["first_name", "last_name", "password"]


class SignupForm(AccountFields, ProfileFields):
    operator = forms.ModelChoiceField(label=_("Le réseau que vous rejoignez"), queryset=None, empty_label=None)
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)
    motivation = forms.CharField(
        label=_("Pourquoi souhaitez-vous rejoindre le réseau ? (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["operator", "first_name", "last_name", "email", "password"]

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators


class InviteForm(forms.Form):
    operator = forms.ModelChoiceField(label=_("Pour le réseau de"), queryset=None, empty_label=None)
    email = forms.EmailField(label=_("Adresse e-mail du professionnel"), max_length=254)

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators
