"""Errors as problem details (RFC 9457, `application/problem+json`), in the caller's language (Accept-Language,
French by default): `type`, `title`, `status`, `detail`, `instance`, a stable `code`, and `errors` per field."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from openbilan.partners import errors
from openbilan.privacy.throttle import Throttled

PROBLEM_TYPE = "urn:openbilan:problem:{code}"
MEDIA_TYPE = "application/problem+json"


class RowProblemSerializer(serializers.Serializer):
    """One problem of a cohort file: its line (the header is line 1), column, value and reason."""

    line = serializers.IntegerField()
    column = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()
    warning = serializers.BooleanField()


class ProblemSerializer(serializers.Serializer):
    """For the schema: the shape of every error answer."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    rows = RowProblemSerializer(many=True, required=False)


def problem(
    request, *, status: int, code: str, title, detail=None, field_errors=None, headers=None, rows=None
) -> Response:
    body = {
        "type": PROBLEM_TYPE.format(code=code),
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
        "instance": request.path if request is not None else "",
        "code": code,
    }
    if field_errors:
        body["errors"] = field_errors
    if rows is not None:
        body["rows"] = rows
    response = Response(body, status=status, headers=headers, content_type=MEDIA_TYPE)
    return response


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        found = {}
        for name, messages in detail.items():
            if isinstance(messages, dict):
                for inner, value in _field_errors(messages).items():
                    found[f"{name}.{inner}"] = value
            else:
                listed = messages if isinstance(messages, list) else [messages]
                found[str(name)] = [str(message) for message in listed]
        return found
    return {"non_field_errors": [str(message) for message in (detail if isinstance(detail, list) else [detail])]}


# DRF's own exceptions, with our plain-French titles (translated) and stable codes.
DRF = {
    exceptions.ParseError: ("malformed", lambda: _("Le corps de la demande n'est pas du JSON valide")),
    exceptions.NotAuthenticated: ("not_authenticated", lambda: _("Jeton manquant ou inconnu")),
    exceptions.AuthenticationFailed: ("not_authenticated", lambda: _("Jeton manquant ou inconnu")),
    exceptions.PermissionDenied: ("not_allowed", lambda: _("Action refusée")),
    exceptions.NotFound: ("not_found", lambda: _("Introuvable")),
    exceptions.MethodNotAllowed: ("method_not_allowed", lambda: _("Méthode non acceptée à cette adresse")),
    exceptions.NotAcceptable: ("not_acceptable", lambda: _("Cette adresse ne répond qu'en JSON")),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", lambda: _("Envoyez du JSON (application/json)")),
}


def handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every refusal becomes a problem document. Unexpected errors are left to Django."""
    request = context.get("request")
    if isinstance(exc, errors.ApiRefusal):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem(request, status=exc.status, code=exc.code, title=exc.title, detail=exc.detail, headers=headers)
    if isinstance(exc, Throttled):
        return problem(
            request,
            status=429,
            code="rate_limited",
            title=_("Trop de demandes"),
            detail=exc.messages[0],
            headers={"Retry-After": str(exc.window)},
        )
    if isinstance(exc, exceptions.Throttled):
        return problem(request, status=429, code="rate_limited", title=_("Trop de demandes"))
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            request,
            status=400,
            code="invalid",
            title=_("Certaines valeurs sont refusées"),
            detail=_("Corrigez les champs indiqués dans « errors »."),
            field_errors=_field_errors(exc.detail),
        )
    if isinstance(exc, DjangoValidationError):  # a domain refusal (programmes.errors.NotAllowed...)
        return problem(request, status=403, code="not_allowed", title=_("Action refusée"), detail=exc.messages[0])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    for kind, (code, title) in DRF.items():
        if isinstance(exc, kind):
            return problem(request, status=exc.status_code, code=code, title=title())
    if isinstance(exc, exceptions.APIException):
        return problem(request, status=exc.status_code, code="error", title=_("Demande refusée"), detail=exc.detail)
    return None
