"""The demo feed: real current certifications, Normandie communes, dates always ahead, marked as demo."""

import datetime

from django.utils import timezone

from openbilan.training import demo, lheo
from openbilan.training.models import FormationCertification, OfferFeed, Session


def test_the_demo_feed_is_valid_lheo_on_real_communes():
    feed = lheo.parse_feed(demo.DEMO_FILE.read_bytes(), demo.DEMO_FILE.name)
    sessions = [s for f in feed.formations for a in f.actions for s in a.sessions]
    assert len(sessions) == 15
    assert {s.place.insee_code[:2] for s in sessions} <= {
        "14",
        "27",
        "50",
        "61",
        "76",
    }  # the five Normandie départements
    assert all(s.place.latitude and s.place.longitude for s in sessions)
    assert all("démo" in f.organisation.name for f in feed.formations)


def test_dates_move_by_whole_weeks_to_start_about_four_weeks_ahead():
    raw = demo.DEMO_FILE.read_bytes()
    for today in (datetime.date(2026, 12, 6), datetime.date(2031, 5, 17)):
        feed = lheo.parse_feed(demo.shifted(raw, today), "demo.xml")
        starts = [s.start for f in feed.formations for a in f.actions for s in a.sessions]
        first = min(starts)
        assert today + datetime.timedelta(days=21) < first <= today + datetime.timedelta(days=28)
        assert first.weekday() == datetime.date(2027, 1, 4).weekday()


def test_loading_the_demo_gives_demo_sessions_ahead_and_loading_it_again_changes_nothing(db):
    from openbilan.demo import load_demo

    load_demo()
    feed = OfferFeed.objects.get(key=demo.FEED_KEY)
    assert feed.is_demo
    assert Session.objects.filter(feed=feed).count() == 15
    assert not Session.objects.filter(feed=feed, end__lt=timezone.localdate()).exists()
    assert "RNCP36241" in set(FormationCertification.objects.values_list("code", flat=True))
    pks = sorted(Session.objects.values_list("pk", flat=True))
    load_demo()
    assert sorted(Session.objects.values_list("pk", flat=True)) == pks


def test_the_demo_person_s_synthesis_pdf_shows_the_plan_s_certification_and_session(db):
    """Issue 21: the demo plan picks a certification leading to Stéphanie's occupation and its demo session in Caen;
    the synthesis PDF (WeasyPrint), read back by the tests' own PDF reader, shows both."""
    from openbilan.demo import load_demo
    from openbilan.projects import pdf
    from openbilan.projects import selectors as projects
    from tests.projects import pdftext
    from tests.recommendations.factories import referential
    from tests.training.factories import CertificationFactory, imported

    referential()
    CertificationFactory(code="RNCP36241", number=36241, title="Médiateur social accès aux droits", rome=["K1106"])
    imported()
    person = load_demo().users["beneficiary"]

    project = projects.project_of(person)
    assert (project.code_rome, project.certification_code) == ("K1106", "RNCP36241")
    assert project.session_is_demo and "Caen" in project.session_label
    version = projects.synthesis_of(person).versions.order_by("-number").first()
    text = " ".join(pdftext.text(pdf.render_pdf(version, final=False)).split())
    assert "Médiateur social accès aux droits" in text
    assert "Certification : RNCP36241" in text
    assert f"Session : {project.session_label} (session de démonstration)" in text
