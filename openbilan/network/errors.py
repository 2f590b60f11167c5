"""Refusals of the network domain, each with a translated message that says what happened and what to do next."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_allowed": _("Vous ne pouvez pas faire cette action."),
    "not_enrolled": _(
        "Votre bilan n'a pas encore commencé. Acceptez d'abord votre invitation. Puis demandez une rencontre."
    ),
    "not_in_network": _("Ce professionnel ne fait pas partie du réseau de votre bilan. Choisissez-en un autre."),
    "not_available": _("Ce professionnel ne reçoit pas de demandes pour l'instant. Choisissez-en un autre."),
    "wrong_occupation": _("Ce professionnel ne parle pas de ce métier. Choisissez un métier de sa liste."),
    "daily_limit": _(
        "Vous avez déjà envoyé beaucoup de demandes dans les dernières 24 heures (%(limit)s au plus). Attendez "
        "demain pour en envoyer d'autres : les professionnels ont le temps de vous répondre."
    ),
    "professional_busy": _(
        "Ce professionnel a déjà beaucoup de demandes en attente de réponse (%(limit)s au plus). Choisissez un "
        "autre professionnel, ou réessayez dans quelques jours."
    ),
    "already_open": _("Vous avez déjà une demande en cours avec ce professionnel. Retrouvez-la dans vos rencontres."),
    "request_missing": _("Écrivez en quelques mots ce que vous aimeriez savoir sur ce métier."),
    "not_requested": _("Cette demande a déjà reçu une réponse."),
    "not_accepted": _("Le professionnel n'a pas encore accepté cette rencontre : cette action n'est pas possible."),
    "closed": _("Cette rencontre est finie, ou quelqu'un l'a annulée : elle ne change plus."),
    "message_missing": _("Écrivez votre message."),
    "too_many_messages": _(
        "Cet échange a atteint sa limite de messages (%(limit)s). Continuez la conversation pendant votre rencontre."
    ),
    "slot_past": _("Choisissez une date et une heure à venir."),
    "place_missing": _("Indiquez le lieu, le numéro de téléphone ou le lien de la visio."),
    "held_future": _("La rencontre ne peut pas avoir eu lieu dans le futur. Vérifiez la date."),
    "held_before_request": _("La rencontre ne peut pas avoir eu lieu avant votre demande. Vérifiez la date."),
    "debrief_missing": _("Écrivez ce que vous avez appris pendant la rencontre."),
    "outcome_missing": _("Dites ce que la rencontre change pour votre projet."),
    "feedback_before_done": _("Vous pourrez laisser un retour quand la personne aura noté que la rencontre a eu lieu."),
    "feedback_missing": _("Écrivez votre retour."),
    "unknown_codes": _("Ces codes ROME n'existent pas : %(codes)s. Vérifiez-les dans la liste des métiers."),
    "no_occupation": _("Indiquez au moins un métier (code ROME), par exemple K2111."),
    "email_taken": _(
        "Cette adresse e-mail a déjà un compte. Connectez-vous, ou écrivez à l'opérateur pour rejoindre le réseau."
    ),
    "invitation_invalid": _(
        "Ce lien d'invitation n'est plus valable. Demandez une nouvelle invitation à l'opérateur qui vous l'a envoyée."
    ),
    "not_pending": _("Cette inscription a déjà été traitée."),
    "not_operator": _("Choisissez l'un des opérateurs proposés."),
}


class NetworkRefused(ValidationError):
    """A write the network rules refuse. `.code` says which rule; the message is ready to show."""

    def __init__(self, code: str, **params):
        super().__init__(MESSAGES.get(code, MESSAGES["not_allowed"]), code=code, params=params or None)
