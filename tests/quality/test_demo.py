from django.utils import timezone

from openbilan.demo import load_demo
from openbilan.quality.models import AccommodationRequest, Complaint, Offer, OperatorQuality, ResultsSnapshot


def test_the_demo_publishes_the_offer_results_referent_complaints_and_a_request(db):
    context = load_demo()
    assert Offer.objects.get(programme=context.programme).published
    assert ResultsSnapshot.objects.filter(programme=context.programme).count() == 1
    assert OperatorQuality.objects.get(operator=context.operator).has_referent
    states = sorted(Complaint.objects.filter(operator=context.operator).values_list("state", flat=True))
    assert states == ["answered", "received"]
    today = timezone.localdate()
    assert sum(c.lateness(today).overdue for c in Complaint.objects.all()) == 1
    assert AccommodationRequest.objects.filter(person=context.users["beneficiary"]).count() == 1


def test_loading_the_demo_twice_adds_no_quality_row(db):
    load_demo()
    counts = [m.objects.count() for m in (Complaint, ResultsSnapshot, AccommodationRequest, Offer)]
    load_demo()
    assert [m.objects.count() for m in (Complaint, ResultsSnapshot, AccommodationRequest, Offer)] == counts
