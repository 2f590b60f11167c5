"""Forms of the coach's workspace and the person's messages and appointments. Every form works without JavaScript."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openbilan.coaching.caseload import STATUS_FILTERS, CaseloadFilters
from openbilan.coaching.models import AdaptationLog, AppointmentKind, ContactAttempt
from openbilan.coaching.selectors import AssignmentFilters
from openbilan.enrolments.models import DropReason
from openbilan.journeys.models import PhaseCode

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.odt,.docx,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("Joindre des fichiers (facultatif)"),
        required=False,
        help_text=_("Jusqu'à 3 fichiers : un PDF, une photo (JPEG, PNG) ou un texte (DOCX, ODT, TXT)."),
    )


def _slot_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


DURATIONS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 heure")), (90, _("1 h 30")), (120, _("2 heures"))]


class AppointmentForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Vous voulez"),
        choices=[("book", _("Fixer le rendez-vous")), ("propose", _("Proposer des créneaux au choix"))],
        initial="book",
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label=_("Forme"), choices=AppointmentKind.choices, initial=AppointmentKind.VIDEO)
    slot1 = _slot_field(_("Date et heure"))
    slot2 = _slot_field(_("Autre créneau proposé (facultatif)"), required=False)
    slot3 = _slot_field(_("Troisième créneau proposé (facultatif)"), required=False)
    duration = forms.TypedChoiceField(label=_("Durée"), choices=DURATIONS, coerce=int, initial=60)
    video_url = forms.URLField(
        label=_("Lien de la visio"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Pour un rendez-vous en visio : l'adresse qui commence par https://."),
    )
    location = forms.CharField(
        label=_("Adresse ou numéro de téléphone"),
        required=False,
        max_length=300,
        help_text=_("Pour un rendez-vous sur place : l'adresse. Par téléphone : qui appelle qui."),
    )
    subject = forms.CharField(label=_("Objet (facultatif)"), required=False, max_length=200)

    def slots(self) -> list[datetime.datetime]:
        names = ("slot1",) if self.cleaned_data["mode"] == "book" else ("slot1", "slot2", "slot3")
        return [self.cleaned_data[name] for name in names if self.cleaned_data.get(name)]


class SettleForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("done", _("A eu lieu")), ("missed", _("Manqué")), ("cancelled", _("Annuler"))]
    )


class ScreenForm(forms.Form):
    """One of the small forms of the coach's screen: where it brings the coach back (`anchor`), its own page when
    refused (`title`, `submit`), what it says once done (`success`); its cleaned data are the service's arguments,
    but for the fields in `not_for_service`."""

    anchor: str
    title: str
    submit: str
    success: str
    not_for_service: tuple[str, ...] = ()

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.not_for_service}


class NoteForm(ScreenForm):
    anchor, title, submit = "notes", _("Nouvelle note"), _("Enregistrer la note")
    success = _("La note est enregistrée.")

    body = forms.CharField(
        label=_("Nouvelle note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("La personne ne la voit pas ici, mais elle la reçoit si elle demande ses données."),
    )


class TimeForm(ScreenForm):
    anchor, title, submit = "time", _("Ajouter du temps"), _("Ajouter ce temps")
    success = _("Le temps est ajouté.")

    on = forms.DateField(label=_("Jour"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate)
    minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=5, max_value=480)
    description = forms.CharField(label=_("Quoi"), max_length=300, help_text=_("Par exemple : préparation."))


class AdaptationForm(ScreenForm):
    anchor, title, submit = "adaptations", _("Noter une adaptation"), _("Noter l'adaptation")
    success = _("L'adaptation est notée.")

    kind = forms.ChoiceField(label=_("Ce qui change"), choices=AdaptationLog.Kind.choices)
    change = forms.CharField(label=_("Le changement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Pourquoi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(ScreenForm):
    anchor, title, submit = "prevention", _("Noter une tentative de contact"), _("Noter la tentative")
    success = _("La tentative de contact est notée.")

    channel = forms.ChoiceField(label=_("Comment"), choices=ContactAttempt.Channel.choices)
    outcome = forms.ChoiceField(label=_("Résultat"), choices=ContactAttempt.Outcome.choices)
    note = forms.CharField(label=_("Remarque (facultatif)"), required=False, max_length=2000)


class EndForm(ScreenForm):
    anchor, title, submit = "prevention", _("Arrêter le bilan"), _("Arrêter le bilan")
    success = _("Le bilan est arrêté. Le motif est enregistré.")
    not_for_service = ("confirm",)

    reason_code = forms.ChoiceField(label=_("Motif de l'arrêt"), choices=DropReason.choices)
    note = forms.CharField(
        label=_("Précisions (facultatif)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(label=_("Je confirme l'arrêt de ce bilan. Il ne pourra pas reprendre."))


class AssignForm(forms.Form):
    coach = forms.ModelChoiceField(
        label=_("Consultant·e"), queryset=None, required=False, empty_label=_("Sans consultant·e")
    )
    reason = forms.CharField(label=_("Motif (facultatif)"), required=False, max_length=300)

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label_from_instance = lambda user: user.get_full_name() or user.email


NO_COACH = "none"


class AssignmentFilterForm(forms.Form):
    """The assignment page's filters, a plain GET form: programme, coach (or none yet), status."""

    programme = forms.ChoiceField(label=_("Programme"), required=False)
    coach = forms.ChoiceField(label=_("Consultant·e"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, *args, programmes, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        from openbilan.enrolments.models import EnrolmentStatus

        self.fields["programme"].choices = [("", _("Tous les programmes"))] + [(str(p.pk), p.name) for p in programmes]
        self.fields["coach"].choices = [("", _("Tous")), (NO_COACH, _("Sans consultant·e"))] + [
            (str(c.pk), c.get_full_name() or c.email) for c in coaches
        ]
        self.fields["status"].choices = [("", _("Tous les états")), *EnrolmentStatus.choices]

    def filters(self) -> AssignmentFilters:
        """The filters chosen (none when the form is not valid)."""
        if not self.is_valid():
            return AssignmentFilters()
        data = self.cleaned_data
        chosen_coach = data["coach"] if data["coach"] != NO_COACH else ""
        return AssignmentFilters(
            programme_id=int(data["programme"]) if data["programme"] else None,
            coach_id=int(chosen_coach) if chosen_coach else None,
            without_coach=data["coach"] == NO_COACH,
            status=data["status"],
        )


class BulkAssignForm(AssignForm):
    """Several bilans, ticked in the list, given to the same coach."""

    enrolments = forms.TypedMultipleChoiceField(label=_("Bilans"), coerce=int, choices=())

    def __init__(self, *args, enrolment_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].choices = [(pk, pk) for pk in enrolment_ids]
        self.fields["enrolments"].error_messages = {
            "required": _("Cochez au moins un bilan dans la liste."),
            "invalid_choice": _("Un des bilans cochés n'est pas dans vos programmes."),
        }


SORT_CHOICES = [
    ("risk", _("Risque d'abandon")),
    ("name", _("Nom")),
    ("last_activity", _("Dernière activité (la plus ancienne d'abord)")),
    ("next_appointment", _("Prochain rendez-vous")),
    ("progress", _("Avancement")),
]
STATUS_CHOICES = [
    ("current", _("En cours, en pause ou invité·e")),
    ("all", _("Tous")),
    ("invited", _("Invité·e")),
    ("active", _("En cours")),
    ("paused", _("En pause")),
    ("completed", _("Terminé")),
    ("dropped", _("Arrêté")),
]


class CaseloadForm(forms.Form):
    q = forms.CharField(label=_("Nom"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("État"), choices=STATUS_CHOICES, required=False, initial="current")
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", _("Toutes")), *PhaseCode.choices], required=False)
    at_risk = forms.BooleanField(label=_("Seulement les personnes à risque"), required=False)
    sort = forms.ChoiceField(label=_("Trier par"), choices=SORT_CHOICES, required=False, initial="risk")

    def filters(self) -> CaseloadFilters:
        if not self.is_valid():
            return CaseloadFilters()
        data = self.cleaned_data
        return CaseloadFilters(
            q=data["q"].strip(),
            status=data["status"] if data["status"] in STATUS_FILTERS else "current",
            phase=data["phase"],
            at_risk=data["at_risk"],
            sort=data["sort"] or "risk",
        )
