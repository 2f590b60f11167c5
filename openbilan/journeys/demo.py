"""`manage.py load_demo` hook: the demo beneficiary is well into the investigation phase; the second one is at the
very start. Safe to run twice: each step is skipped when already done."""

from openbilan.enrolments.models import Enrolment
from openbilan.journeys import services
from openbilan.journeys.models import DriverEntry, NeedsAnalysis, SelfAssessment, TimelineEntry

NEEDS = {
    "needs": "Je travaille dans la vente depuis douze ans. J'ai mal au dos et je veux changer de métier.",
    "objectives": "Trouver deux pistes de métier réalistes près de Caen, et savoir quelle formation il faut.",
    "arrangements": "Un rendez-vous en visio toutes les deux semaines, le mardi matin. Les exercices sur mon "
    "téléphone entre les rendez-vous.",
}

TIMELINE = [
    {
        "kind": TimelineEntry.Kind.STUDY,
        "title": "CAP Employé de vente",
        "start_year": 2008,
        "end_year": 2010,
        "learned": "Accueillir les clients, tenir une caisse.",
        "liked": "Le contact avec les gens.",
        "disliked": "Les cours en salle toute la journée.",
    },
    {
        "kind": TimelineEntry.Kind.JOB,
        "title": "Vendeuse en boulangerie",
        "start_year": 2010,
        "end_year": 2014,
        "learned": "Travailler vite et bien, gérer les commandes.",
        "liked": "Les habitués, l'ambiance du matin.",
        "disliked": "Les horaires très tôt le matin et le week-end.",
    },
    {
        "kind": TimelineEntry.Kind.PERSONAL,
        "title": "Naissance de ma fille",
        "start_year": 2015,
        "end_year": 2015,
        "learned": "M'organiser, tenir sur la durée.",
        "liked": "",
        "disliked": "",
    },
]


def load(context):
    person, coach = context.users["beneficiary"], context.users["coach"]
    enrolment = Enrolment.objects.get(programme=context.programme, beneficiary=person)
    journey = services.ensure_journey(enrolment)
    needs = NeedsAnalysis.objects.filter(journey=journey).first()
    if needs is None:
        services.save_entry(journey=journey, model=NeedsAnalysis, version=0, values=NEEDS, actor=person)
    if not NeedsAnalysis.objects.filter(journey=journey, confirmed_at__isnull=False).exists():
        services.confirm_needs_analysis(journey=journey, actor=coach)
    if not SelfAssessment.objects.filter(journey=journey).exists():
        services.save_self_assessment(journey=journey, moment="entry", project=3, confidence=4, actor=person)
    journey.refresh_from_db()
    if journey.phase == "preliminary":
        journey = services.open_phase(journey=journey, target="investigation", actor=person)
    if not TimelineEntry.objects.filter(journey=journey).exists():
        for values in TIMELINE:
            services.add_entry(journey=journey, model=TimelineEntry, actor=person, **values)
    if not DriverEntry.objects.filter(journey=journey).exists():
        services.save_entry(
            journey=journey,
            model=DriverEntry,
            version=0,
            key={"driver": "hurry_up"},
            values={
                "examples": "Je finis toujours mes phrases en courant. Au travail, je prends trop de choses en même "
                "temps.",
                "keep": "Mon efficacité quand il y a du monde.",
                "let_go": "L'idée que je dois tout faire tout de suite.",
            },
            actor=person,
        )
    # The second demo beneficiary stays at the very start of the journey.
    services.ensure_journey(
        Enrolment.objects.get(programme=context.programme, beneficiary=context.users["beneficiary2"])
    )
