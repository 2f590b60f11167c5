"""The demo's quality part: the demo programme's public offer and results, the operator's disability referent, two
complaints (one overdue, one answered) and an accommodation request of the demo beneficiary. Safe to run twice."""

import datetime

from django.utils import timezone

from openbilan.quality import services
from openbilan.quality.models import AccommodationRequest, Complaint, ComplaintState, ResultsSnapshot

VISITOR_EMAIL = "visiteur@demo.openbilan.fr"


def load(context) -> None:
    admin = context.users["admin"]
    programme = context.programme
    services.save_operator_quality(
        operator=context.operator,
        actor=admin,
        referent_name="Nadia Lefèvre",
        referent_email="referent-handicap@demo.openbilan.fr",
        referent_phone="02 31 00 00 00",
        acknowledge_days=2,
        answer_days=15,
    )
    services.save_offer(
        programme=programme,
        actor=admin,
        prerequisites="Être demandeur ou demandeuse d'emploi en Normandie. Aucun diplôme demandé.",
        objectives=(
            "Mieux vous connaître : intérêts, valeurs, compétences.\n"
            "Explorer des métiers et des formations qui vous correspondent.\n"
            "Construire un projet professionnel réaliste et le tester sur le terrain."
        ),
        duration="3 mois environ, 24 heures d'accompagnement au plus, en ligne et en entretien.",
        funded=True,
        how_to_start=(
            "Parlez-en à votre conseiller ou conseillère France Travail, Mission locale, APEC ou Cap emploi : "
            "il ou elle vous oriente. Vous recevez ensuite une invitation par e-mail."
        ),
        accommodations="Entretiens en visio ou sur place dans un lieu accessible, plus de temps, gros caractères.",
        contact_email="contact@demo.openbilan.fr",
        contact_phone="02 31 00 00 01",
    )
    services.set_offer_published(programme=programme, actor=admin, published=True)
    if not ResultsSnapshot.objects.filter(programme=programme).exists():
        services.publish_results(programme=programme, actor=admin)
    _complaints(context, admin)
    person = context.users["beneficiary"]
    if not AccommodationRequest.objects.filter(person=person).exists():
        services.record_accommodation(
            person=person,
            kinds=["extra_time", "large_print"],
            details="Je lis mieux avec des documents en gros caractères.",
            consent=True,
        )


def _complaints(context, admin) -> None:
    now = timezone.now()
    programme = context.programme
    if not Complaint.objects.filter(statement__email=VISITOR_EMAIL).exists():
        # Received ten days ago and never taken into account: the register flags it as overdue.
        services.file_complaint(
            programme=programme,
            email=VISITOR_EMAIL,
            name="Jean Visiteur",
            body="J'ai écrit deux fois au contact de l'offre et je n'ai pas eu de réponse.",
            now=now - datetime.timedelta(days=10),
        )
    person = context.users["beneficiary2"]
    if not Complaint.objects.filter(statement__person=person).exists():
        complaint = services.file_complaint(
            programme=programme,
            person=person,
            body="Mon rendez-vous de mardi a été annulé une heure avant, sans proposition d'autre date.",
            now=now - datetime.timedelta(days=6),
        )
        services.move_complaint(
            complaint=complaint,
            actor=admin,
            target=ComplaintState.ANALYSED,
            category="organisation",
            now=now - datetime.timedelta(days=5),
        )
        services.move_complaint(
            complaint=complaint,
            actor=admin,
            target=ComplaintState.ANSWERED,
            answer="Nous sommes désolés. Votre consultante vous propose trois nouveaux créneaux cette semaine.",
            improvement="Un rendez-vous annulé par l'équipe est toujours accompagné de nouveaux créneaux.",
            now=now - datetime.timedelta(days=3),
        )
