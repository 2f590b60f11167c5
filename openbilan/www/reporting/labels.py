"""The names the report shows, translated (the pure reporting core works with codes only)."""

from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.programmes.models import (
    AgeBand,
    DropReason,
    EnrolmentStatus,
    EvaluationKind,
    FollowUp,
    HelpedMost,
    JobSeekerBand,
    OutcomeKind,
    QualificationLevel,
    SocialMinima,
)
from openbilan.reporting.figures import Labels

SEGMENTS = {
    "age_band": _("Tranche d'âge"),
    "qualification_level": _("Niveau de qualification"),
    "qpv": _("Quartier prioritaire (QPV)"),
    "zrr": _("Zone de revitalisation rurale (ZRR)"),
    "single_parent": _("Parent isolé"),
    "social_minima": _("Minimum social"),
    "job_seeker_band": _("Durée de recherche d'emploi"),
    "prescriber_network": _("Réseau prescripteur"),
    "prescriber": _("Prescripteur"),
    "quarter": _("Trimestre d'entrée"),
}
YES_NO = {True: _("Oui"), False: _("Non")}
STATUS_GROUPS = {
    "completed": _("Terminé"),
    "in_progress": _("En cours"),
    "dropped": _("Arrêté"),
    "not_started": _("Pas encore commencé"),
}
STATUS_GROUP_HELP = {
    "in_progress": _("en cours ou en pause"),
    "not_started": _("invitation pas encore acceptée"),
}
OUTCOMES = {
    "employed": _("En emploi"),
    **dict(OutcomeKind.choices),
    "unknown": _("Situation pas encore connue"),
}
DROP_REASONS = dict(DropReason.choices)
STATUSES = dict(EnrolmentStatus.choices)
FOLLOW_UPS = dict(FollowUp.choices)
EVALUATIONS = dict(EvaluationKind.choices)
HELPED_MOST = dict(HelpedMost.choices)
IMPACT_QUESTIONS = {
    "knows_self_better": _("se connaissent mieux"),
    "overcame_blocks": _("ont identifié et dépassé des blocages"),
    "unexpected": _("ont trouvé quelque chose d'inattendu"),
    "introspection_or_coach": _("ont trouvé le travail sur soi ou les échanges avec le coach les plus utiles"),
}


class QuarterNames(dict):
    """ "2021-T3" -> "3e trimestre 2021", for any quarter."""

    def get(self, key, default=None):
        try:
            year, quarter = str(key).split("-T")
            return _("T%(quarter)s %(year)s") % {"quarter": int(quarter), "year": int(year)}
        except ValueError:
            return default


def report_labels() -> Labels:
    return Labels(
        segments=SEGMENTS,
        values={
            "age_band": dict(AgeBand.choices),
            "qualification_level": dict(QualificationLevel.choices),
            "qpv": YES_NO,
            "zrr": YES_NO,
            "single_parent": YES_NO,
            "social_minima": dict(SocialMinima.choices),
            "job_seeker_band": dict(JobSeekerBand.choices),
            "prescriber_network": dict(Organisation.Network.choices),
            "quarter": QuarterNames(),
        },
        unknown=str(_("Non renseigné")),
    )
