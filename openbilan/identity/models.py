"""The link between an account and an identity at FranceConnect or ProConnect: only what signing in needs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    FRANCECONNECT = "franceconnect", "FranceConnect"
    PROCONNECT = "proconnect", "ProConnect"


class ExternalIdentity(models.Model):
    """One person's identity at one provider (`sub`, the provider's pseudonymous identifier for this service).

    A row with `linked_at` empty is a link the person asked for by e-mail and has not confirmed yet: it never signs
    anybody in. Names and e-mail are not copied here; the account keeps its own."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(_("fournisseur d'identité"), max_length=20, choices=Provider.choices)
    sub = models.CharField(_("identifiant chez le fournisseur"), max_length=255)
    email_verified = models.BooleanField(_("adresse e-mail certifiée par le fournisseur"), default=False)
    last_acr = models.CharField(_("niveau de la dernière connexion (acr)"), max_length=100, blank=True)
    last_amr = models.CharField(_("méthodes de la dernière connexion (amr)"), max_length=100, blank=True)
    last_login_at = models.DateTimeField(_("dernière connexion"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    linked_at = models.DateTimeField(_("lié le"), null=True, blank=True)
    link_token_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("identité externe")
        verbose_name_plural = _("identités externes")
        constraints = [
            models.UniqueConstraint(fields=["provider", "sub"], name="identity_unique_provider_sub"),
            models.UniqueConstraint(
                fields=["user", "provider"],
                condition=models.Q(linked_at__isnull=False),
                name="identity_one_linked_per_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} · {self.user_id}"
