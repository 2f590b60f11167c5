"""Instrument versions (the data files as loaded), attempts and answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openbilan.assessments.definitions import Instrument, parse

_PARSED: dict[tuple[int, str], Instrument] = {}


class InstrumentVersion(models.Model):
    """One version of an instrument's definition. Attempts point at the version they were given on, so editing the
    items later (a new version) never changes how earlier answers read or score."""

    class Kind(models.TextChoices):
        LIKERT = "likert", _("Questionnaire")
        RANKING = "ranking", _("Classement")

    slug = models.SlugField(_("identifiant"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    definition = models.JSONField(_("définition"))
    items_hash = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64)
    is_current = models.BooleanField(_("version proposée"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("version d'instrument")
        verbose_name_plural = _("versions d'instruments")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="instrument_version_unique"),
            models.UniqueConstraint(fields=["slug", "items_hash"], name="instrument_items_once"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(is_current=True), name="instrument_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    def instrument(self) -> Instrument:
        """The parsed definition (parsed once per process and content)."""
        key = (self.pk, self.content_hash)
        if key not in _PARSED:
            _PARSED[key] = parse({**self.definition, "version": self.version})
        return _PARSED[key]


class Attempt(models.Model):
    """One person taking one instrument version once. A retake is a new attempt; earlier attempts are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessment_attempts",
        verbose_name=_("personne"),
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("instrument")
    )
    started_at = models.DateTimeField(_("commencé le"), default=timezone.now)
    last_answer_at = models.DateTimeField(_("dernière réponse"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # Scale scores, Holland code and quality flags, computed once when the attempt is finished (see services).
    result = models.JSONField(_("résultat"), null=True, blank=True)

    class Meta:
        verbose_name = _("passation")
        verbose_name_plural = _("passations")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            models.Index(fields=["instrument_version", "finished_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True) | models.Q(result__isnull=False),
                name="attempt_finished_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.instrument_version} · {self.started_at:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Answer(models.Model):
    """One answer as given. For a ranking exercise, `value` is the card's rank (1 = most important)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(_("question"), max_length=40)
    value = models.PositiveSmallIntegerField(_("réponse"))
    answered_at = models.DateTimeField(_("première réponse le"))
    changed_at = models.DateTimeField(_("modifiée le"))

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item_id"], name="answer_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.item_id}={self.value}"
