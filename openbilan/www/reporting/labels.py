"""The names the report shows, translated (the pure reporting core works with codes only)."""

from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.enrolments.models import (
    AgeBand,
    DropReason,
    EnrolmentStatus,
    Gender,
    JobSeekerBand,
    OutcomeKind,
    SocialMinima,
)
from openbilan.programmes.models import EvaluationKind, FollowUp, HelpedMost
from openbilan.referential.choices import QualificationLevel
from openbilan.reporting.geography import DEPARTEMENTS

SEGMENTS = {
    "gender": _("Genre"),
    "age_band": _("Tranche d'âge"),
    "qualification_level": _("Niveau de qualification"),
    "qpv": _("Quartier prioritaire (QPV)"),
    "zrr": _("Zone de revitalisation rurale (ZRR)"),
    "single_parent": _("Parent isolé"),
    "social_minima": _("Minimum social"),
    "departement": _("Département"),
    "zone_emploi": _("Zone d'emploi"),
    "disability": _("Reconnaissance de handicap (RQTH)"),
    "job_seeker_band": _("Durée de recherche d'emploi"),
    "prescriber_network": _("Réseau prescripteur"),
    "prescriber": _("Prescripteur"),
    "quarter": _("Trimestre d'entrée"),
}
YES_NO = {True: _("Oui"), False: _("Non")}
DISABILITY = {True: _("RQTH déclarée"), False: _("Pas de RQTH déclarée")}
GENDERS = dict(Gender.choices)
SMALL = _("< %(minimum)s")
SECONDARY = _("masqué")
SECONDARY_LONG = _("masqué pour protéger une petite case")
SMALL_LONG = _("moins de %(minimum)s personnes")
WITHHELD_REASONS = {
    "single_group": _("Une seule catégorie connue pour l'instant : rien à découper."),
    "no_safe_pattern": _("Pas assez de personnes dans ce découpage pour publier des chiffres."),
}
MEASURES = {
    "coaching_hours": _("Heures d'accompagnement par personne (médiane, personnes qui ont terminé)"),
    "days_to_first_appointment": _("Jours entre l'orientation et le premier rendez-vous (médiane)"),
    "weeks_to_completion": _("Semaines entre le début et la fin du bilan (médiane)"),
}
MEASURE_UNITS = {
    "coaching_hours": _("h"),
    "days_to_first_appointment": _("jours"),
    "weeks_to_completion": _("semaines"),
}
PUBLICATION_KINDS = {
    "first": _("première publication"),
    "monthly": _("publication mensuelle"),
    "final": _("publication de fin de programme"),
    "live": _("chiffres en direct"),
}
ROME_DOMAINS = {
    "A": _("Agriculture, pêche, espaces naturels et espaces verts, soins aux animaux"),
    "B": _("Arts et façonnage d'ouvrages d'art"),
    "C": _("Banque, assurance, immobilier"),
    "D": _("Commerce, vente et grande distribution"),
    "E": _("Communication, média et multimédia"),
    "F": _("Construction, bâtiment et travaux publics"),
    "G": _("Hôtellerie-restauration, tourisme, loisirs et animation"),
    "H": _("Industrie"),
    "I": _("Installation et maintenance"),
    "J": _("Santé"),
    "K": _("Services à la personne et à la collectivité"),
    "L": _("Spectacle"),
    "M": _("Support à l'entreprise"),
    "N": _("Transport et logistique"),
}
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


class ZoneNames(dict):
    """A zone d'emploi's row has its name (frozen with the publication); "14-" is a postcode of the département whose
    zone is not known (no commune, or communes of several zones)."""

    def get(self, key, default=None):
        if str(key).endswith("-"):
            return _("Zone d'emploi inconnue")
        return default


VALUES = {
    "gender": GENDERS,
    "age_band": dict(AgeBand.choices),
    "qualification_level": dict(QualificationLevel.choices),
    "qpv": YES_NO,
    "zrr": YES_NO,
    "single_parent": YES_NO,
    "social_minima": dict(SocialMinima.choices),
    "job_seeker_band": dict(JobSeekerBand.choices),
    "prescriber_network": dict(Organisation.Network.choices),
    "departement": {code: f"{name} ({code})" for code, name in DEPARTEMENTS.items()},
    "zone_emploi": ZoneNames(),
    "disability": DISABILITY,
    "quarter": QuarterNames(),
}


def value_label(dimension: str, value, name: str | None = None) -> str:
    """The name of a breakdown's row: the frozen name (an organisation), the code's label, or "Non renseigné"."""
    if name:
        return name
    if value in (None, ""):
        return str(_("Non renseigné"))
    return str(VALUES.get(dimension, {}).get(value, value))
