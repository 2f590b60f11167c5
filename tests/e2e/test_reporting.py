"""The funder's dashboard in a browser: the seed's figures with their charts and tables, another breakdown (htmx
with JavaScript, a plain form without), the CSV download. axe-core checks every page."""

from pathlib import Path

from playwright.sync_api import expect

from openbilan.programmes import services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import login, submit, visit
from tests.programmes.cohort import csv_bytes, pilot_rows
from tests.programmes.factories import ProgrammeFactory


def pilot_funder():
    programme = ProgrammeFactory(slug="pilote-normandie", name="Pilote Normandie")
    services.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    return programme, UserFactory(role="funder_viewer", role__organisation=programme.funder)


def test_the_funder_reads_the_dashboard_changes_the_breakdown_and_downloads_the_figures(page, axe):
    _programme, viewer = pilot_funder()
    login(page, axe, viewer.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord financeur")
    page.get_by_role("link", name="Pilote Normandie").click()
    axe.check(page)
    expect(page.locator(".key-figures")).to_contain_text("63,0\u00a0%")
    outcomes = page.get_by_role("table").filter(has_text="Situation à date des personnes qui ont terminé (63)")
    expect(outcomes.get_by_role("row").filter(has_text="En emploi").first).to_contain_text("20,6\u00a0%")
    expect(
        page.get_by_role("img", name="Où en sont les personnes inscrites (pourcentage des inscrits)")
    ).to_be_visible()

    # Another breakdown, swapped in place by htmx: the page is not reloaded.
    page.get_by_label("Découper par").select_option("prescriber_network")
    expect(page.locator("#segment-view")).to_contain_text("Réseau prescripteur")
    expect(page.locator("#segment-view")).to_contain_text("< 11")
    axe.check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Chiffres en CSV").click()
    download = download_info.value
    assert download.suggested_filename == "chiffres-pilote-normandie.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "En emploi,13,20.6" in text and "< 11" in text


def test_without_javascript_the_breakdown_form_reloads_the_page(nojs_page, axe):
    page = nojs_page
    programme, viewer = pilot_funder()
    login(page, axe, viewer.email, PASSWORD)
    visit(page, axe, f"/rapports/{programme.slug}/")
    page.get_by_label("Découper par").select_option("social_minima")
    submit(page, axe, "Afficher")
    expect(page.locator("#segment-view")).to_contain_text("Minimum social")
    assert "segment=social_minima" in page.url


def test_the_full_report_page_passes_axe(desktop_page, axe):
    page = desktop_page
    programme, viewer = pilot_funder()
    login(page, axe, viewer.email, PASSWORD)
    visit(page, axe, f"/rapports/{programme.slug}/rapport/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport du programme Pilote Normandie")
    expect(page.get_by_role("heading", name="Par profil et par prescripteur")).to_be_visible()
