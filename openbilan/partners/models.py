"""The partner API's records: organisation tokens (hashed), idempotent requests, the log of every call, and the
webhooks an organisation registers with the deliveries made to them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation


class Scope(models.TextChoices):
    REFERRALS_READ = "referrals:read", _("Lire ses orientations et ce qu'elles sont devenues")
    REFERRALS_WRITE = "referrals:write", _("Créer des orientations")
    WEBHOOKS = "webhooks:manage", _("Gérer ses webhooks")
    FIGURES_READ = "figures:read", _("Lire les chiffres publiés de ses programmes (financeur)")
    COHORTS_READ = "cohorts:read", _("Lire les inscriptions de ses programmes (opérateur)")
    COHORTS_WRITE = "cohorts:write", _("Importer un fichier de cohorte dans ses programmes (opérateur)")


# The scopes each kind of organisation may hold: a prescriber's referrals, a funder's published figures, an
# operator's own cohorts (the operator's software reads and writes the programmes it runs).
SCOPES_BY_KIND = {
    Organisation.Kind.PRESCRIBER: {Scope.REFERRALS_READ, Scope.REFERRALS_WRITE, Scope.WEBHOOKS},
    Organisation.Kind.FUNDER: {Scope.FIGURES_READ},
    Organisation.Kind.OPERATOR: {Scope.COHORTS_READ, Scope.COHORTS_WRITE},
}


class ApiToken(models.Model):
    """A secret that lets one partner organisation (a prescriber, a funder) call the API, within one operator's
    programmes. Only a
    SHA-256 hash of the secret is kept: the secret is shown once, when the operator admin issues it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organisation")
    )
    operator = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("opérateur qui l'a délivré")
    )
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("droits"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dernier appel"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotentRequest(models.Model):
    """The answer to a POST made with an `Idempotency-Key`: the same key and body get the same answer again."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.key}"


class ApiCall(models.Model):
    """One call to the API, answered or refused: who (the token), what, when, the answer and how long it took."""

    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status_code = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(default=0)
    address = models.GenericIPAddressField(null=True, blank=True)
    replayed = models.BooleanField(default=False)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("appel à l'API")
        verbose_name_plural = _("appels à l'API")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status_code}"


class Event(models.TextChoices):
    REFERRAL_STATUS_CHANGED = "referral.status_changed", _("Le statut d'une orientation a changé")
    REFERRAL_OUTCOME_RECORDED = "referral.outcome_recorded", _("La situation après le bilan est notée")


class WebhookEndpoint(models.Model):
    """An address where an organisation receives events, signed with the endpoint's secret."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhooks")
    operator = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("adresse"), max_length=500)
    secret = models.CharField(max_length=64)
    events = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, tried again with a growing delay until it is accepted or abandoned."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        DELIVERED = "delivered", _("Livré")
        FAILED = "failed", _("Abandonné")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("livraison de webhook")
        verbose_name_plural = _("livraisons de webhook")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} ({self.state})"
