"""Refusals of the projects domain, each with a translated message that says what happened and what to do next."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_allowed": _("Vous ne pouvez pas faire cette action."),
    "unknown": _("Cette action n'existe pas."),
    "actor": _("Seule la personne concernée ou son consultant·e peut faire cette action."),
    "not_editable": _(
        "Votre consultant·e relit votre projet. Vous pourrez le modifier s'il vous demande des changements. Vous "
        "pouvez aussi retirer votre demande de validation."
    ),
    "not_submitted": _("Le projet n'est pas en attente de validation."),
    "not_reviewing": _("Ce projet n'attend pas votre relecture."),
    "criteria_missing": _("Il manque des critères. Complétez ceux qui portent la mention « à compléter »."),
    "comment_missing": _("Écrivez ce qu'il faut changer : la personne le lira avant de reprendre son projet."),
    "reviewer_missing": _(
        "Ce programme demande un second relecteur. Choisissez un·e autre consultant·e de l'opérateur."
    ),
    "reviewer_invalid": _("Choisissez un·e consultant·e de l'opérateur, autre que vous."),
    "not_shortlisted": _("Choisissez un métier de votre sélection."),
    "already_exists": _("Vous avez déjà un projet pour ce métier. Retrouvez-le dans la liste de vos projets."),
    "not_active": _("Votre bilan n'est pas en cours : vous ne pouvez plus créer de projet."),
    "no_ranking": _(
        "Ce métier n'est plus dans la liste actuelle des métiers. Nous ne pouvons pas reprendre son lien avec votre "
        "profil."
    ),
    "date_invalid": _("Cette date n'est pas plausible. Choisissez une date de l'année du bilan."),
    "date_future": _("Cette date est dans le futur : notez ce que vous avez déjà fait."),
    "text_missing": _("Écrivez le texte."),
    "funding_invalid": _("Choisissez des financements dans la liste."),
    "certification_invalid": _("Choisissez un diplôme ou un titre proposé pour ce métier."),
    "session_invalid": _("Cette session n'est plus dans les offres. Choisissez-en une autre dans la liste."),
    "synthesis_save_state": _("La synthèse est définitive : elle ne change plus."),
    "synthesis_send_state": _("La synthèse a déjà été envoyée à la personne."),
    "synthesis_comment_state": _("La synthèse n'est pas ouverte aux commentaires en ce moment."),
    "synthesis_finalise_state": _(
        "Envoyez d'abord la synthèse à la personne : elle doit pouvoir la commenter avant qu'elle soit définitive."
    ),
    "synthesis_confirm_state": _(
        "La synthèse n'est pas encore définitive, ou vous avez déjà dit que vous l'avez reçue."
    ),
    "synthesis_empty": _("Rédigez au moins une version avant de l'envoyer."),
    "share_not_final": _("Vous pourrez partager votre synthèse une fois qu'elle sera finie."),
    "share_days": _("Choisissez une durée de validité proposée."),
    "share_revoked": _("Vous avez déjà retiré ce lien."),
    "retention_invalid": _("Choisissez une durée proposée : rien, 1 an, ou 3 ans au plus."),
    "retention_agreement": _(
        "Pour garder vos documents, cochez la phrase qui dit votre accord. Sans elle, ils sont détruits à la fin du "
        "bilan."
    ),
}


class ProjectsRefused(ValidationError):
    """A write the projects rules refuse. `.code` says which rule; the message is ready to show."""

    def __init__(self, code: str, **params):
        super().__init__(MESSAGES.get(code, MESSAGES["not_allowed"]), code=code, params=params or None)
