"""Errors of the programmes domain and the sentences for the cohort file's problems (codes from cohort_csv)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CSV_MESSAGES = {
    "encoding": _(
        "Le fichier ne se lit ni en UTF-8 ni en Windows-1252 : ce n'est peut-être pas un fichier CSV. Enregistrez-le "
        "au format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) », puis recommencez."
    ),
    "csv": _("Le fichier CSV est mal formé (%(detail)s)."),
    "empty": _("Le fichier est vide."),
    "example_row": _("Cette ligne est l'exemple du modèle : supprimez-la, puis ajoutez vos propres lignes."),
    "no_rows": _("Le fichier ne contient que la ligne d'en-tête : il n'y a personne à importer."),
    "delimiter": _("Les colonnes doivent être séparées par des virgules, pas par des points-virgules."),
    "unknown_column": _("Colonne inconnue. Vérifiez son nom dans la description du format."),
    "missing_column": _("Cette colonne obligatoire manque."),
    "repeated_column": _("Cette colonne apparaît deux fois."),
    "too_many_rows": _("Trop de lignes : %(max)s au plus par fichier. Découpez-le en plusieurs fichiers."),
    "row_length": _("Nombre de colonnes de cette ligne : %(found)s au lieu de %(expected)s."),
    "required": _("Cette valeur est obligatoire."),
    "too_long": _("Cette valeur est trop longue. Longueur maximale : %(max)s."),
    "choice": _("Valeur inconnue. Valeurs possibles : %(allowed)s."),
    "date": _("Date invalide. Écrivez-la sous la forme AAAA-MM-JJ, par exemple 2021-06-15."),
    "future": _("Cette date est dans le futur."),
    "postcode": _("Le code postal doit avoir 5 chiffres."),
    "rome_code": _("Le code ROME doit être une lettre suivie de 4 chiffres, par exemple K2111."),
    "email": _("Adresse e-mail invalide."),
    "phone": _("Numéro de téléphone invalide."),
    "prescriber_kind_missing": _("Indiquez aussi le type de prescripteur (prescriber_kind)."),
    "prescriber_name_missing": _("Indiquez aussi le nom du prescripteur (prescriber_name)."),
    "age": _("Cette date de naissance donne un âge en dehors de %(min)s à %(max)s ans."),
    "drop_reason_missing": _("Un parcours arrêté demande un motif (drop_reason)."),
    "drop_reason_not_dropped": _("Un motif d'arrêt n'est possible que pour un parcours arrêté (status dropped)."),
    "outcome_not_completed": _(
        "Une situation de sortie n'est possible que pour un parcours terminé (status completed)."
    ),
    "outcome_missing": _("Une date ou un code ROME de sortie demande aussi la situation (outcome)."),
    "status_on_missing": _("Indiquez la date de ce statut (status_on)."),
    "before": _("Cette date est avant celle de la colonne %(other)s."),
    "repeated": _("Même valeur qu'à la ligne %(line)s : chaque personne n'apparaît qu'une fois."),
    "homonym_in_file": _(
        "Même nom et même date de naissance qu'à la ligne %(line)s, avec une autre adresse e-mail. S'il s'agit de "
        "la même personne, gardez une seule ligne. Sinon, confirmez qu'il s'agit de deux personnes différentes."
    ),
    "homonym": _(
        "Même nom et même date de naissance qu'une personne déjà inscrite, avec une autre adresse e-mail. S'il "
        "s'agit de la même personne, utilisez son adresse. Sinon, confirmez qu'il s'agit de deux personnes "
        "différentes."
    ),
    "email_taken": _(
        "Cette adresse e-mail est déjà celle d'une autre personne inscrite à ce programme (identifiant %(other)s)."
    ),
    "not_beneficiary": _("Cette adresse e-mail est celle d'un compte professionnel, pas d'un ou d'une bénéficiaire."),
    "prescriber_kind_mismatch": _("Ce prescripteur existe déjà, avec le type « %(kind)s »."),
    "unknown_prescriber": _(
        "Ce prescripteur n'oriente pas vers ce programme. Prescripteurs du programme : %(allowed)s. Corrigez le "
        "nom, ou ajoutez d'abord ce prescripteur au programme."
    ),
    "status_backwards": _("Le statut ne peut pas revenir de « %(current)s » à « %(target)s »."),
}


def csv_message(code: str, params: dict) -> str:
    message = CSV_MESSAGES.get(code, code)
    return str(message) % params if params else str(message)


class NotAllowed(ValidationError):
    def __init__(self, message=None):
        super().__init__(message or _("Vous ne pouvez pas faire cette action."), code="not_allowed")
