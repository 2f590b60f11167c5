"""Forms of the journey pages. Every free-text form carries the entry's version for optimistic concurrency."""

import json
from functools import lru_cache
from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openbilan.enrolments.machine import DROP_REASONS, Action
from openbilan.enrolments.models import DropReason
from openbilan.journeys.models import (
    TEXT_MAX,
    ActivityKind,
    Interview,
    MaxTraining,
    SelfEmployment,
    TimelineEntry,
    Tool,
)
from openbilan.referential import selectors as referential
from openbilan.referential.choices import QualificationLevel

CONTEXTS_FILE = Path(__file__).resolve().parents[2] / "journeys" / "data" / "imperative_contexts.json"


def _text(label, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VersionedForm(forms.Form):
    """A form saved by autosave: `version` is the entry's version the page was showing (0: not created yet)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    text_fields: tuple[str, ...] = ()

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class NeedsAnalysisForm(VersionedForm):
    needs = _text(
        _("Votre demande et vos besoins"),
        help_text=_("Pourquoi faites-vous ce bilan maintenant ? Qu'est-ce qui vous amène ?"),
    )
    objectives = _text(_("Vos objectifs pour ce bilan"), help_text=_("À la fin du bilan, que voulez-vous avoir ?"))
    arrangements = _text(
        _("Comment nous allons travailler"),
        help_text=_("Le rythme des rendez-vous, en visio ou sur place, vos disponibilités, ce qui vous aide."),
    )
    text_fields = ("needs", "objectives", "arrangements")


class TimelineEntryForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Type d'étape"), choices=TimelineEntry.Kind.choices)
    title = forms.CharField(
        label=_("Quoi ?"),
        required=False,
        strip=False,
        max_length=200,
        help_text=_("Par exemple : CAP cuisine, vendeuse chez Dupont, naissance de mon fils."),
    )
    start_year = forms.IntegerField(label=_("Année de début"), required=False, min_value=1930, max_value=2100)
    end_year = forms.IntegerField(label=_("Année de fin"), required=False, min_value=1930, max_value=2100)
    learned = _text(_("Ce que j'ai appris"), rows=3)
    liked = _text(_("Ce que j'ai aimé"), rows=3)
    disliked = _text(_("Ce que je n'ai pas aimé"), rows=3)
    rome_code_ogr = forms.CharField(
        label=_("Le métier (facultatif)"),
        max_length=200,
        required=False,
        help_text=_(
            "Pour un emploi seulement. Tapez son nom, par exemple « aide-soignant », ou son code ROME (D1106). "
            "Il compte alors dans les métiers proposés."
        ),
    )
    private = forms.BooleanField(
        label=_("Garder cette étape privée"),
        required=False,
        help_text=_("Votre consultant·e ne la verra pas."),
    )
    text_fields = ("title", "learned", "liked", "disliked")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = str(self.initial.get("rome_code_ogr") or "")
        if stored.isdigit():  # show the job's name, never the code the platform stores
            found = referential.appellation_for(stored)
            if found is not None:
                self.initial["rome_code_ogr"] = found[1]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("L'année de fin est avant l'année de début."))
        if data.get("kind") != TimelineEntry.Kind.JOB:
            data["rome_code_ogr"] = ""
        elif data.get("rome_code_ogr"):
            # A job title or a ROME code, as a person knows it, stored as the appellation's code (issue 19).
            found = referential.appellation_for(data["rome_code_ogr"])
            if found is None:
                self.add_error(
                    "rome_code_ogr",
                    _(
                        "Nous ne trouvons pas ce métier. Essayez un autre nom, plus court, "
                        "ou cherchez-le dans « Explorer les métiers »."
                    ),
                )
            else:
                data["rome_code_ogr"] = str(found[0])
        return data


class DriverEntryForm(VersionedForm):
    examples = _text(_("Mes exemples"), rows=3, help_text=_("Une ou deux situations où vous l'avez ressenti."))
    keep = _text(_("Ce que je garde"), rows=2, help_text=_("Ce que ce moteur vous apporte de bon."))
    let_go = _text(_("Ce que je lâche"), rows=2, help_text=_("Ce que vous voulez faire autrement."))
    private = forms.BooleanField(
        label=_("Garder ce texte privé"), required=False, help_text=_("Votre consultant·e ne le verra pas.")
    )
    text_fields = ("examples", "keep", "let_go")


class BeliefEntryForm(VersionedForm):
    belief = _text(_("La croyance"), rows=2, help_text=_("Par exemple : « Je suis trop vieux pour apprendre. »"))
    origin = _text(_("D'où elle vient"), rows=2)
    facts_for = _text(_("Les faits qui vont dans son sens"), rows=2)
    facts_against = _text(_("Les faits qui la contredisent"), rows=2)
    reframed = _text(_("Une croyance plus juste"), rows=2)
    small_action = _text(_("Une petite action pour la tester"), rows=2)
    private = forms.BooleanField(
        label=_("Garder ce texte privé"), required=False, help_text=_("Votre consultant·e ne le verra pas.")
    )
    text_fields = ("belief", "origin", "facts_for", "facts_against", "reframed", "small_action")


@lru_cache(maxsize=1)
def _contexts_data() -> dict:
    return json.loads(CONTEXTS_FILE.read_text(encoding="utf-8"))


def context_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The work contexts a person may rule out, grouped, labelled in the active language."""
    english = (get_language() or "fr").startswith("en")
    return [
        (
            group["title_en"] if english else group["title_fr"],
            [(code, label_en if english else label_fr) for code, label_fr, label_en in group["contexts"]],
        )
        for group in _contexts_data()["groups"]
    ]


def contexts_source() -> str:
    return _contexts_data()["source"]


class AspirationsForm(VersionedForm):
    expectations = _text(_("Mes attentes"), rows=3, help_text=_("Ce que vous attendez d'un futur emploi."))
    aspirations = _text(_("Mes aspirations"), rows=3, help_text=_("Ce dont vous rêvez, même si cela paraît loin."))
    needs = _text(_("Mes besoins"), rows=3, help_text=_("Ce qu'il vous faut pour être bien au travail."))
    excluded_contexts = forms.MultipleChoiceField(
        label=_("Ce que je ne veux pas ou ne peux pas faire"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nous ne vous proposerons pas les métiers qui demandent ces conditions."),
    )
    qualification_level = forms.ChoiceField(
        label=_("Mon plus haut diplôme"), required=False, choices=[("", "—"), *QualificationLevel.choices]
    )
    max_training = forms.ChoiceField(
        label=_("La formation la plus longue que j'accepte"), required=False, choices=[("", "—"), *MaxTraining.choices]
    )
    self_employment = forms.ChoiceField(
        label=_("Travailler à mon compte ?"), required=False, choices=[("", "—"), *SelfEmployment.choices]
    )
    other_imperatives = _text(
        _("Mes autres impératifs"), rows=2, help_text=_("Par exemple : pas plus de 30 minutes de trajet.")
    )
    private = forms.BooleanField(
        label=_("Garder ce texte privé"),
        required=False,
        help_text=_("Votre consultant·e ne le verra pas. Vos impératifs servent quand même à vos suggestions."),
    )
    text_fields = ("expectations", "aspirations", "needs", "other_imperatives")

    def __init__(self, *args, stored_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(label, options) for label, options in context_groups()]
        known = {code for _label, options in choices for code, _name in options}
        unknown = [(code, code) for code in stored_codes if code not in known]
        if unknown:  # a code written elsewhere (an import) stays selectable, so saving never drops it
            choices.append((_("Autres codes"), unknown))
        self.fields["excluded_contexts"].choices = choices


SCORE_CHOICES = [(str(n), str(n)) for n in range(11)]


class SelfAssessmentForm(forms.Form):
    project = forms.TypedChoiceField(
        label=_("Où j'en suis dans mon projet"),
        help_text=_("0 : je ne sais pas du tout quoi faire. 10 : mon projet est clair."),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note entre 0 et 10.")},
    )
    confidence = forms.TypedChoiceField(
        label=_("Ma confiance en mon avenir"),
        help_text=_("0 : aucune confiance. 10 : pleine confiance."),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note entre 0 et 10.")},
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("J'ai lu ces informations. J'accepte de commencer mon bilan de compétences."),
        required=False,
    )
    share_with_prescriber = forms.BooleanField(
        label=_("J'accepte que l'organisme qui m'a orienté voie où en est mon bilan."),
        help_text=_(
            "Par exemple France Travail ou la Mission locale. Il voit aussi comment votre bilan se termine. "
            "Il ne verra jamais ce que vous écrivez ni vos résultats. Vous pouvez refuser."
        ),
        required=False,
    )
    bring_earlier_work = forms.BooleanField(
        label=_("J'apporte dans ce bilan ce que j'ai fait pendant mon bilan précédent."),
        help_text=_(
            "Vos résultats de questionnaires, vos suggestions de métiers et vos demandes d'aménagement. Sans votre "
            "accord, l'équipe de ce bilan ne voit que ce que vous ferez à partir d'aujourd'hui."
        ),
        required=False,
    )


STATUS_ACTION_LABELS = {
    Action.PAUSE: _("Mettre le bilan en pause"),
    Action.RESUME: _("Reprendre le bilan"),
    Action.COMPLETE: _("Terminer le bilan"),
    Action.DROP: _("Arrêter le bilan"),
}


class StatusForm(forms.Form):
    action = forms.ChoiceField(label=_("Que voulez-vous faire ?"), widget=forms.RadioSelect)
    reason_code = forms.ChoiceField(
        label=_("Motif de l'arrêt"),
        required=False,
        choices=[("", "—"), *[(code, DropReason(code).label) for code in DROP_REASONS]],
        help_text=_("Seulement pour arrêter le bilan."),
    )
    note = forms.CharField(
        label=_("Pourquoi ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour une pause. Nous gardons ce texte dans l'historique du bilan."),
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(action.value, STATUS_ACTION_LABELS[action]) for action in actions]


class InterviewForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date de l'entretien"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    mode = forms.ChoiceField(label=_("Forme"), choices=Interview.Mode.choices)
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), required=False, min_value=5, max_value=480)


class SkipForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi retirer cette activité de ce parcours ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez pourquoi cette activité est retirée du parcours.")},
    )


class PreferencesForm(forms.Form):
    reminders = forms.BooleanField(
        label=_("Recevoir les rappels et le récapitulatif de la semaine par e-mail"),
        required=False,
        help_text=_(
            "Ces e-mails vous aident à garder le rythme. Les e-mails indispensables (rendez-vous, messages de votre "
            "consultant·e) restent envoyés."
        ),
    )


class ActivityForm(forms.Form):
    title_fr = forms.CharField(label=_("Titre (français)"), max_length=200)
    title_en = forms.CharField(label=_("Titre (anglais)"), max_length=200, required=False)
    purpose_fr = forms.CharField(
        label=_("Objectif (français)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pourquoi cette activité est utile au bilan (la loi demande de le dire)."),
    )
    purpose_en = forms.CharField(
        label=_("Objectif (anglais)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Type d'activité"), choices=ActivityKind.choices)
    tool = forms.ChoiceField(label=_("Outil"), choices=Tool.choices, required=False)
    instrument_slug = forms.SlugField(
        label=_("Identifiant du questionnaire"),
        required=False,
        help_text=_("Pour l'outil « Questionnaire » : par exemple riasec-markers-48."),
    )
    expected_week = forms.IntegerField(label=_("Semaine prévue"), min_value=1, max_value=104)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, weeks=12, **kwargs):
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        self.fields["expected_week"].widget.attrs["max"] = weeks

    def clean_expected_week(self):
        week = self.cleaned_data["expected_week"]
        if week > self.weeks:
            raise forms.ValidationError(
                _("La semaine prévue doit être entre 1 et %(weeks)s."), params={"weeks": self.weeks}
            )
        return week

    def clean(self):
        data = super().clean()
        if data.get("tool") == Tool.QUESTIONNAIRE and not data.get("instrument_slug"):
            self.add_error("instrument_slug", _("Un questionnaire doit indiquer son identifiant."))
        if data.get("tool") != Tool.QUESTIONNAIRE:
            data["instrument_slug"] = ""
        return data
