"""Reference vocabularies offered as choices, with their translated labels (the codes come from pure modules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QualificationLevel(models.TextChoices):
    """One person's highest qualification, as stored on the enrolment and in the person's imperatives (codes:
    referential/levels.py). The same wording serves the person, the coach, the prescriber and the funder's tables."""

    INFRA_3 = "infra3", _("Sans diplôme ou niveau inférieur au CAP")
    LEVEL_3 = "3", _("CAP, BEP (niveau 3)")
    LEVEL_4 = "4", _("Baccalauréat (niveau 4)")
    LEVEL_5 = "5", _("Bac + 2 : BTS, DUT (niveau 5)")
    LEVEL_6 = "6", _("Bac + 3 ou 4 : licence, BUT (niveau 6)")
    LEVEL_7 = "7", _("Bac + 5 : master (niveau 7)")
    LEVEL_8 = "8", _("Doctorat (niveau 8)")
