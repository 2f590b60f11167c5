"""`manage.py load_demo` hook: Stéphanie (who finished the RIASEC questionnaire and her values card sort in the
assessments demo) picks two centres d'intérêt, reacts to her first suggestions and keeps two of them.

Safe to run twice: nothing is added once she has reacted. Skipped when the referential is not loaded."""

from django.db import transaction

from openbilan.recommendations import selectors, services
from openbilan.recommendations.models import PathKind, Reaction
from openbilan.referential.models import CentreInteret, Occupation

CENTRES = (22, 24)  # "Je souhaite prendre soin des autres", "Je souhaite transmettre"
REACTIONS = (Reaction.Kind.FITS, Reaction.Kind.UNSURE, Reaction.Kind.NOT_FOR_ME, Reaction.Kind.FITS)


@transaction.atomic
def load(context) -> None:
    person = context.users["beneficiary"]
    if not Occupation.objects.exists() or Reaction.objects.filter(user=person).exists():
        return
    if not selectors.centre_codes_of(person):
        services.choose_centres(
            user=person, codes=CentreInteret.objects.filter(code__in=CENTRES).values_list("code", flat=True)
        )
    outlook = selectors.outlook_for(person)
    suggestions = outlook.ranking.suggestions(len(REACTIONS))
    for suggestion, kind in zip(suggestions, REACTIONS, strict=False):
        services.react(
            user=person,
            code_rome=suggestion.code_rome,
            kind=kind,
            rank=suggestion.rank,
            score=suggestion.score,
            version=outlook.ranking.prepared.version,
        )
        if kind == Reaction.Kind.FITS:
            services.add_to_shortlist(user=person, code_rome=suggestion.code_rome, path=PathKind.OCCUPATION)
