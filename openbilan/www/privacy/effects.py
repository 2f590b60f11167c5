"""What each choice on the privacy page opens, to whom, and when it applies: the page says exactly what the access
rule (openbilan.enrolments.access) and the aggregates do, never more (docs/PRIVACY.md, "What each choice opens")."""

from django.utils.translation import gettext_lazy as _

from openbilan.privacy.models import Purpose

EFFECTS = {
    Purpose.COACH_SHARING: _(
        "Votre consultant ou consultante voit vos résultats de questionnaires, vos exercices, votre ligne de vie, "
        "vos suggestions de métiers et votre projet. Si vous retirez votre accord, il ou elle ne les voit plus, dès "
        "maintenant. Il ou elle garde votre nom, vos messages et vos rendez-vous pour vous accompagner."
    ),
    Purpose.PRESCRIBER_INFO: _(
        "L'organisme qui vous a orienté voit où en est votre bilan et votre situation après, jamais vos résultats. "
        "Si vous retirez votre accord, il ne le voit plus, dès maintenant."
    ),
    Purpose.FUNDER_AGGREGATES: _(
        "Le financeur reçoit des chiffres, jamais votre nom. Si vous retirez votre accord, vous ne comptez plus dans "
        "les chiffres dès maintenant. Les chiffres déjà envoyés au financeur ne changent pas ; les suivants ne vous "
        "comptent plus."
    ),
    Purpose.RESEARCH: _(
        "Vos réponses aux questionnaires comptent, sans votre nom, dans les statistiques qui aident à lire les "
        "résultats de chacun. Si vous retirez votre accord, elles n'y comptent plus, dès maintenant."
    ),
    Purpose.TESTIMONIAL_PUBLICATION: _(
        "Votre témoignage, si vous en avez écrit un, peut être publié sans votre nom. Si vous retirez votre accord, "
        "il n'est plus publié, dès maintenant."
    ),
    Purpose.KEEP_DOCUMENTS: _(
        "Vos documents sont gardés après la fin du bilan pour l'entretien de suivi, puis détruits. Sans votre "
        "accord, ils sont détruits à la fin du bilan. Ce choix compte le jour où vos documents doivent être détruits."
    ),
}
