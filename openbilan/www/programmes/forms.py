"""Forms of the programme pages: programme settings, cohort upload, referral, outcome, surveys, disability."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from openbilan.accounts import selectors as account_selectors
from openbilan.accounts.models import Organisation
from openbilan.enrolments.models import Gender, OutcomeKind, SocialMinima
from openbilan.journeys import selectors as journey_selectors
from openbilan.programmes import selectors
from openbilan.programmes.models import Agreement, FollowUp, HelpedMost, Programme
from openbilan.programmes.services import DETAIL_FIELDS
from openbilan.referential.choices import QualificationLevel

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
YES_NO_UNKNOWN = [("", _("Je ne sais pas")), ("yes", _("Oui")), ("no", _("Non"))]
ROME = RegexValidator(r"^[A-Na-n]\d{4}$", _("Le code ROME est une lettre suivie de 4 chiffres, par exemple K2111."))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )


MAX_CAPACITY = 10_000_000


class FunderForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du financeur"),
        max_length=200,
        help_text=_("Par exemple : Région Normandie."),
        error_messages={"required": _("Indiquez le nom du financeur.")},
    )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "funder",
            "starts_on",
            "ends_on",
            "capacity",
            "prescribers",
            "journey_template",
            "inactivity_days",
            "second_reviewer",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "prescribers": forms.CheckboxSelectMultiple(),
        }
        labels = {
            "name": _("Nom du programme"),
            "slug": _("Identifiant"),
            "funder": _("Financeur"),
            "starts_on": _("Date de début"),
            "ends_on": _("Date de fin"),
            "capacity": _("Nombre de places"),
            "prescribers": _("Prescripteurs qui peuvent orienter vers ce programme"),
            "journey_template": _("Modèle de parcours"),
            "inactivity_days": _("Relance après combien de jours sans activité"),
            "second_reviewer": _("Un second relecteur valide les projets"),
        }
        help_texts = {
            "slug": _("Lettres minuscules, chiffres et tirets. Vide : il est tiré du nom."),
            "journey_template": _("Vide : le modèle de référence « Bilan 12 semaines »."),
        }

    def __init__(self, *args, operator: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = account_selectors.organisations_of_kind(Organisation.Kind.FUNDER)
        self.fields["prescribers"].queryset = account_selectors.organisations_of_kind(Organisation.Kind.PRESCRIBER)
        self.fields["prescribers"].required = False
        self.fields["journey_template"].queryset = journey_selectors.templates_for_operator(operator)
        for name, low, high in (("capacity", 1, MAX_CAPACITY), ("inactivity_days", 1, 365)):
            field = self.fields[name]  # bounds set after creation need their validators and widget attributes too
            field.min_value, field.max_value = low, high
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)
        self.fields["slug"].required = False
        if self.instance.pk:
            self.fields["slug"].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))[:80]
        if not slug:
            raise forms.ValidationError(_("Donnez un identifiant au programme."))
        if selectors.programme_slug_taken(slug, besides=self.instance.pk):
            raise forms.ValidationError(_("Un autre programme a déjà cet identifiant. Choisissez-en un autre."))
        return slug

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin doit être après la date de début."))
        return cleaned


class CohortUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV de la cohorte"),
        help_text=_("UTF-8, séparé par des virgules, avec la ligne d'en-tête décrite dans le format."),
    )
    historical = forms.BooleanField(
        label=_("Reprise d'un système antérieur : garder les statuts et les situations du fichier"),
        required=False,
        help_text=_("Sans cette case, chaque nouvelle personne reçoit une invitation et commence « invitée »."),
    )
    accept_homonyms = forms.BooleanField(
        label=_("Je confirme que les homonymes signalés sont des personnes différentes"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 10 Mo. Découpez-le en plusieurs fichiers."))
        return upload


class ReferralForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), empty_label=None)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Adresse e-mail"), help_text=_("L'invitation est envoyée à cette adresse."))
    phone = forms.RegexField(label=_("Téléphone"), required=False, max_length=20, regex=r"^\+?[0-9 .()-]{6,20}$")
    birth_date = forms.DateField(label=_("Date de naissance"), required=False, widget=DateInput())
    postcode = forms.RegexField(label=_("Code postal"), required=False, regex=r"^\d{5}$", max_length=5)
    gender = forms.ChoiceField(label=_("Genre"), required=False, choices=[("", _("Je ne sais pas")), *Gender.choices])
    qualification_level = forms.ChoiceField(
        label=_("Niveau de qualification"),
        required=False,
        choices=[("", _("Je ne sais pas")), *QualificationLevel.choices],
    )
    qpv = _yes_no(_("Habite un quartier prioritaire (QPV)"))
    zrr = _yes_no(_("Habite une zone de revitalisation rurale (ZRR)"))
    single_parent = _yes_no(_("Parent isolé"))
    social_minima = forms.ChoiceField(
        label=_("Minimum social"), required=False, choices=[("", _("Je ne sais pas")), *SocialMinima.choices]
    )
    job_seeker_since = forms.DateField(
        label=_("Demandeur ou demandeuse d'emploi depuis le"), required=False, widget=DateInput()
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def clean_birth_date(self):
        day = self.cleaned_data.get("birth_date")
        today = timezone.localdate()
        if day and not (today.replace(year=today.year - 99) <= day <= today.replace(year=today.year - 15)):
            raise forms.ValidationError(_("Vérifiez la date de naissance : la personne doit avoir de 15 à 99 ans."))
        return day

    def clean_job_seeker_since(self):
        day = self.cleaned_data.get("job_seeker_since")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return day

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}


class OutcomeForm(forms.Form):
    moment = forms.ChoiceField(label=_("Moment"), choices=FollowUp.choices)
    kind = forms.ChoiceField(label=_("Situation"), choices=OutcomeKind.choices)
    observed_on = forms.DateField(label=_("Constatée le"), widget=DateInput(), initial=datetime.date.today)
    rome_code = forms.CharField(label=_("Code ROME du métier (facultatif)"), required=False, validators=[ROME])

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return day


def _agreement(label):
    return forms.TypedChoiceField(
        label=label,
        choices=Agreement.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )


class EvaluationForm(forms.Form):
    knows_self_better = _agreement(_("Je me connais mieux qu'avant le bilan."))
    overcame_blocks = _agreement(_("J'ai identifié des blocages et j'ai pu les dépasser."))
    unexpected = _agreement(_("Le bilan m'a apporté quelque chose d'inattendu."))
    helped_most = forms.ChoiceField(
        label=_("Qu'est-ce qui vous a le plus aidé ?"),
        choices=HelpedMost.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Êtes-vous satisfait·e de votre bilan ? (1 : pas du tout, 5 : tout à fait)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    recommend = forms.TypedChoiceField(
        label=_("Recommanderiez-vous ce bilan à un proche ? (0 : pas du tout, 10 : tout à fait)"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    testimonial = forms.CharField(
        label=_("Votre témoignage (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que le bilan vous a apporté, en quelques phrases."),
    )
    testimonial_publish = forms.BooleanField(
        label=_("Vous pouvez publier ce témoignage, sans mon nom"),
        required=False,
        help_text=_("Par exemple dans le rapport remis au financeur. Sans cette case, il reste confidentiel."),
    )


class SituationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Quelle est votre situation aujourd'hui ?"), choices=OutcomeKind.choices, widget=forms.RadioSelect
    )


class DisabilityForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Êtes-vous reconnu·e travailleur handicapé (RQTH) ?"),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    accommodations = forms.CharField(
        label=_("Des changements vous aideraient-ils ? (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : des rendez-vous plus courts, des documents en gros caractères."),
    )
    share_with_coach = forms.BooleanField(
        label=_("Mon consultant ou ma consultante peut voir cette information"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte qu'OpenBilan conserve cette information de santé, à part de mon bilan. Je peux la retirer à "
            "tout moment."
        ),
        required=True,
        error_messages={"required": _("Pour enregistrer cette information, cochez cette case.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("merge", "merge"), ("separate", "separate"), ("cancel", "cancel")])
