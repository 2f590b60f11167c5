"""Refusals of the quality domain, each with a translated message that says what happened and what to do next."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_allowed": _("Vous ne pouvez pas faire cette action."),
    "illegal_transition": _(
        "Cette réclamation est « %(current)s » : elle ne peut pas passer à « %(target)s ». "
        "Les étapes se suivent dans l'ordre : reçue, analysée, répondue, clôturée."
    ),
    "answer_missing": _("Écrivez la réponse envoyée à la personne avant de marquer la réclamation comme répondue."),
    "improvement_missing": _("Indiquez l'action d'amélioration (ou « aucune ») avant de clôturer la réclamation."),
    "consent_missing": _(
        "Sans votre accord, nous n'enregistrons pas votre demande. Cochez la case si vous acceptez de la partager."
    ),
    "need_missing": _("Choisissez au moins un besoin, ou décrivez-le."),
    "unknown_kind": _("Ce besoin n'existe pas dans la liste."),
    "price_missing": _("Indiquez le prix, ou cochez « financé : gratuit pour la personne »."),
    "deadlines_order": _("Le délai de réponse ne peut pas être plus court que le délai de prise en compte."),
    "offer_incomplete": _("Remplissez d'abord l'offre (objectifs, durée, comment commencer), puis publiez-la."),
}


class QualityRefused(ValidationError):
    """A write the quality rules refuse. `.code` says which rule; the message is ready to show."""

    def __init__(self, code: str, **params):
        super().__init__(MESSAGES.get(code, MESSAGES["not_allowed"]), code=code, params=params or None)
