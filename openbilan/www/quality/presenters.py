"""What the pages show of a results snapshot: one row per figure, with its population or why it is withheld."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _


def _pct(value) -> str | None:
    if value is None or isinstance(value, str):
        return None
    return f"{formats.number_format(Decimal(str(value)), 1)}\u00a0%"


def _fewer_than(minimum: int, unit: str) -> str:
    return _("moins de %(minimum)s %(unit)s : chiffre non publié") % {"minimum": minimum, "unit": unit}


def result_rows(snapshot) -> list[dict]:
    """[{label, value, population}] for a snapshot's figures (see quality.rules.results_from_report)."""
    data = snapshot.figures
    minimum = data["minimum"]
    people, answers = _("personnes"), _("réponses")
    rows = []
    enrolled = data["enrolled"]
    for key, label in (("completed", _("Bilans terminés")), ("dropped", _("Bilans arrêtés en cours de route"))):
        value = _pct(data[key]["pct"]) if data["published"] else None
        if value is None:
            rows.append({"label": label, "value": _("Non publié"), "population": _fewer_than(minimum, people)})
        else:
            population = _("sur %(n)s personnes inscrites") % {"n": enrolled}
            rows.append({"label": label, "value": value, "population": population})
    satisfaction = data["satisfaction"]
    satisfied = None if satisfaction["withheld"] else _pct(satisfaction["satisfied_pct"])
    label = _("Personnes satisfaites (4 ou 5 sur 5) à la fin du bilan")
    if satisfied is None:
        rows.append({"label": label, "value": _("Non publié"), "population": _fewer_than(minimum, answers)})
    else:
        population = _("sur %(n)s réponses") % {"n": satisfaction["answered"]}
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
