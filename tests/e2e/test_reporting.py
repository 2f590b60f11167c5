"""The funder's dashboard in a browser: the seed's figures with their charts and tables, another breakdown (htmx
with JavaScript, a plain form without), the CSV download. axe-core checks every page."""

import zipfile
from pathlib import Path

from playwright.sync_api import expect

from openbilan.programmes import services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import login, submit, visit
from tests.programmes.cohort import csv_bytes, pilot_rows
from tests.programmes.factories import ProgrammeFactory


def pilot_funder():
    programme = ProgrammeFactory(slug="pilote-normandie", name="Pilote Normandie", cohort_prescribers=True)
    services.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    return programme, UserFactory(role="funder_viewer", role__organisation=programme.funder)


def test_the_funder_reads_the_dashboard_changes_the_breakdown_and_downloads_the_figures(page, axe):
    _programme, viewer = pilot_funder()
    login(page, axe, viewer.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord financeur")
    page.get_by_role("link", name="Pilote Normandie").click()
    axe.check(page)
    expect(page.locator(".key-figures")).to_contain_text("63,0\u00a0%")
    expect(page.locator(".as-of")).to_contain_text("Chiffres au")
    outcomes = page.get_by_role("table").filter(has_text="Situation à la fin du bilan des 63 personnes")
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
        page.get_by_role("link", name="Chiffres en CSV (un fichier par tableau, ZIP)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("chiffres-pilote-normandie-")
    archive = zipfile.ZipFile(Path(download.path()))
    name = next(n for n in archive.namelist() if n.endswith("situations_fin_de_bilan.csv"))
    text = archive.read(name).decode("utf-8-sig")
    assert "En emploi;13;20,6" in text and "moins de 11 personnes" in text


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


def test_the_summary_page_and_the_full_report_fit_a_phone_without_javascript(nojs_page, axe):
    page = nojs_page
    programme, viewer = pilot_funder()
    login(page, axe, viewer.email, PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("", "rapport/", "bilan/"):
        visit(page, axe, f"/rapports/{programme.slug}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
    expect(page.get_by_role("heading", name="Bilan de cet accompagnement")).to_be_visible()
    expect(page.locator(".summary")).to_contain_text("63,0\u00a0% des 100 personnes accompagnées")
