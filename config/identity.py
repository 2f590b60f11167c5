"""FranceConnect and ProConnect settings from the environment (issue 23; docs/OPERATIONS.md). No Django import.

A provider is on only when its issuer, client id and secret are all known. `<PREFIX>_ENV` picks the documented
issuer of the provider's integration or production platform; `<PREFIX>_ISSUER` overrides it (the address the
provider gives you: the discovery document is read at `<issuer>/.well-known/openid-configuration`)."""

from config.env import env_bool, env_list, env_str

# The providers' published issuers when this was written; check them against the provider's documentation.
KNOWN_ISSUERS = {
    "franceconnect": {
        "integration": "https://fcp-low.integ01.dev-franceconnect.fr/api/v2",
        "production": "https://oidc.franceconnect.gouv.fr/api/v2",
    },
    "proconnect": {
        "integration": "https://fca.integ01.dev-agentconnect.fr/api/v2",
        "production": "https://auth.agentconnect.gouv.fr/api/v2",
    },
}
PROCONNECT_LEVELS = [
    "eidas1",
    "https://proconnect.gouv.fr/assurance/self-asserted",
    "https://proconnect.gouv.fr/assurance/self-asserted-2fa",
    "https://proconnect.gouv.fr/assurance/consistency-checked",
    "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
]


def _issuer(slug: str, prefix: str) -> str:
    explicit = env_str(f"{prefix}_ISSUER")
    if explicit:
        return explicit.rstrip("/")
    return KNOWN_ISSUERS[slug].get(env_str(f"{prefix}_ENV", "integration"), "")


def providers_from_env() -> dict[str, dict]:
    """The configured providers, by slug (an unconfigured provider is left out: no button, its URLs answer 404)."""
    providers = {}
    franceconnect = {
        "issuer": _issuer("franceconnect", "FRANCECONNECT"),
        "client_id": env_str("FRANCECONNECT_CLIENT_ID"),
        "client_secret": env_str("FRANCECONNECT_CLIENT_SECRET"),
        "sign_algo": env_str("FRANCECONNECT_SIGN_ALGO", "ES256"),
        "scopes": env_str("FRANCECONNECT_SCOPES", "openid email"),
        "acr_values": env_list("FRANCECONNECT_ACR_VALUES", ["eidas1", "eidas2", "eidas3"]),
        "trust_email": env_bool("FRANCECONNECT_TRUST_EMAIL", False),
    }
    proconnect = {
        "issuer": _issuer("proconnect", "PROCONNECT"),
        "client_id": env_str("PROCONNECT_CLIENT_ID"),
        "client_secret": env_str("PROCONNECT_CLIENT_SECRET"),
        "sign_algo": env_str("PROCONNECT_SIGN_ALGO", "RS256"),
        "scopes": env_str("PROCONNECT_SCOPES", "openid email given_name usual_name siret"),
        "acr_values": env_list("PROCONNECT_ACR_VALUES", PROCONNECT_LEVELS),
        "staff_acr_values": env_list("PROCONNECT_STAFF_ACR_VALUES", []),
        "trust_email": env_bool("PROCONNECT_TRUST_EMAIL", False),
    }
    for slug, config in (("franceconnect", franceconnect), ("proconnect", proconnect)):
        if config["issuer"] and config["client_id"] and config["client_secret"]:
            providers[slug] = config
    return providers
