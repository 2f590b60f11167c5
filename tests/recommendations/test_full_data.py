"""The one module of suggestions that loads the full shipped referential: shipped personas, every excludable context."""

import json

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from openbilan.recommendations import arrays, evaluation
from openbilan.recommendations import weights as W
from openbilan.recommendations.management.commands.evaluate_recommendations import known_codes
from openbilan.recommendations.ranking import Imperatives, Person, rank
from openbilan.referential import services
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    DomaineProfessionnel,
    GrandDomaine,
    Mobility,
    Occupation,
    OccupationCentreInteret,
    OccupationSector,
    OccupationSkill,
    OccupationWorkContext,
    ReferentialImport,
    SearchTitle,
    Sector,
    Skill,
    WorkContext,
)

DATA_DIR = settings.BASE_DIR / "data" / "referential"
CLEAR_ORDER = (
    ReferentialImport, SearchTitle, OccupationSkill, OccupationWorkContext, OccupationCentreInteret, OccupationSector,
    Mobility, Appellation, Occupation, Skill, WorkContext, CentreInteret, Sector, DomaineProfessionnel, GrandDomaine,
)  # fmt: skip

PERSONAS = settings.BASE_DIR / "openbilan" / "recommendations" / "personas" / "personas.json"
EXCLUDABLE_FILE = settings.BASE_DIR / "openbilan" / "journeys" / "data" / "imperative_contexts.json"
EXCLUDABLE = sorted(
    int(row[0])
    for group in json.loads(EXCLUDABLE_FILE.read_text(encoding="utf-8"))["groups"]
    for row in group["contexts"]
)


@pytest.fixture(scope="module")
def prepared(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        services.import_referential(directory=DATA_DIR)
        arrays.clear()
        yield arrays.prepared()
        arrays.clear()
        for model in CLEAR_ORDER:
            model.objects.all().delete()


def test_all_1584_occupations_are_ranked(prepared):
    assert prepared.size == 1584


def test_shipped_personas_are_valid_and_break_no_constraint(prepared, django_db_blocker):
    with django_db_blocker.unblock():
        personas = evaluation.parse_personas(PERSONAS.read_text(encoding="utf-8"), known_codes(prepared))
    assert len(personas) >= 30
    report = evaluation.evaluate(prepared, personas, repeat=1)
    assert report.violations == 0
    assert len(report.judged) == len(personas)


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    riasec=st.fixed_dictionaries({letter: st.integers(0, 100) for letter in W.INTEREST_LETTERS}),
    context=st.sampled_from(EXCLUDABLE),
    level=st.sampled_from(sorted(W.QUALIFICATION_LEVELS)),
)
def test_no_suggestion_has_an_excluded_context_on_the_real_referential(prepared, riasec, context, level):
    person = Person(
        riasec=riasec, imperatives=Imperatives(excluded_contexts=frozenset({context}), qualification_level=level)
    )
    ranking = rank(prepared, person)
    suggested = ranking.order
    assert not prepared.contexts[suggested, prepared.context_ids[context]].any()
    for suggestion in ranking.suggestions(W.TOP):
        assert context not in prepared.context_sets[prepared.index[suggestion.code_rome]]


def test_night_work_is_excluded_for_every_occupation_that_has_it(prepared):
    night = 300803
    ranking = rank(
        prepared,
        Person(
            riasec={"R": 50, "I": 50, "A": 10, "S": 90, "E": 40, "C": 30},
            imperatives=Imperatives(excluded_contexts=frozenset({night})),
        ),
    )
    with_night = [i for i, contexts in enumerate(prepared.context_sets) if night in contexts]
    assert len(with_night) > 100
    assert all(ranking.rank_of[i] == 0 for i in with_night)
    assert all(ranking.explain_index(i).excluded_by.kind == "context" for i in with_night[:20])
