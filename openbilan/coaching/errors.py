"""Refusals of the coaching domain, each with a translated message that says what happened and what to do next."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_allowed": _("Vous ne pouvez pas faire cette action."),
    "empty_message": _("Écrivez un message ou joignez un fichier."),
    "rate_limited": _(
        "Vous avez déjà envoyé beaucoup de messages dans la dernière heure (%(limit)s au plus). Attendez un peu "
        "avant d'en envoyer d'autres."
    ),
    "thread_closed": _("Ce bilan a pris fin. Vous ne pouvez plus envoyer de message ici."),
    "too_many_files": _("Trop de fichiers : %(limit)s au plus par message."),
    "file_empty": _("Le fichier « %(name)s » est vide. Choisissez un autre fichier."),
    "file_too_big": _("Le fichier « %(name)s » est trop lourd. La taille maximale est %(limit)s."),
    "file_extension": _(
        "Le fichier « %(name)s » n'est pas d'un type accepté. Envoyez un PDF, une photo (JPEG, PNG) ou un texte "
        "(DOCX, ODT, TXT)."
    ),
    "file_content": _(
        "Le contenu du fichier « %(name)s » n'est d'aucun type accepté (PDF, PNG, JPEG, ODT, DOCX, TXT). "
        "Enregistrez-le dans l'un de ces formats."
    ),
    "file_mismatch": _(
        "Le contenu du fichier « %(name)s » ne correspond pas à son extension. Enregistrez-le à nouveau dans le "
        "bon format."
    ),
    "not_in_progress": _("Ce bilan n'est pas en cours : vous ne pouvez pas prendre de rendez-vous."),
    "slot_past": _("Choisissez une date et une heure à venir."),
    "slot_missing": _("Proposez au moins un créneau."),
    "slot_not_yet": _("Ce rendez-vous n'a pas encore eu lieu. Vous pourrez le marquer après l'heure prévue."),
    "video_link": _("Indiquez le lien de la visio : une adresse qui commence par https://."),
    "location_missing": _("Indiquez l'adresse du rendez-vous sur place."),
    "not_proposed": _("Ce créneau n'est plus libre. Choisissez un autre créneau ou écrivez à votre consultant·e."),
    "not_booked": _("Seul un rendez-vous confirmé peut être marqué comme fait ou manqué."),
    "already_settled": _("Ce rendez-vous a déjà eu lieu, a été manqué ou a été annulé : il ne change plus."),
    "cap_reached": _(
        "Impossible : le bilan compterait %(total)s, au-delà des %(cap)s permises. Un·e administrateur·rice de "
        "l'opérateur peut autoriser un dépassement, avec un motif."
    ),
    "cap_reached_person": _(
        "Vous ne pouvez pas prendre ce créneau : vous avez utilisé tout le temps prévu pour votre bilan. Écrivez à "
        "votre consultant·e."
    ),
    "coach_not_of_operator": _("Cette personne n'est pas consultant·e de l'opérateur de ce programme."),
    "same_coach": _("Cette personne suit déjà ce bilan."),
    "reason_missing": _("Indiquez le motif."),
    "text_missing": _("Écrivez le texte."),
}


class CoachingRefused(ValidationError):
    """A write the coaching rules refuse. `.code` says which rule; the message is ready to show."""

    def __init__(self, code: str, **params):
        super().__init__(MESSAGES.get(code, MESSAGES["not_allowed"]), code=code, params=params or None)
