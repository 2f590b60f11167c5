"""One set of qualification levels: the codes, their level numbers and their labels, used by every domain."""

from django.utils import translation

from openbilan.enrolments import models as enrolments
from openbilan.journeys import models as journeys
from openbilan.programmes import cohort_csv
from openbilan.programmes import models as programmes
from openbilan.recommendations import weights
from openbilan.referential import levels
from openbilan.referential.choices import QualificationLevel


def test_the_choices_store_the_codes_of_the_pure_module_in_order():
    assert tuple(QualificationLevel.values) == levels.CODES
    assert list(levels.NUMBERS) == list(levels.CODES)
    assert [levels.NUMBERS[code] for code in levels.CODES] == [2, 3, 4, 5, 6, 7, 8]


def test_every_domain_uses_the_one_set():
    assert enrolments.QualificationLevel is journeys.QualificationLevel is QualificationLevel
    for field in (
        enrolments.Enrolment._meta.get_field("qualification_level"),
        programmes.Referral._meta.get_field("qualification_level"),
        journeys.Aspirations._meta.get_field("qualification_level"),
    ):
        assert [value for value, _ in field.choices] == list(levels.CODES), field
    assert cohort_csv.QUALIFICATION_LEVELS is levels.CODES
    assert weights.QUALIFICATION_LEVELS is levels.NUMBERS


def test_each_label_has_an_english_translation():
    with translation.override("en"):
        english = [str(label) for label in QualificationLevel.labels]
    assert english[1] == "CAP, BEP (level 3)"
    assert not set(english) & {str(label) for label in QualificationLevel.labels}
