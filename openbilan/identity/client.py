"""The OpenID Connect client, on mozilla-django-oidc: one configuration per provider instead of the library's
global settings, and the checks FranceConnect and ProConnect require on top of the library's own.

The library generates `state` and `nonce` (48 characters here) and PKCE, keeps them in the session, exchanges the
code, fetches the provider's JWKS and verifies JWS signatures (PyJWT), and reads a userinfo answer signed as a JWT.
It does not check the issuer, the audience, `iat`, the userinfo's `sub` against the id_token's, nor the `acr`; it
answers every failure with one redirect. Those checks are added here, each failure raising IdentityRefused with its
own code, so the person gets a page that says what happened."""

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from openbilan.identity import providers
from openbilan.identity.errors import IdentityRefused
from openbilan.identity.providers import ProviderConfig

# Seconds of clock difference tolerated with the provider.
LEEWAY = 60
# How long the person may take at the provider before the state they carry expires.
STATE_MAX_AGE = 30 * 60


def callback_url_name(slug: str) -> str:
    return f"identity:{slug}_callback"


def _common_settings(config: ProviderConfig, document: dict) -> dict:
    return {
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_RP_SCOPES": config.scopes,
        "OIDC_RP_SIGN_ALGO": config.sign_algo,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": document["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": document["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": document["userinfo_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": document["jwks_uri"],
        "OIDC_AUTHENTICATION_CALLBACK_URL": callback_url_name(config.slug),
        "OIDC_STATE_SIZE": providers.STATE_SIZE,
        "OIDC_NONCE_SIZE": providers.NONCE_SIZE,
        "OIDC_USE_NONCE": True,
        # PKCE when the provider says it supports it (RFC 7636; advertised in its discovery document).
        "OIDC_USE_PKCE": "S256" in document.get("code_challenge_methods_supported", []),
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "OIDC_TIMEOUT": providers.TIMEOUT_SECONDS,
        "OIDC_VERIFY_SSL": True,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,  # client_secret_post, as both providers document
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_MAX_STATES": 10,
    }


class _PerProvider:
    """Read the library's settings from one provider's configuration instead of Django's global settings."""

    def _configure(self, config: ProviderConfig) -> None:
        self.provider_config = config
        self.provider_settings = _common_settings(config, providers.discovery(config))

    def get_settings(self, attr, *args):
        if attr in self.provider_settings:
            return self.provider_settings[attr]
        if args:
            return args[0]
        raise KeyError(attr)


class AuthenticationRequest(_PerProvider, OIDCAuthenticationRequestView):
    """Redirects the browser to the provider, with the provider's required parameters."""

    def __init__(self, config: ProviderConfig, **kwargs):
        self._configure(config)
        super().__init__(**kwargs)

    def get_extra_params(self, request):
        return self.provider_config.authorization_params()

    def get(self, request):
        response = super().get(request)
        # The library keeps state -> nonce for every provider in one place: remember which provider this state is for.
        state = parse_qs(urlparse(response.url).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider_config.slug
        request.session.modified = True
        return response


def take_state(request, slug: str, state: str | None) -> tuple[str | None, str | None]:
    """The nonce and PKCE verifier kept for this `state`, removed so that it serves once; refused when the state is
    missing, unknown to this browser's session, for another provider or too old."""
    states = request.session.get("oidc_states") or {}
    entry = states.pop(state, None) if state else None
    request.session.modified = True
    if not entry or entry.get("provider") != slug:
        raise IdentityRefused("state", "unknown state")
    if time.time() - entry.get("added_on", 0) > STATE_MAX_AGE:
        raise IdentityRefused("state", "expired state")
    return entry["nonce"], entry.get("code_verifier")


@dataclass(frozen=True)
class VerifiedIdentity:
    provider: str
    sub: str
    email: str
    email_verified: bool
    acr: str
    amr: tuple[str, ...]
    id_token: str
    given_name: str = ""
    family_name: str = ""
    siret: str = ""


class ProviderClient(_PerProvider, OIDCAuthenticationBackend):
    """The back-channel part of the code flow for one provider: token, id_token and userinfo, all verified."""

    def __init__(self, config: ProviderConfig):
        self._configure(config)
        super().__init__()

    def verify_token(self, token, **kwargs):
        """Verify a signed JWT (id_token, or userinfo when `userinfo=True`): signature against the provider's JWKS
        (the library), then issuer, audience, dates and, for an id_token, the nonce."""
        if not isinstance(token, str) or token.count(".") != 2:
            raise IdentityRefused("signature", "not a signed JWT")
        try:
            key = self.retrieve_matching_jwk(token)
            payload = self.get_payload_data(token, key)
        except jwt.ExpiredSignatureError as error:
            raise IdentityRefused("claims", "expired") from error
        except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError) as error:
            raise IdentityRefused("claims", "issued in the future") from error
        except (SuspiciousOperation, jwt.InvalidTokenError, KeyError, ValueError) as error:
            raise IdentityRefused("signature", type(error).__name__) from error
        except requests.RequestException as error:
            raise IdentityRefused("provider_unavailable", "jwks") from error
        self._check_claims(payload, id_token="userinfo" not in kwargs)
        if "userinfo" not in kwargs and payload.get("nonce") != kwargs.get("nonce"):
            raise IdentityRefused("nonce", "nonce mismatch")
        return payload

    def _check_claims(self, payload: dict, *, id_token: bool) -> None:
        config = self.provider_config
        if str(payload.get("iss", "")).rstrip("/") != config.issuer.rstrip("/"):
            raise IdentityRefused("claims", "issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if config.client_id not in audiences:
            raise IdentityRefused("claims", "audience")
        if id_token:
            if len(audiences) > 1 and payload.get("azp") != config.client_id:
                raise IdentityRefused("claims", "authorized party")
            now = time.time()
            if not isinstance(payload.get("exp"), int | float) or payload["exp"] < now - LEEWAY:
                raise IdentityRefused("claims", "exp")
            if not isinstance(payload.get("iat"), int | float) or payload["iat"] > now + LEEWAY:
                raise IdentityRefused("claims", "iat")
        if not payload.get("sub"):
            raise IdentityRefused("claims", "sub")

    def get_userinfo(self, access_token, id_token, payload):
        """Userinfo must come back as a JWT signed by the provider (both providers sign it), about the same person."""
        response = requests.get(
            self.get_settings("OIDC_OP_USER_ENDPOINT"),
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=providers.TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        if not response.headers.get("content-type", "").lower().startswith("application/jwt"):
            raise IdentityRefused("signature", "userinfo is not a signed JWT")
        claims = self.verify_token(response.text, userinfo=True)
        if claims["sub"] != payload["sub"]:
            raise IdentityRefused("claims", "userinfo sub differs from id_token sub")
        return claims

    def exchange(self, request, *, code: str, nonce: str, code_verifier: str | None) -> VerifiedIdentity:
        """Code -> tokens -> verified id_token -> verified userinfo -> the person, with the level checked."""
        from django.urls import reverse
        from mozilla_django_oidc.utils import absolutify

        token_payload = {
            "client_id": self.provider_config.client_id,
            "client_secret": self.provider_config.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": absolutify(request, reverse(callback_url_name(self.provider_config.slug))),
        }
        if code_verifier:
            token_payload["code_verifier"] = code_verifier
        try:
            tokens = self.get_token(token_payload)
        except (requests.RequestException, ValueError) as error:
            raise IdentityRefused("provider_unavailable", "token") from error
        id_token = tokens.get("id_token")
        if not id_token or not tokens.get("access_token"):
            raise IdentityRefused("claims", "no id_token or access_token")
        payload = self.verify_token(id_token, nonce=nonce)
        try:
            claims = self.get_userinfo(tokens["access_token"], id_token, payload)
        except (requests.RequestException, ValueError) as error:
            raise IdentityRefused("provider_unavailable", "userinfo") from error
        acr = str(payload.get("acr", ""))
        if acr not in self.provider_config.acr_values and acr not in self.provider_config.staff_acr_values:
            raise IdentityRefused("acr", "level not accepted")
        amr = payload.get("amr") or []
        return VerifiedIdentity(
            provider=self.provider_config.slug,
            sub=str(payload["sub"]),
            email=str(claims.get("email", "")).strip(),
            email_verified=claims.get("email_verified") is True or self.provider_config.trust_email,
            acr=acr,
            amr=tuple(str(value) for value in (amr if isinstance(amr, list) else [amr])),
            id_token=id_token,
            given_name=str(claims.get("given_name", "")),
            family_name=str(claims.get("usual_name") or claims.get("family_name") or ""),
            siret=str(claims.get("siret", "")),
        )
