"""The configured identity providers (settings.OPENBILAN_IDENTITY_PROVIDERS, read from the environment by
config/identity.py) and their OpenID Connect discovery documents."""

import json
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache

from openbilan.identity.errors import IdentityRefused
from openbilan.identity.models import Provider

DISCOVERY_SECONDS = 3600
TIMEOUT_SECONDS = 10
# Longer than the 32 characters FranceConnect and ProConnect require of `state` and `nonce`.
STATE_SIZE = 48
NONCE_SIZE = 48


@dataclass(frozen=True)
class ProviderConfig:
    slug: str
    issuer: str
    client_id: str
    client_secret: str
    sign_algo: str = "RS256"
    scopes: str = "openid email"
    acr_values: tuple[str, ...] = ()
    staff_acr_values: tuple[str, ...] = ()
    trust_email: bool = False

    @property
    def label(self) -> str:
        return Provider(self.slug).label

    def authorization_params(self) -> dict[str, str]:
        """What the provider requires in the authorization request for the eIDAS level, the MFA claim..."""
        if self.slug == Provider.FRANCECONNECT:
            # FranceConnect: the eIDAS level with acr_values, and a fresh authentication with consent.
            return {"acr_values": self.acr_values[0] if self.acr_values else "eidas1", "prompt": "login consent"}
        # ProConnect: the accepted levels with the `claims` parameter; `amr` tells whether a second factor was used.
        levels = list(dict.fromkeys([*self.acr_values, *self.staff_acr_values]))
        claims = {"id_token": {"acr": {"essential": True, "values": levels}, "amr": {"essential": True}}}
        return {"claims": json.dumps(claims, separators=(",", ":"))}


def configured() -> list[ProviderConfig]:
    return [provider(slug) for slug in Provider.values if slug in _settings()]


def provider(slug: str) -> ProviderConfig | None:
    raw = _settings().get(slug)
    if raw is None:
        return None
    values = {**raw}
    values["acr_values"] = tuple(values.get("acr_values", ()))
    values["staff_acr_values"] = tuple(values.get("staff_acr_values", ()))
    return ProviderConfig(slug=slug, **values)


def _settings() -> dict:
    return getattr(settings, "OPENBILAN_IDENTITY_PROVIDERS", {}) or {}


def discovery(config: ProviderConfig) -> dict:
    """The provider's metadata (endpoints, JWKS address), cached for an hour; its issuer must be the configured one."""
    key = f"identity:discovery:{config.issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(f"{config.issuer}/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise IdentityRefused("provider_unavailable", type(error).__name__) from error
        if document.get("issuer", "").rstrip("/") != config.issuer.rstrip("/"):
            raise IdentityRefused("provider_unavailable", "issuer mismatch in discovery")
        needed = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if any(not document.get(name) for name in needed):
            raise IdentityRefused("provider_unavailable", "incomplete discovery document")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document
