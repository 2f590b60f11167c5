"""Programmes (a funded cohort) and the enrolment of each person in one."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation


class Programme(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="operated_programmes", verbose_name=_("opérateur")
    )
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funded_programmes", verbose_name=_("financeur")
    )
    prescribers = models.ManyToManyField(
        Organisation, blank=True, related_name="prescribed_programmes", verbose_name=_("prescripteurs")
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    inactivity_days = models.PositiveSmallIntegerField(
        _("relance après combien de jours sans activité"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Une personne sans activité depuis ce nombre de jours reçoit un rappel par e-mail."),
    )
    journey_template = models.ForeignKey(
        "journeys.JourneyTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("modèle de parcours"),
        help_text=_("Vide : le modèle de référence « Bilan 12 semaines »."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(inactivity_days__gte=1, inactivity_days__lte=365),
                name="programme_inactivity_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invité·e")
    ACTIVE = "active", _("En cours")
    PAUSED = "paused", _("En pause")
    COMPLETED = "completed", _("Terminé")
    DROPPED = "dropped", _("Arrêté")


class DropReason(models.TextChoices):
    """Why a bilan stopped before its end (Qualiopi ind. 12). The codes match journeys.machine.DROP_REASONS."""

    PERSONAL = "personal", _("Raisons personnelles")
    HEALTH = "health", _("Santé")
    FOUND_JOB = "found_job", _("A trouvé un emploi")
    TRAINING = "training", _("Est entré·e en formation")
    MOVED = "moved", _("A déménagé")
    NO_CONTACT = "no_contact", _("Plus de contact")
    OTHER = "other", _("Autre raison")


class Enrolment(models.Model):
    """One person's bilan within a programme, followed by one coach, possibly referred by a prescriber."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    beneficiary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("consultant·e"),
    )
    prescriber = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("prescripteur"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.INVITED
    )
    consented_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    shares_with_prescriber = models.BooleanField(
        _("le prescripteur peut voir l'état du parcours"),
        default=False,
        help_text=_("Choisi par la personne quand elle accepte l'invitation. Jamais le contenu du bilan."),
    )
    status_changed_at = models.DateTimeField(_("statut changé le"), null=True, blank=True)
    paused_at = models.DateTimeField(_("en pause depuis le"), null=True, blank=True)
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("arrêté le"), null=True, blank=True)
    drop_reason = models.CharField(_("motif de l'arrêt"), max_length=20, choices=DropReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "beneficiary"], name="enrolment_once_per_programme"),
            models.CheckConstraint(
                # Without consent, an enrolment is only an invitation, possibly declined.
                condition=models.Q(status__in=["invited", "dropped"]) | models.Q(consented_at__isnull=False),
                name="enrolment_active_only_with_consent",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="dropped") & ~models.Q(drop_reason="") & models.Q(dropped_at__isnull=False))
                | (~models.Q(status="dropped") & models.Q(drop_reason="")),
                name="enrolment_dropped_with_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="enrolment_completed_with_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paused") | models.Q(paused_at__isnull=False),
                name="enrolment_paused_with_date",
            ),
        ]
        indexes = [models.Index(fields=["coach", "status"]), models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.beneficiary} · {self.programme}"
