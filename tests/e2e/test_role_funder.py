"""The funder, in a real browser, at 360 px and at desktop width: their dashboard, a programme's figures, the full
report, and every export answering 200 with the right content type. axe-core checks every page."""

import json

from playwright.sync_api import expect

from openbilan.programmes import services
from tests.accounts.factories import funder_viewer
from tests.e2e.walk import Browse, same_names, screenshot
from tests.programmes.cohort import csv_bytes, pilot_rows
from tests.programmes.factories import ProgrammeFactory

EXPORTS = {
    "Rapport en PDF": ("application/pdf", b"%PDF-"),
    "Chiffres en CSV": ("text/csv", "Synthèse".encode()),
    "Chiffres en XLSX (tableur)": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    "Données en JSON": ("application/json", b"{"),
}


def test_the_funder_reads_the_dashboard_and_downloads_every_export(sized_page, axe, width):
    page = sized_page
    same_names("funder")
    programme = ProgrammeFactory(slug="pilote-normandie", name="Pilote Normandie", cohort_prescribers=True)
    services.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    viewer = funder_viewer(role__organisation=programme.funder)
    browse = Browse(page, axe)

    browse.login(viewer.email)
    expect(browse.h1()).to_have_text("Tableau de bord financeur")
    browse.link("Pilote Normandie")
    expect(page.locator(".key-figures")).to_contain_text("63,0\u00a0%")
    screenshot(page, "funder", width)

    for name, (content_type, start) in EXPORTS.items():
        href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
        response = page.request.get(href)
        assert response.status == 200, f"{name}: {response.status}"
        assert response.headers["content-type"].split(";")[0] == content_type, f"{name}: {response.headers}"
        body = response.body()
        assert body.lstrip(b"\xef\xbb\xbf").startswith(start), f"{name}: {body[:40]!r}"
        if content_type == "application/json":
            assert json.loads(body)  # parses, and is not empty

    browse.link("Rapport complet")
    expect(browse.h1()).to_have_text("Rapport du programme Pilote Normandie")
