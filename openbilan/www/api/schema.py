"""The OpenAPI schema: every operation documents the problem answers it may give, so that a client (and the
schemathesis run in the tests) knows every status code in advance."""

from drf_spectacular.openapi import AutoSchema

from openbilan.www.api.problems import MEDIA_TYPE, ProblemSerializer

COMMON = ("400", "401", "403", "404", "406", "429")
BODY = ("415",)
DESCRIPTIONS = {
    "400": "Valeurs refusées / invalid values",
    "401": "Jeton manquant, inconnu, expiré ou révoqué / missing, unknown, expired or revoked token",
    "403": "Droit manquant ou action refusée / scope missing or action refused",
    "404": "Introuvable / not found",
    "406": "JSON seulement / JSON only",
    "415": "Envoyez du JSON / send JSON",
    "422": (
        "Clé d'idempotence déjà utilisée pour une autre demande, ou fichier de cohorte refusé (« rows ») / "
        "Idempotency-Key reused, or cohort file refused (`rows`)"
    ),
    "429": "Trop de demandes / rate limited",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = list(COMMON)
        if self.method in ("POST", "PUT", "PATCH"):
            codes += [*BODY, "422"]
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ProblemSerializer, code, media_types=[MEDIA_TYPE])
                response["description"] = DESCRIPTIONS[code]
                responses[code] = response
        return responses
