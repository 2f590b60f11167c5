"""The funder's publications: the programme report frozen at dated publication points, kept as they were."""

import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.programmes.models import Programme


class PublicationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("A publication is frozen: make a new one.")


class Publication(models.Model):
    """The figures a funder receives, as of one day. Never edited: the next publication point adds a new one."""

    class Kind(models.TextChoices):
        FIRST = "first", _("Première publication")
        MONTHLY = "monthly", _("Publication mensuelle")
        FINAL = "final", _("Publication de fin de programme")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="publications")
    as_of = models.DateField(_("chiffres au"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    made_at = models.DateTimeField(_("faite le"), auto_now_add=True)
    minimum_cell = models.PositiveSmallIntegerField(_("seuil des petites cases"))
    changed = models.PositiveIntegerField(
        _("personnes dont la situation a changé depuis la publication précédente"), null=True, blank=True
    )
    # The report as JSON text, not a JSONField: PostgreSQL's jsonb reorders keys (shortest first), and the order of the
    # report's tables, categories and rows is its order on the page, in the files and in the PDF. Text keeps it, so a
    # publication reads back exactly as it was made, on both databases.
    report_json = models.TextField(_("rapport"), db_column="report")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-as_of", "-pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "as_of"], name="publication_once_a_day")]

    def __str__(self) -> str:
        return f"{self.programme_id} · {self.as_of} · {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A publication is frozen: make a new one.")
        super().save(*args, **kwargs)

    @property
    def report(self) -> dict:
        if getattr(self, "_report", None) is None:
            self._report = json.loads(self.report_json)
        return self._report

    @report.setter
    def report(self, value: dict) -> None:
        self.report_json = json.dumps(value, ensure_ascii=False)
        self._report = json.loads(self.report_json)  # what every later read gets back
