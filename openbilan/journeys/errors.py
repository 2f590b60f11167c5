"""Errors the journeys domain raises, each with a translated message that says what happened and what to do."""

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
    "phase_not_active": _("Les phases ne changent que pendant un bilan en cours. Reprenez d'abord le bilan."),
    "phase_already_open": _("Cette phase est déjà ouverte."),
    "phase_skip": _(
        "Vous ne pouvez pas sauter une phase. Le bilan se fait en trois phases, dans l'ordre : préliminaire, "
        "investigation, puis conclusions. Terminez d'abord la phase en cours."
    ),
    "needs_missing": _(
        "La phase d'investigation s'ouvre quand l'analyse des besoins est complète. Elle contient votre "
        "demande et vos besoins, vos objectifs, et la façon de travailler ensemble. Complétez-la d'abord."
    ),
    "needs_unconfirmed": _(
        "La phase d'investigation s'ouvre quand votre consultant·e a confirmé l'analyse des besoins. Parlez-en avec "
        "lui ou elle."
    ),
    "interview_missing": _(
        "Avant la phase de conclusions, parlez en direct avec votre consultant·e, au moins une fois. En "
        "visio, par téléphone ou sur place : prenez d'abord rendez-vous."
    ),
    "locked_phase": _(
        "Vous ne pouvez pas sauter une phase : cette activité fait partie de la phase « %(phase)s », qui n'est pas "
        "encore ouverte. Terminez d'abord la phase en cours."
    ),
}


class TransitionRefused(ValidationError):
    """A status or phase change that the rules refuse. `.code` is the machine's refusal code."""

    def __init__(self, code: str, **params):
        super().__init__(REFUSAL_MESSAGES.get(code, REFUSAL_MESSAGES["unknown"]), code=code, params=params or None)


class StaleVersion(ValidationError):
    """A save that carries an older version than the one stored: another tab or device wrote newer text."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Non enregistré : quelqu'un a modifié ce texte ailleurs (dans un autre onglet ou sur un autre "
                "appareil). Vous voyez ci-dessous la version la plus récente. Copiez votre texte si vous voulez le "
                "garder, puis rechargez la page."
            ),
            code="stale_version",
        )


class NotAllowed(ValidationError):
    def __init__(self, message=None):
        super().__init__(message or _("Vous ne pouvez pas faire cette action."), code="not_allowed")


class ActivityLocked(ValidationError):
    def __init__(self, phase_label: str):
        self.phase_label = phase_label
        super().__init__(REFUSAL_MESSAGES["locked_phase"], code="locked_phase", params={"phase": phase_label})
