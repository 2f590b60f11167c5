"""Errors the journeys domain raises, each with a translated message that says what happened and what to do."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openbilan.enrolments import errors as enrolment_errors

PHASE_REFUSALS = {
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
REFUSAL_MESSAGES = {**enrolment_errors.REFUSAL_MESSAGES, **PHASE_REFUSALS}


class PhaseRefused(enrolment_errors.TransitionRefused):
    """A phase change that the rules refuse. `.code` is the machine's refusal code; catching
    `enrolments.errors.TransitionRefused` catches both status and phase refusals."""

    refusal_messages = REFUSAL_MESSAGES


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
