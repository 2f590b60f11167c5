"""What the platform keeps to prove how a person's data was handled."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Access log entries cannot be edited.")


class AccessLog(models.Model):
    """One staff access to a person's data. Rows are only ever added (professional secrecy, GDPR art. 5-2)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="accesses_made", verbose_name=_("qui")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accesses_received", verbose_name=_("personne")
    )
    what = models.CharField(_("quoi"), max_length=200)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    path = models.CharField(_("adresse"), max_length=300, blank=True)
    at = models.DateTimeField(_("quand"), auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès aux données")
        verbose_name_plural = _("accès aux données")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} → {self.subject}: {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Access log entries cannot be edited.")
        super().save(*args, **kwargs)
