"""What the pages show of a results snapshot: one row per figure, with its population or why it is withheld."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _pct(value) -> str | None:
    if value is None or isinstance(value, str):
        return None
    return f"{formats.number_format(Decimal(str(value)), 1)}\u00a0%"


def _fewer_than(minimum: int, unit: str) -> str:
    """Why a figure is withheld: fewer than `minimum` people (unit "people") or answers (unit "answers")."""
    if unit == "answers":
        text = ngettext(
            "moins de %(minimum)s réponse : chiffre non publié",
            "moins de %(minimum)s réponses : chiffre non publié",
            minimum,
        )
    else:
        text = ngettext(
            "moins de %(minimum)s personne : chiffre non publié",
            "moins de %(minimum)s personnes : chiffre non publié",
            minimum,
        )
    return text % {"minimum": minimum}


def result_rows(snapshot) -> list[dict]:
    """[{label, value, population}] for a snapshot's figures (see quality.rules.results_from_report)."""
    data = snapshot.figures
    minimum = data["minimum"]
    people, answers = "people", "answers"
    rows = []
    enrolled = data["enrolled"]
    for key, label in (("completed", _("Bilans terminés")), ("dropped", _("Bilans arrêtés en cours de route"))):
        value = _pct(data[key]["pct"]) if data["published"] else None
        if value is None and data["published"] and data[key]["n"] is None:
            # 11 or more, withheld so that a smaller figure beside it cannot be found by subtraction
            rows.append(
                {"label": label, "value": _("Non publié"), "population": _("masqué pour protéger une petite case")}
            )
        elif value is None:
            rows.append({"label": label, "value": _("Non publié"), "population": _fewer_than(minimum, people)})
        else:
            population = ngettext("sur %(n)s personne inscrite", "sur %(n)s personnes inscrites", enrolled) % {
                "n": enrolled
            }
            rows.append({"label": label, "value": value, "population": population})
    satisfaction = data["satisfaction"]
    satisfied = None if satisfaction["withheld"] else _pct(satisfaction["satisfied_pct"])
    label = _("Personnes satisfaites (4 ou 5 sur 5) à la fin du bilan")
    if satisfied is None:
        rows.append({"label": label, "value": _("Non publié"), "population": _fewer_than(minimum, answers)})
    else:
        answered = satisfaction["answered"]
        population = ngettext("sur %(n)s réponse", "sur %(n)s réponses", answered) % {"n": answered}
        rows.append({"label": label, "value": satisfied, "population": population})
        if satisfaction["mean"] is not None:
            mean = formats.number_format(Decimal(str(satisfaction["mean"])), 1)
            rows.append(
                {
                    "label": _("Satisfaction moyenne"),
                    "value": _("%(mean)s sur 5") % {"mean": mean},
                    "population": population,
                }
            )
    return rows
