"""What the occupation page's "who is hiring near you" section shows, for a person or a visitor.

The bassin shown: the one asked in the address (`?bassin=CODE`, or `?cp=POSTCODE` when it covers one bassin), else
the person's own bassin (their place), else the one a visitor chose earlier in the session. A person's choice of
another bassin applies to that page only; their own place stays the default.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openbilan.territory import selectors
from openbilan.territory.figures import LEVELS, Count
from openbilan.territory.models import ALL_QUALIFICATIONS, JOB_LEVEL_QUALIFICATIONS, Bassin, JobLevel
from openbilan.territory.names import display_name

SESSION_KEY = "territory_bassin"


@dataclass(frozen=True)
class FamilyView:
    family: selectors.FamilyDemand
    job_levels: tuple[str, ...]  # the levels of job at which the occupation belongs to this family

    @property
    def change_size(self) -> int | None:
        return abs(self.family.change.difference) if self.family.change else None

    @property
    def dots(self) -> list[bool]:
        level = self.family.level or 0
        return [index < level for index in range(LEVELS)]


SHORT_LEVELS = {
    JobLevel.UNSKILLED: gettext_lazy("les postes non qualifiés"),
    JobLevel.SKILLED: gettext_lazy("les postes qualifiés"),
    JobLevel.TECHNICIAN: gettext_lazy("les techniciens et agents de maîtrise"),
    JobLevel.MANAGER: gettext_lazy("les cadres"),
}


def job_levels(qualifications: tuple[int, ...]) -> tuple[str, ...]:
    """The levels of job (in words) whose DARES qualification codes lead to a family."""
    return tuple(
        str(SHORT_LEVELS[level])
        for level, codes in JOB_LEVEL_QUALIFICATIONS.items()
        if set(codes) & set(qualifications)
    )


def _bassin_choices(postcode: str) -> tuple[list[Bassin], str]:
    if not (len(postcode) == 5 and postcode.isdigit()):
        return [], _("Le code postal a 5 chiffres, par exemple 14000.")
    found = {}
    for commune in selectors.communes_of_postcode(postcode):
        if commune.bassin_id:
            found.setdefault(commune.bassin.code, commune.bassin)
    if not found:
        return [], _("Nous ne connaissons pas ce code postal, ou il n'a pas de bassin d'emploi.")
    return sorted(found.values(), key=lambda b: b.name), ""


def occupation_demand(request, occupation) -> dict:
    """The context of territory/includes/demand_section.html for one occupation (a referential Occupation)."""
    code_rome = occupation.code_rome
    read_surveys = selectors.surveys()
    if not read_surveys:
        return {"available": False}
    survey = read_surveys[0]
    person = request.user if request.user.is_authenticated else None
    place = selectors.place_of(person) if person else None
    home = place.area.bassin if place else None
    postcode = request.GET.get("cp", "").strip()[:10]
    chosen, choices, error, found = None, [], "", None
    if postcode:
        choices, error = _bassin_choices(postcode)
        if len(choices) == 1:
            chosen, choices = choices[0].code, []
    elif request.GET.get("bassin"):
        found = selectors.bassin(request.GET["bassin"].strip()[:6])
        chosen = found.code if found else None
    remember = place is None
    if chosen and remember:
        request.session[SESSION_KEY] = chosen
    if chosen is None:
        chosen = home.code if home else (request.session.get(SESSION_KEY) if remember else None)
    own = home is not None and chosen == home.code
    nearby = []
    if own and place.place.travel_km:
        nearby = selectors.bassins_within(place.area.commune, place.place.travel_km)
        nearby = [code for code in nearby if code != home.code]
    qualifications = place.place.qualifications if place else ALL_QUALIFICATIONS
    demand = None
    if chosen:
        demand = selectors.demand_for(
            [code_rome],
            bassin_code=chosen,
            qualifications=qualifications,
            nearby_bassins=nearby,
            read_surveys=read_surveys,
            parents={code_rome: occupation.parent_code},
            read_bassin=home if own else found,
        ).get(code_rome)
    shown = demand.bassin if demand else None
    region_bassins = selectors.bassins_of_region(shown.region_id, survey) if shown else []
    in_region = {b.code: b.name for b in region_bassins}
    if set(nearby) <= in_region.keys():
        names = sorted(in_region[code] for code in nearby)
    else:
        names = selectors.bassin_names(nearby)
    nearby_names = [display_name(name) for name in names]
    return {
        "available": True,
        "code_rome": code_rome,
        "year": survey.year,
        "demand": demand,
        "bassin": shown,
        "bassin_name": display_name(shown.name) if shown else "",
        "region_name": shown.region.name if shown and shown.region else "",
        "families": [FamilyView(f, job_levels(f.qualifications)) for f in demand.families] if demand else [],
        "several": bool(demand) and len(demand.families) > 1,
        "place": place,
        "own": own,
        "job_level": place.place.get_job_level_display() if place and place.place.job_level else "",
        "nearby_names": nearby_names,
        "travel_km": place.place.travel_km if place else None,
        "choices": choices,
        "postcode": postcode,
        "postcode_error": error,
        "region_bassins": region_bassins,
        "is_person": person is not None and place is not None,
        "can_set_place": person is not None and person.is_beneficiary,
    }


def at_least(count: Count) -> dict:
    """How a count reads: exact, a lower bound, or not published at all."""
    if count.value is not None:
        return {"exact": count.value}
    return {"floor": count.floor} if count.floor else {"secret": True}
