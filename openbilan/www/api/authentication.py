"""`Authorization: Bearer <token>`: an organisation's token, looked up by its hash (openbilan.partners)."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from openbilan.partners import errors, services
from openbilan.privacy import throttle


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            raise errors.NotAuthenticated()
        if len(header) != 2:
            raise errors.NotAuthenticated()
        try:
            raw = header[1].decode("ascii")
        except UnicodeError:
            raise errors.NotAuthenticated() from None
        try:
            token = services.authenticate(raw)
        except errors.ApiRefusal:
            # Failures are counted per address: nobody tries tokens by the thousand (a 429 once past the limit).
            throttle.attempt("api_auth_failure", f"ip:{request.META.get('REMOTE_ADDR', '')}")
            raise
        # The API never acts as a person: the caller is the token's organisation.
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "organisationToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Jeton d'organisation délivré par l'opérateur (obk_…). / Organisation token (obk_…).",
        }
