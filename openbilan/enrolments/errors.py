"""Errors the enrolment core raises, each with a translated message that says what happened and what to do."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REFUSAL_MESSAGES = {
    "unknown": _("Cette demande n'existe pas."),
    "final": _("Ce bilan a pris fin : il ne peut plus changer d'état."),
    "not_from_status": _("Ce changement n'est pas possible dans l'état actuel du bilan."),
    "actor": _("Seule la personne concernée ou son consultant·e peut faire ce changement."),
    "consent": _(
        "Pour commencer le bilan, cochez la case. Elle dit que vous avez lu ces informations et que vous les acceptez."
    ),
    "drop_reason": _("Choisissez le motif de l'arrêt dans la liste."),
    "pause_note": _("Indiquez en quelques mots pourquoi le bilan est mis en pause."),
    "complete_before_conclusions": _(
        "Le bilan se termine en phase de conclusions. Ouvrez d'abord la phase de conclusions."
    ),
}


class TransitionRefused(ValidationError):
    """A status change that the rules refuse (or a phase change: journeys.errors). `.code` is the machine's
    refusal code."""

    refusal_messages = REFUSAL_MESSAGES

    def __init__(self, code: str, **params):
        message = self.refusal_messages.get(code, REFUSAL_MESSAGES["unknown"])
        super().__init__(message, code=code, params=params or None)


class NotAllowed(ValidationError):
    def __init__(self, message=None):
        super().__init__(message or _("Vous ne pouvez pas faire cette action."), code="not_allowed")


class InvalidLink(ValidationError):
    """A signed link that is wrong, expired or already used."""

    def __init__(self, expired: bool = False):
        self.expired = expired
        message = (
            _("Ce lien a expiré. Demandez un nouveau lien à la personne qui vous accompagne.")
            if expired
            else _("Ce lien n'est pas valable. Vérifiez que vous avez copié l'adresse en entier.")
        )
        super().__init__(message, code="invalid_link")
