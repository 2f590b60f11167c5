"""A small referential and people with evidence, for the database tests of suggestions.

The referential rows are written with the referential's models (13 occupations over 5 grands domaines, with
profiles, skills, contexts, centres, mobility and access texts); people get their RIASEC and values through the
assessments services and their imperatives and past jobs through the journeys services, as in the product.
"""

from dataclasses import dataclass

from openbilan.journeys import services as journeys
from openbilan.journeys.models import Aspirations, Journey, PhaseCode, TimelineEntry
from openbilan.recommendations import arrays
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    CoreLevel,
    DomaineProfessionnel,
    GrandDomaine,
    Mobility,
    Occupation,
    OccupationCentreInteret,
    OccupationSkill,
    OccupationWorkContext,
    ReferentialImport,
    SearchTitle,
    Skill,
    SkillKind,
    WorkContext,
)
from openbilan.referential.text import forms_column, normalise
from tests.accounts.factories import beneficiary
from tests.assessments.factories import RIASEC, WORK_VALUES, finished_attempt, load_instruments, riasec_answers
from tests.programmes.factories import EnrolmentFactory

NIGHT, WEEKEND, HEAVY, INDEPENDENT, EMPLOYEE = 300803, 23376, 300795, 403106, 403103
CONTEXTS = {
    NIGHT: ("Travail de nuit", 2, "Horaires et durée du travail"),
    WEEKEND: ("Travail les week-ends et jours fériés", 2, "Horaires et durée du travail"),
    HEAVY: ("Port et manipulation de charges lourdes ou encombrantes", 1, "Conditions de travail"),
    INDEPENDENT: ("Travailleur indépendant", 7, "Statut d'emploi"),
    EMPLOYEE: ("Salarié secteur privé (CDI, CDD)", 7, "Statut d'emploi"),
}
CENTRES = {
    21: "Je souhaite m'occuper d'enfants",
    22: "Je souhaite prendre soin des autres",
    17: "J'aime m'occuper des animaux",
}
SOCIAL = (2.0, 3.0, 3.5, 6.8, 3.0, 2.5)

# code, label, parent, RIASEC letters, interests (None: no O*NET profile), access, contexts, centres (principal first)
OCCUPATIONS = [
    (
        "K2111",
        "Formateur / Formatrice",
        "K2111",
        "SC",
        (2.4, 3.7, 3.8, 6.9, 2.7, 3.6),
        "Cet emploi est accessible avec une Licence.",
        (),
        (22,),
    ),
    (
        "K2113",
        "Accompagnant / Accompagnante des élèves en situation de handicap (AESH)",
        "K2104",
        "S",
        (1.6, 4.1, 3.1, 6.7, 2.4, 3.5),
        "Cet emploi est accessible à partir d'un diplôme de niveau Bac.",
        (),
        (21, 22),
    ),
    (
        "K2104",
        "Surveillant / Surveillante en milieu scolaire",
        "K2104",
        "SC",
        (2.6, 2.7, 2.9, 6.7, 2.4, 4.0),
        "Cet emploi est accessible avec un Bac.",
        (WEEKEND,),
        (21,),
    ),
    (
        "K2106",
        "Professeur / Professeure des écoles",
        "K2106",
        "SA",
        (1.5, 3.9, 4.5, 6.8, 2.9, 3.1),
        "Cet emploi est accessible avec un Master.",
        (),
        (21,),
    ),
    (
        "J1501",
        "Aide-soignant / Aide-soignante",
        "J1501",
        "SI",
        (4.5, 3.4, 1.3, 5.4, 2.0, 4.2),
        "Cet emploi est accessible avec un Diplôme d'Etat d'Aide-Soignant, obligatoire pour exercer.",
        (NIGHT, WEEKEND),
        (22,),
    ),
    (
        "J1506",
        "Infirmier / Infirmière en soins généraux (IDE)",
        "J1506",
        "SI",
        (3.0, 4.5, 1.5, 6.5, 2.5, 3.5),
        "Cet emploi est accessible avec un Diplôme d'Etat d'Infirmier, obligatoire pour exercer.",
        (NIGHT,),
        (22,),
    ),
    (
        "N1302",
        "Responsable entrepôt logistique",
        "N1302",
        "EC",
        (3.6, 2.6, 1.0, 2.4, 6.0, 5.7),
        "Ce métier est accessible à partir d'un diplôme de niveau Bac+2.",
        (),
        (),
    ),
    (
        "N1101",
        "Cariste",
        "N1101",
        "RC",
        (6.2, 2.0, 1.0, 1.8, 2.0, 4.5),
        "Cet emploi est accessible sans diplôme.",
        (HEAVY, NIGHT),
        (),
    ),
    (
        "D1214",
        "Vendeur / Vendeuse en prêt-à-porter",
        "D1214",
        "ES",
        (2.0, 1.8, 3.0, 4.5, 5.5, 4.0),
        "Cet emploi est accessible sans diplôme.",
        (WEEKEND,),
        (),
    ),
    (
        "D1505",
        "Hôte / Hôtesse de caisse",
        "D1505",
        "CS",
        (2.5, 1.5, 1.2, 4.0, 3.5, 5.5),
        "Cet emploi est accessible sans diplôme.",
        (WEEKEND,),
        (),
    ),
    (
        "A1506",
        "Soigneur animalier / Soigneuse animalière",
        "A1501",
        "RC",
        (6.3, 2.9, 1.5, 3.6, 1.7, 3.3),
        "Quelques écoles préparent à un diplôme spécifique.",
        (WEEKEND,),
        (17,),
    ),
    (
        "K1106",
        "Sophrologue",
        "K1103",
        "SA",
        (1.5, 4.5, 4.0, 6.5, 3.5, 2.0),
        "Cet emploi est accessible sans diplôme.",
        (INDEPENDENT,),
        (22,),
    ),
    (
        "D1209",
        "Fleuriste",
        "D1209",
        "AR",
        (4.5, 1.5, 5.5, 3.0, 4.5, 2.5),
        "Cet emploi est accessible avec un CAP Fleuriste.",
        (INDEPENDENT, EMPLOYEE),
        (),
    ),
    ("K1717", "Militaire", "K1717", "RC", None, "Ce métier s'exerce sous statut militaire.", (NIGHT,), ()),
]
# Core skills (code_ogr) of each occupation; the first two of D1214 are shared with K2111 (transferable).
CORE_SKILLS = {
    "D1214": (100, 101, 102),
    "K2111": (100, 101, 110, 111),
    "K2113": (120, 121),
    "D1505": (130, 131),
}
MOBILITY = {"D1214": ("K2111", "D1505"), "D1505": ("K2113",)}
APPELLATION = {code: 90000 + n for n, (code, *_rest) in enumerate(OCCUPATIONS)}


def referential(*, imported: bool = False) -> dict[str, Occupation]:
    """Write the small referential; returns the occupations by code."""
    arrays.clear()
    domains = {}
    for letter in sorted({row[0][0] for row in OCCUPATIONS}):
        grand = GrandDomaine.objects.create(code=letter, label=f"Grand domaine {letter}")
        domains[letter] = DomaineProfessionnel.objects.create(
            code=f"{letter}11", label=f"Domaine {letter}", grand_domaine=grand
        )
    contexts = {
        code: WorkContext.objects.create(code_ogr=code, label=label, type_code=type_code, type_label=type_label)
        for code, (label, type_code, type_label) in CONTEXTS.items()
    }
    centres = {code: CentreInteret.objects.create(code=code, label=label) for code, label in CENTRES.items()}
    skills = {
        code: Skill.objects.create(code_ogr=code, label=f"Compétence {code}", kind=SkillKind.KNOW_HOW)
        for code in sorted({s for codes in CORE_SKILLS.values() for s in codes})
    }
    occupations = {}
    for n, (code, label, parent, letters, interests, access, context_codes, centre_codes) in enumerate(OCCUPATIONS):
        values = (5.0, 4.0, 3.0, 6.0, 4.0, 5.0) if interests and interests[3] > 5 else (5.0, 6.0, 5.0, 3.0, 3.0, 4.0)
        occupation = Occupation.objects.create(
            code_rome=code,
            code_ogr=80000 + n,
            label=label,
            parent_code=parent,
            domaine=domains[code[0]],
            riasec_majeur=letters[0],
            riasec_mineur=letters[1:],
            access=access,
            **(dict(zip(Occupation.INTEREST_FIELDS, interests, strict=True)) if interests else {}),
            interest_source="direct" if interests else "none",
            **(dict(zip(Occupation.VALUE_FIELDS, values, strict=True)) if interests else {}),
            values_source="direct" if interests else "none",
        )
        occupations[code] = occupation
        appellation = Appellation.objects.create(
            code_ogr=APPELLATION[code], occupation=occupation, label=label, is_principal=True
        )
        SearchTitle.objects.create(
            occupation=occupation,
            appellation=appellation,
            label=label,
            search_text=normalise(label),
            forms=forms_column(label),
            text_length=len(normalise(label)),
            sort_rank=n,
            is_principal=True,
        )
        for context in context_codes:
            OccupationWorkContext.objects.create(occupation=occupation, context=contexts[context])
        for index, centre in enumerate(centre_codes):
            OccupationCentreInteret.objects.create(
                occupation=occupation, centre=centres[centre], is_principal=index == 0
            )
        for skill in CORE_SKILLS.get(code, ()):
            OccupationSkill.objects.create(occupation=occupation, skill=skills[skill], core=CoreLevel.MAIN)
    for source, targets in MOBILITY.items():
        for order, target in enumerate(targets, start=1):
            Mobility.objects.create(source=occupations[source], target=occupations[target], order=order)
    if imported:  # an import row: the arrays are then built once and cached, as in production
        ReferentialImport.objects.create(checksum=f"test-{occupations['K2111'].pk}", rome_version="460", seconds=0.1)
    return occupations


@dataclass
class Imperatives:
    excluded_contexts: tuple[int, ...] = ()
    qualification_level: str = ""
    max_training: str = ""
    self_employment: str = ""


def person_with_evidence(
    *,
    riasec: dict[str, int] | None = None,
    values: tuple[str, ...] = (
        "relationships",
        "achievement",
        "independence",
        "recognition",
        "support",
        "working_conditions",
    ),
    past: tuple[str, ...] = (),
    imperatives: Imperatives | None = None,
    enrolment=None,
):
    """A beneficiary enrolled with a coach, who finished the RIASEC questionnaire (and the values card sort when
    `values`), wrote their imperatives and their past jobs (ROME codes of OCCUPATIONS)."""
    load_instruments()
    enrolment = enrolment or EnrolmentFactory(beneficiary=beneficiary())
    person = enrolment.beneficiary
    finished_attempt(person, RIASEC, riasec_answers(riasec))
    if values:
        finished_attempt(person, WORK_VALUES, {value: rank for rank, value in enumerate(values, start=1)})
    journey = journeys.ensure_journey(enrolment)
    # The aspirations and the life timeline belong to the investigation phase: start the person there (opening a
    # phase is the journeys domain's business, tested there).
    Journey.objects.filter(pk=journey.pk).update(phase=PhaseCode.INVESTIGATION)
    journey.refresh_from_db()
    if imperatives is not None:
        journeys.save_entry(
            journey=journey,
            model=Aspirations,
            version=0,
            values={
                "excluded_contexts": [str(code) for code in imperatives.excluded_contexts],
                "qualification_level": imperatives.qualification_level,
                "max_training": imperatives.max_training,
                "self_employment": imperatives.self_employment,
            },
            actor=person,
        )
    for code in past:
        journeys.add_entry(
            journey=journey,
            model=TimelineEntry,
            actor=person,
            kind=TimelineEntry.Kind.JOB,
            title=f"Mon emploi de {code}",
            rome_code_ogr=str(APPELLATION[code]),
        )
    return person
