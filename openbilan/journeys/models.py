"""Journey templates (data operator admins edit), each person's journey, their exercises, and the reminders sent.

A template is phases -> modules -> activities in order. A journey follows one template for one enrolment. The
enrolment's status lives on `programmes.Enrolment`; every status or phase change is a `Transition` row, written by
`journeys.services` after `journeys.machine` has allowed it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.journeys.machine import DROP_REASONS
from openbilan.programmes.models import Enrolment
from openbilan.referential.choices import QualificationLevel

TEXT_MAX = 5000


class Bilingual(models.Model):
    """Title and purpose written in French and English; `.title` and `.purpose` follow the active language."""

    title_fr = models.CharField(_("titre (français)"), max_length=200)
    title_en = models.CharField(_("titre (anglais)"), max_length=200, blank=True)
    purpose_fr = models.TextField(_("objectif (français)"), blank=True)
    purpose_en = models.TextField(_("objectif (anglais)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def _pick(self, name: str) -> str:
        french = getattr(self, f"{name}_fr")
        if (get_language() or "fr").startswith("en"):
            return getattr(self, f"{name}_en") or french
        return french

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def purpose(self) -> str:
        return self._pick("purpose")


class PhaseCode(models.TextChoices):
    PRELIMINARY = "preliminary", _("Phase préliminaire")
    INVESTIGATION = "investigation", _("Phase d'investigation")
    CONCLUSIONS = "conclusions", _("Phase de conclusions")


class ActivityKind(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    INTROSPECTION = "introspection", _("Exercice de réflexion")
    EXPLORATION = "exploration", _("Exploration des métiers")
    FIELD_WORK = "field_work", _("Rencontre de professionnels")
    APPOINTMENT = "appointment", _("Rendez-vous avec votre consultant·e")
    PROJECT_STEP = "project_step", _("Étape du projet")
    SYNTHESIS = "synthesis", _("Synthèse")
    EVALUATION = "evaluation", _("Évaluation de fin de parcours")


class Tool(models.TextChoices):
    """The page that runs an activity. Without a tool, the person says when it is done."""

    NONE = "", _("Aucun : la personne indique quand c'est fait")
    NEEDS_ANALYSIS = "needs_analysis", _("Analyse des besoins")
    SELF_ASSESSMENT_ENTRY = "self_assessment_entry", _("Auto-évaluation de départ")
    SELF_ASSESSMENT_END = "self_assessment_end", _("Auto-évaluation de fin")
    LIFE_TIMELINE = "life_timeline", _("Ligne de vie")
    DRIVERS = "drivers", _("Mes moteurs et mes freins")
    BELIEFS = "beliefs", _("Croyances limitantes")
    ASPIRATIONS = "aspirations", _("Attentes, aspirations, besoins, impératifs")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire (module questionnaires)")
    INTERVIEW = "interview", _("Entretien avec votre consultant·e")
    SUGGESTIONS = "suggestions", _("Pistes proposées par la plateforme (cochée quand la personne les lit)")


class JourneyTemplate(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_en = models.CharField(_("nom (anglais)"), max_length=200, blank=True)
    weeks = models.PositiveSmallIntegerField(
        _("durée prévue (semaines)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journey_templates",
        verbose_name=_("opérateur"),
        help_text=_("Vide : modèle de référence livré avec OpenBilan, modifiable seulement par copie."),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copié de")
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modèle de parcours")
        verbose_name_plural = _("modèles de parcours")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("en"):
            return self.name_en or self.name_fr
        return self.name_fr

    @property
    def is_reference(self) -> bool:
        return self.operator_id is None


class Phase(Bilingual):
    template = models.ForeignKey(JourneyTemplate, on_delete=models.CASCADE, related_name="phases")
    code = models.CharField(_("phase"), max_length=20, choices=PhaseCode.choices)
    order = models.PositiveSmallIntegerField(_("ordre"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="phase_once_per_template")]


class Module(Bilingual):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(_("identifiant"), max_length=80)
    order = models.PositiveSmallIntegerField(_("ordre"))

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["phase__order", "order"]
        constraints = [models.UniqueConstraint(fields=["phase", "slug"], name="module_slug_unique_in_phase")]


class Activity(Bilingual):
    template = models.ForeignKey(JourneyTemplate, on_delete=models.CASCADE, related_name="activities")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="activities")
    slug = models.SlugField(_("identifiant"), max_length=80)
    order = models.PositiveSmallIntegerField(_("ordre"))
    kind = models.CharField(_("type d'activité"), max_length=20, choices=ActivityKind.choices)
    tool = models.CharField(_("outil"), max_length=30, choices=Tool.choices, blank=True)
    instrument_slug = models.SlugField(
        _("questionnaire"), max_length=80, blank=True, help_text=_("Pour un questionnaire : son identifiant.")
    )
    expected_week = models.PositiveSmallIntegerField(
        _("semaine prévue"), validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Une activité retirée reste dans l'historique des parcours.")
    )

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["module__phase__order", "module__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "slug"], name="activity_slug_unique_in_template"),
            models.CheckConstraint(
                condition=~models.Q(tool="questionnaire") | ~models.Q(instrument_slug=""),
                name="activity_questionnaire_names_instrument",
            ),
        ]


class Journey(models.Model):
    """One person's way through a template, for one enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="journey")
    template = models.ForeignKey(JourneyTemplate, on_delete=models.PROTECT, related_name="journeys")
    phase = models.CharField(_("phase"), max_length=20, choices=PhaseCode.choices, default=PhaseCode.PRELIMINARY)
    started_at = models.DateTimeField(_("commencé le"))
    investigation_opened_at = models.DateTimeField(null=True, blank=True)
    conclusions_opened_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(_("dernière activité"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.get_phase_display()}"

    @property
    def beneficiary(self):
        return self.enrolment.beneficiary


class Transition(models.Model):
    """One change of status or phase: who, when, from, to and why. Rows are only ever added."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Statut")
        PHASE = "phase", _("Phase")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    from_state = models.CharField(_("de"), max_length=20, blank=True)
    to_state = models.CharField(_("vers"), max_length=20)
    reason_code = models.CharField(_("motif"), max_length=20, blank=True)
    note = models.TextField(_("pourquoi"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("qui"),
    )
    at = models.DateTimeField(_("quand"), db_index=True)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["enrolment", "kind", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_state="dropped", kind="status") | models.Q(reason_code__in=DROP_REASONS),
                name="transition_drop_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}: {self.from_state or '-'} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Transitions cannot be edited.")
        super().save(*args, **kwargs)


class ActivityProgress(models.Model):
    class State(models.TextChoices):
        STARTED = "started", _("Commencée")
        DONE = "done", _("Faite")
        SKIPPED = "skipped", _("Retirée de ce parcours")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="progress")
    state = models.CharField(_("état"), max_length=10, choices=State.choices)
    done_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("pourquoi"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "activity"], name="progress_once_per_activity"),
            models.CheckConstraint(
                condition=~models.Q(state="skipped") | ~models.Q(note=""), name="progress_skip_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.activity_id}: {self.state}"


class Entry(models.Model):
    """A piece of the person's own writing. `version` rises on every save, so a stale tab cannot overwrite it."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    private = models.BooleanField(
        _("garder privé"), default=False, help_text=_("Votre consultant·e ne verra pas ce texte.")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The free-text fields of the entry (autosaved), and the other fields the same form saves.
    text_fields: tuple[str, ...] = ()
    other_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def has_text(self) -> bool:
        return any(getattr(self, name).strip() for name in self.text_fields)


class NeedsAnalysis(Entry):
    """The preliminary phase's record: the request and needs, the objectives, the working arrangements (ind. 4)."""

    needs = models.TextField(_("Votre demande et vos besoins"), blank=True, max_length=TEXT_MAX)
    objectives = models.TextField(_("Vos objectifs pour ce bilan"), blank=True, max_length=TEXT_MAX)
    arrangements = models.TextField(_("Comment nous allons travailler"), blank=True, max_length=TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    text_fields = ("needs", "objectives", "arrangements")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey"], name="needs_analysis_once"),
            models.CheckConstraint(condition=models.Q(private=False), name="needs_analysis_never_private"),
        ]

    def __str__(self) -> str:
        return f"needs analysis · journey {self.journey_id} · v{self.version}"

    def is_recorded(self) -> bool:
        return all(getattr(self, name).strip() for name in self.text_fields)


class TimelineEntry(Entry):
    class Kind(models.TextChoices):
        STUDY = "study", _("Études ou formation")
        JOB = "job", _("Emploi ou activité")
        PERSONAL = "personal", _("Événement personnel")

    kind = models.CharField(_("type d'étape"), max_length=10, choices=Kind.choices, default=Kind.JOB)
    title = models.CharField(_("Quoi ?"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("Année de début"), null=True, blank=True, validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("Année de fin"), null=True, blank=True, validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    learned = models.TextField(_("Ce que j'ai appris"), blank=True, max_length=TEXT_MAX)
    liked = models.TextField(_("Ce que j'ai aimé"), blank=True, max_length=TEXT_MAX)
    disliked = models.TextField(_("Ce que je n'ai pas aimé"), blank=True, max_length=TEXT_MAX)
    rome_code_ogr = models.CharField(_("code ROME du métier (code OGR)"), max_length=12, blank=True)

    text_fields = ("title", "learned", "liked", "disliked")
    other_fields = ("kind", "start_year", "end_year", "rome_code_ogr", "private")

    class Meta:
        ordering = [models.F("start_year").asc(nulls_last=True), "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="timeline_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="job") | models.Q(rome_code_ogr=""), name="timeline_rome_only_for_jobs"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"timeline entry {self.pk}"


class Driver(models.TextChoices):
    """The five classic "drivers" (Kahler). A reflective exercise, never a score (docs/DOMAIN_NOTES.md, section 6)."""

    BE_PERFECT = "be_perfect", _("Sois parfait·e")
    PLEASE_OTHERS = "please_others", _("Fais plaisir")
    HURRY_UP = "hurry_up", _("Dépêche-toi")
    BE_STRONG = "be_strong", _("Sois fort·e")
    TRY_HARD = "try_hard", _("Fais des efforts")


class DriverEntry(Entry):
    driver = models.CharField(_("moteur"), max_length=20, choices=Driver.choices)
    examples = models.TextField(_("Mes exemples"), blank=True, max_length=TEXT_MAX)
    keep = models.TextField(_("Ce que je garde"), blank=True, max_length=TEXT_MAX)
    let_go = models.TextField(_("Ce que je lâche"), blank=True, max_length=TEXT_MAX)

    text_fields = ("examples", "keep", "let_go")
    other_fields = ("private",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journey", "driver"], name="driver_entry_once")]

    def __str__(self) -> str:
        return f"{self.get_driver_display()} · journey {self.journey_id}"


class BeliefEntry(Entry):
    belief = models.TextField(_("La croyance"), blank=True, max_length=TEXT_MAX)
    origin = models.TextField(_("D'où elle vient"), blank=True, max_length=TEXT_MAX)
    facts_for = models.TextField(_("Les faits qui vont dans son sens"), blank=True, max_length=TEXT_MAX)
    facts_against = models.TextField(_("Les faits qui la contredisent"), blank=True, max_length=TEXT_MAX)
    reframed = models.TextField(_("Une croyance plus juste"), blank=True, max_length=TEXT_MAX)
    small_action = models.TextField(_("Une petite action pour la tester"), blank=True, max_length=TEXT_MAX)

    text_fields = ("belief", "origin", "facts_for", "facts_against", "reframed", "small_action")
    other_fields = ("private",)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"belief {self.pk} · journey {self.journey_id}"


class MaxTraining(models.TextChoices):
    NONE = "none", _("Aucune formation")
    SIX_MONTHS = "6m", _("Moins de 6 mois")
    ONE_YEAR = "1y", _("Moins d'un an")
    TWO_YEARS = "2y", _("Moins de deux ans")
    ANY = "any", _("Peu importe la durée")


class SelfEmployment(models.TextChoices):
    YES = "yes", _("Oui")
    NO = "no", _("Non")
    MAYBE = "maybe", _("Peut-être")


class Aspirations(Entry):
    """Attentes, aspirations, besoins, impératifs. The imperatives are the suggestions' hard filters."""

    expectations = models.TextField(_("Mes attentes"), blank=True, max_length=TEXT_MAX)
    aspirations = models.TextField(_("Mes aspirations"), blank=True, max_length=TEXT_MAX)
    needs = models.TextField(_("Mes besoins"), blank=True, max_length=TEXT_MAX)
    other_imperatives = models.TextField(_("Mes autres impératifs"), blank=True, max_length=TEXT_MAX)
    excluded_contexts = models.JSONField(_("contextes de travail exclus (codes OGR ROME)"), default=list, blank=True)
    qualification_level = models.CharField(
        _("Mon plus haut diplôme"), max_length=10, choices=QualificationLevel.choices, blank=True
    )
    max_training = models.CharField(
        _("La formation la plus longue que j'accepte"), max_length=5, choices=MaxTraining.choices, blank=True
    )
    self_employment = models.CharField(
        _("Travailler à mon compte ?"), max_length=5, choices=SelfEmployment.choices, blank=True
    )

    text_fields = ("expectations", "aspirations", "needs", "other_imperatives")
    other_fields = ("excluded_contexts", "qualification_level", "max_training", "self_employment", "private")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journey"], name="aspirations_once")]

    def __str__(self) -> str:
        return f"aspirations · journey {self.journey_id}"


class SelfAssessment(models.Model):
    """Two 0-10 answers at the start and at the end, so a programme can show whether its objectives were met."""

    class Moment(models.TextChoices):
        ENTRY = "entry", _("Au début du bilan")
        END = "end", _("À la fin du bilan")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="self_assessments")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    project = models.PositiveSmallIntegerField(
        _("Où j'en suis dans mon projet"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    confidence = models.PositiveSmallIntegerField(
        _("Ma confiance en mon avenir"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "moment"], name="self_assessment_once_per_moment"),
            models.CheckConstraint(
                condition=models.Q(project__lte=10, confidence__lte=10), name="self_assessment_zero_to_ten"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moment}: {self.project}/{self.confidence}"


class Interview(models.Model):
    """A synchronous interview with the coach that took place. The coaching domain creates these from appointments
    marked done (source "appointment", source_ref = the appointment's id); until then a coach records them by hand."""

    class Mode(models.TextChoices):
        VIDEO = "video", _("En visio")
        PHONE = "phone", _("Par téléphone")
        ON_SITE = "on_site", _("Sur place")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Noté par le ou la consultant·e")
        APPOINTMENT = "appointment", _("Rendez-vous")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="interviews")
    held_at = models.DateTimeField(_("date de l'entretien"))
    mode = models.CharField(_("forme"), max_length=10, choices=Mode.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~models.Q(source_ref=""), name="interview_source_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_at:%Y-%m-%d} {self.mode} · journey {self.journey_id}"


class EmailPreference(models.Model):
    """The person's choice about e-mails that are not essential (reminders, weekly recap)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    reminders = models.BooleanField(_("Recevoir les rappels et le récapitulatif de la semaine"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: reminders={self.reminders}"


class ReminderLog(models.Model):
    """Every reminder decided and what became of it: the drop-out prevention record (Qualiopi ind. 12).

    One row per person, kind and period (unique), so running the scheduler twice never sends twice."""

    class Kind(models.TextChoices):
        INACTIVITY = "inactivity", _("Rappel après une période sans activité")
        WEEKLY_RECAP = "weekly_recap", _("Récapitulatif de la semaine")
        APPOINTMENT = "appointment", _("Rappel de rendez-vous")

    class State(models.TextChoices):
        QUEUED = "queued", _("En attente d'envoi")
        SENT = "sent", _("Envoyé")
        OPTED_OUT = "opted_out", _("Non envoyé : la personne a refusé ces e-mails")
        NOT_ACTIVE = "not_active", _("Non envoyé : le parcours n'est plus en cours")
        FAILED = "failed", _("Échec de l'envoi")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("période"), max_length=40)
    state = models.CharField(_("état"), max_length=12, choices=State.choices, default=State.QUEUED)
    queued_at = models.DateTimeField(_("décidé le"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind", "period"], name="reminder_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} · {self.state}"
