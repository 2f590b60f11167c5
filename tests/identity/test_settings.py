"""Providers are configured from the environment, per environment (config/identity.py)."""

from config.identity import KNOWN_ISSUERS, providers_from_env


def test_a_provider_is_on_only_with_its_client_id_and_secret(monkeypatch):
    monkeypatch.setenv("FRANCECONNECT_CLIENT_ID", "id")
    assert providers_from_env() == {}
    monkeypatch.setenv("FRANCECONNECT_CLIENT_SECRET", "secret")
    providers = providers_from_env()
    assert list(providers) == ["franceconnect"]
    assert providers["franceconnect"]["issuer"] == KNOWN_ISSUERS["franceconnect"]["integration"]
    assert providers["franceconnect"]["acr_values"] == ["eidas1", "eidas2", "eidas3"]


def test_the_environment_picks_the_production_issuer_and_an_explicit_issuer_wins(monkeypatch):
    monkeypatch.setenv("PROCONNECT_CLIENT_ID", "id")
    monkeypatch.setenv("PROCONNECT_CLIENT_SECRET", "secret")
    monkeypatch.setenv("PROCONNECT_ENV", "production")
    assert providers_from_env()["proconnect"]["issuer"] == KNOWN_ISSUERS["proconnect"]["production"]
    monkeypatch.setenv("PROCONNECT_ISSUER", "https://idp.example.org/api/v2/")
    assert providers_from_env()["proconnect"]["issuer"] == "https://idp.example.org/api/v2"


def test_staff_cannot_use_proconnect_unless_the_operator_names_their_levels(monkeypatch):
    monkeypatch.setenv("PROCONNECT_CLIENT_ID", "id")
    monkeypatch.setenv("PROCONNECT_CLIENT_SECRET", "secret")
    assert providers_from_env()["proconnect"]["staff_acr_values"] == []
    monkeypatch.setenv("PROCONNECT_STAFF_ACR_VALUES", "https://proconnect.gouv.fr/assurance/consistency-checked-2fa")
    assert providers_from_env()["proconnect"]["staff_acr_values"] == [
        "https://proconnect.gouv.fr/assurance/consistency-checked-2fa"
    ]
