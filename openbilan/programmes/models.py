"""Programmes (a funded cohort) and the enrolment of each person in one."""

from django.conf import settings
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
        ]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invité·e")
    ACTIVE = "active", _("En cours")
    PAUSED = "paused", _("En pause")
    COMPLETED = "completed", _("Terminé")
    DROPPED = "dropped", _("Arrêté")


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "beneficiary"], name="enrolment_once_per_programme"),
            models.CheckConstraint(
                condition=models.Q(status="invited") | models.Q(consented_at__isnull=False),
                name="enrolment_active_only_with_consent",
            ),
        ]
        indexes = [models.Index(fields=["coach", "status"]), models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.beneficiary} · {self.programme}"
