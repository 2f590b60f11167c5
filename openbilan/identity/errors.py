"""Why a sign-in through FranceConnect or ProConnect is refused: a code for the logs and tests, a translated
explanation and what to do next for the person."""

from django.utils.translation import gettext_lazy as _

# code -> (HTTP status, title, explanation)
REFUSALS = {
    "state": (
        400,
        _("La connexion n'a pas pu aboutir"),
        _(
            "La réponse du service de connexion ne correspond à aucune demande faite depuis ce navigateur, "
            "ou elle a expiré. Revenez à la page de connexion et recommencez."
        ),
    ),
    "nonce": (
        400,
        _("La connexion n'a pas pu aboutir"),
        _(
            "La réponse du service de connexion a déjà servi ou ne correspond pas à votre demande. "
            "Par sécurité, elle est refusée. Revenez à la page de connexion et recommencez."
        ),
    ),
    "signature": (
        400,
        _("La connexion n'a pas pu être vérifiée"),
        _(
            "La signature de la réponse du service de connexion n'est pas valide. Par sécurité, elle est refusée. "
            "Recommencez dans quelques minutes. Si cela se reproduit, prévenez votre contact."
        ),
    ),
    "claims": (
        400,
        _("La connexion n'a pas pu être vérifiée"),
        _(
            "La réponse du service de connexion est incomplète, périmée ou destinée à un autre service. "
            "Revenez à la page de connexion et recommencez."
        ),
    ),
    "acr": (
        403,
        _("Niveau de sécurité insuffisant"),
        _(
            "Votre connexion n'atteint pas le niveau de sécurité demandé pour ce compte. "
            "Connectez-vous avec une méthode plus sûre (par exemple avec une double authentification), "
            "ou avec votre adresse e-mail et votre mot de passe."
        ),
    ),
    "staff_not_allowed": (
        403,
        _("Connexion ProConnect non ouverte à votre rôle"),
        _(
            "Votre compte a un rôle de consultant·e ou d'administration. Votre organisme n'a pas ouvert la "
            "connexion ProConnect à ces rôles. Connectez-vous avec votre adresse e-mail, votre mot de passe et "
            "votre code à 6 chiffres."
        ),
    ),
    "organisation_unknown": (
        403,
        _("Votre organisation n'est pas encore inscrite"),
        _(
            "ProConnect nous indique votre organisation, mais elle n'est pas encore inscrite sur ce service. "
            "Demandez à l'organisme qui porte le programme d'ajouter votre organisation avec son SIRET."
        ),
    ),
    "inactive": (
        403,
        _("Compte désactivé"),
        _("Ce compte est désactivé. Contactez votre conseiller·e."),
    ),
    "provider_error": (
        400,
        _("La connexion a été interrompue"),
        _(
            "Le service de connexion n'a pas confirmé votre identité (connexion annulée ou refusée). "
            "Vous pouvez recommencer."
        ),
    ),
    "provider_unavailable": (
        502,
        _("Le service de connexion ne répond pas"),
        _(
            "Le service de connexion ne répond pas pour le moment. Réessayez dans quelques minutes, "
            "ou connectez-vous avec votre mot de passe."
        ),
    ),
}


class IdentityRefused(Exception):
    """A refused sign-in; `code` is a key of REFUSALS (and what the security log records)."""

    def __init__(self, code: str, detail: str = ""):
        assert code in REFUSALS, code
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    @property
    def status(self) -> int:
        return REFUSALS[self.code][0]

    @property
    def title(self):
        return REFUSALS[self.code][1]

    @property
    def message(self):
        return REFUSALS[self.code][2]
