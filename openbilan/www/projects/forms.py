"""Forms of the project and synthesis pages. Every form works without JavaScript."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openbilan.projects import criteria
from openbilan.projects.models import FieldEvidence, FundingSource, MarketEvidence
from openbilan.projects.services import RETENTION_AGREEMENT, RETENTION_AGREEMENT_HELP, SHARE_DAYS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _days(days: int) -> str:
    return ngettext("%(days)s jour", "%(days)s jours", days) % {"days": days}


_days_label = lazy(_days, str)  # translated when shown, in the person's language


def _date(label):
    return forms.DateField(label=label, input_formats=["%Y-%m-%d", "%d/%m/%Y"], widget=DATE_WIDGET)


def _text(label, *, required=True, max_length=4000, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StartForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AlignmentForm(forms.Form):
    alignment_note = _text(
        _("Pourquoi ce projet vous correspond"),
        help_text=_("En quelques phrases : ce qui, dans vos résultats et votre expérience, va dans ce sens."),
    )


class FeasibilityForm(forms.Form):
    feasibility_note = _text(
        _("Comment ce projet respecte vos impératifs et les conditions d'accès"),
        help_text=_(
            "Pensez aux horaires, aux trajets, à votre santé, au diplôme demandé et à la durée de la formation."
        ),
    )


class FundingForm(forms.Form):
    training_needed = forms.TypedChoiceField(
        label=_("Une formation est-elle nécessaire ?"),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    training_name = forms.CharField(label=_("La formation choisie"), required=False, max_length=200)
    sources = forms.MultipleChoiceField(
        label=_("Qui pourrait payer la formation ?"),
        required=False,
        choices=FundingSource.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = _text(
        _("Vos notes"),
        required=False,
        rows=3,
        help_text=_(
            "Sans formation : dites pourquoi. "
            "Avec une formation : l'organisme, les dates, ce que vous faites pour la payer."
        ),
    )


class MarketForm(forms.Form):
    prefix = "market"  # its key on the project page too

    kind = forms.ChoiceField(label=_("Type"), choices=MarketEvidence.Kind.choices)
    on = _date(_("Date"))
    description = forms.CharField(label=_("Ce que vous avez vu ou appris"), max_length=500)
    url = forms.URLField(label=_("Lien (facultatif)"), required=False, max_length=500, assume_scheme="https")


class StepForm(forms.Form):
    prefix = "step"  # its key on the project page too

    title = forms.CharField(label=_("Étape"), max_length=200)
    due_on = _date(_("À faire avant le"))


class FieldForm(forms.Form):
    prefix = "field"  # its key on the project page too

    kind = forms.ChoiceField(label=_("Type"), choices=FieldEvidence.Kind.choices)
    held_on = _date(_("Date"))
    with_whom = forms.CharField(label=_("Avec qui, où"), max_length=200)
    debrief = _text(_("Ce que vous en retenez"), rows=3)


class WorkflowForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("submit", "submit"), ("withdraw", "withdraw"), ("request_changes", "rc"), ("validate", "v")]
    )
    comment = _text(_("Votre commentaire"), required=False, rows=3)
    reviewer = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in criteria.KINDS:
            self.fields[f"c_{kind}"] = forms.CharField(required=False, max_length=1000)

    def criteria_comments(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(f"c_{kind}", "") for kind in criteria.KINDS}


class SynthesisForm(forms.Form):
    circumstances = _text(_("Le contexte du bilan"), required=False, max_length=8000, rows=6)
    skills = _text(
        _("Compétences et aptitudes, au regard des pistes envisagées"), required=False, max_length=8000, rows=6
    )
    options = _text(_("Les pistes explorées, et pourquoi"), required=False, max_length=8000, rows=6)
    project = _text(_("Le projet et ses principales étapes"), required=False, max_length=8000, rows=6)


class CommentForm(forms.Form):
    body = _text(_("Votre commentaire"), rows=4)


class ShareForm(forms.Form):
    recipient = forms.CharField(
        label=_("Pour qui ?"),
        max_length=150,
        help_text=_("Par exemple : Mme Dupont, ma conseillère France Travail."),
    )
    days = forms.TypedChoiceField(
        label=_("Valable pendant"),
        choices=[(str(days), _days_label(days)) for days in SHARE_DAYS],
        coerce=int,
        initial="30",
    )
    to_cep = forms.BooleanField(
        label=_("Ce lien est pour un conseil en évolution professionnelle (CEP)"),
        required=False,
        help_text=_(
            "Par exemple France Travail, l'Apec, Cap emploi ou une Mission locale. Votre synthèse est alors gardée "
            "3 ans après la fin du bilan. La loi le prévoit."
        ),
    )


class RetentionForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Après la fin du bilan"),
        choices=[
            ("0", _("Ne rien garder : mes documents sont détruits à la fin du bilan")),
            ("12", _("Garder mes documents 1 an pour le suivi")),
            ("36", _("Garder mes documents 3 ans pour le suivi (au plus)")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    agree = forms.BooleanField(label=_(RETENTION_AGREEMENT), required=False, help_text=_(RETENTION_AGREEMENT_HELP))


class TrainingChoiceForm(forms.Form):
    """Issue 21: the certification (and optionally the session) the plan picks, from the suggestion's training page."""

    certification = forms.CharField(max_length=20)
    session = forms.CharField(max_length=300, required=False)
