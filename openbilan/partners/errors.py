"""Refusals of the partner API, in plain French (translated): each carries the HTTP status and a stable code."""

from django.utils.translation import gettext_lazy as _


class ApiRefusal(Exception):
    status = 400
    code = "bad_request"
    title = _("Demande refusée")

    def __init__(self, detail=None):
        super().__init__(detail or self.title)
        self.detail = detail or self.title


class NotAuthenticated(ApiRefusal):
    status, code, title = 401, "not_authenticated", _("Jeton manquant ou inconnu")


class TokenExpired(ApiRefusal):
    status, code, title = 401, "token_expired", _("Ce jeton a expiré")


class TokenRevoked(ApiRefusal):
    status, code, title = 401, "token_revoked", _("Ce jeton a été révoqué")


class ScopeMissing(ApiRefusal):
    status, code, title = 403, "scope_missing", _("Ce jeton n'a pas le droit de faire cela")


class IdempotencyConflict(ApiRefusal):
    status, code, title = 422, "idempotency_key_reused", _("Cette clé d'idempotence a servi pour une autre demande")


class NotAllowed(ApiRefusal):
    status, code, title = 403, "not_allowed", _("Action refusée")


class InvalidWebhookUrl(ApiRefusal):
    status, code, title = 400, "invalid_webhook_url", _("Adresse de webhook refusée")
