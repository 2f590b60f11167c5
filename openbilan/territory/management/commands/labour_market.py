import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from openbilan.referential.models import Occupation
from openbilan.territory import selectors
from openbilan.territory.models import ALL_QUALIFICATIONS

UNKNOWN = 2  # exit status for an unknown occupation, commune or year


def _value(figures, name: str):
    return None if figures is None else getattr(figures, name).value


class Command(BaseCommand):
    help = (
        "The hiring demand (France Travail's BMO survey) of an occupation's families in the bassin of a commune: "
        "ROME 4.0 code -> previous ROME code -> DARES crosswalk -> FAP 2021 families. null where the survey does not "
        "publish a figure. Exit status 2 for an unknown occupation, commune or year."
    )

    def add_arguments(self, parser):
        parser.add_argument("code_rome")
        parser.add_argument("--commune", required=True, help="INSEE code of the commune (e.g. 14118 for Caen).")
        parser.add_argument("--year", type=int, help="Survey year (default: the latest imported).")
        parser.add_argument(
            "--qualification",
            type=int,
            choices=ALL_QUALIFICATIONS,
            help="DARES qualification level 0-9 (default: every level).",
        )
        parser.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args, code_rome, commune, year=None, qualification=None, format="text", **options):
        code_rome = code_rome.strip().upper()
        if not Occupation.objects.filter(code_rome=code_rome).exists():
            raise CommandError(gettext("Code ROME inconnu : %(code)s.") % {"code": code_rome}, returncode=UNKNOWN)
        area = selectors.area_of(commune.strip())
        if area is None:
            raise CommandError(gettext("Commune inconnue : %(code)s.") % {"code": commune}, returncode=UNKNOWN)
        years = selectors.survey_years()
        if not years:
            raise CommandError(gettext("Aucune enquête BMO n'est importée (manage.py import_labour_market)."))
        if year is not None and year not in years:
            raise CommandError(
                gettext("Pas d'enquête BMO %(year)d. Enquêtes importées : %(years)s.")
                % {"year": year, "years": ", ".join(map(str, years))},
                returncode=UNKNOWN,
            )
        qualifications = ALL_QUALIFICATIONS if qualification is None else (qualification,)
        bassin_code = area.bassin.code if area.bassin else ""
        demand = selectors.demand_for([code_rome], bassin_code=bassin_code, qualifications=qualifications, year=year)[
            code_rome
        ]
        data = {
            "year": year or years[0],
            "bassin": {"code": area.bassin.code, "name": area.bassin.name} if area.bassin else None,
            "families": [
                {
                    "fap": family.code,
                    "name": family.name,
                    "projects": _value(family.local, "projects"),
                    "difficult": _value(family.local, "difficult"),
                    "seasonal": _value(family.local, "seasonal"),
                }
                for family in sorted(demand.families, key=lambda f: f.code)
            ],
        }
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        bassin = data["bassin"]["name"] if data["bassin"] else gettext("aucun bassin connu")
        self.stdout.write(f"BMO {data['year']} · {area.commune.name} · {bassin}")
        for family in data["families"]:
            figures = [
                family[key] if family[key] is not None else gettext("non diffusé")
                for key in ("projects", "difficult", "seasonal")
            ]
            self.stdout.write(
                gettext(
                    "%(fap)s %(name)s — projets : %(projects)s, dont difficiles : %(difficult)s, "
                    "saisonniers : %(seasonal)s"
                )
                % {
                    "fap": family["fap"],
                    "name": family["name"],
                    "projects": figures[0],
                    "difficult": figures[1],
                    "seasonal": figures[2],
                }
            )
