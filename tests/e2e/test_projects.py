"""The end of the journey in three browsers: a shortlisted occupation becomes a project; two professionals are asked
for a meeting, accept (in their own browser) and are debriefed; the coach asks for changes, then validates; the
synthesis is drafted, commented, made final, downloaded as a PDF, shared by a link, opened through the link by an
anonymous visitor, and the link is revoked (it then answers 410). axe-core checks every page of every browser."""

from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from openbilan.network.models import Meeting
from openbilan.projects.models import Opening, Project, ProjectState
from tests.accounts.factories import PASSWORD
from tests.e2e.axe import AxeChecker
from tests.e2e.conftest import AXE_JS, login, submit, visit
from tests.network.factories import professional
from tests.projects import pdftext
from tests.projects.factories import bilan


def htmx(page, axe, scope, button, path_part):
    """Click a button of an htmx-enhanced form and wait for its fragment to be swapped in (no new document)."""
    with page.expect_response(lambda response: path_part in response.url and response.request.method == "POST"):
        page.locator(scope).get_by_role("button", name=button).click()
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    axe.check(page)


def other_browser(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="fr-FR")
    checker = AxeChecker(AXE_JS.read_text(encoding="utf-8"))
    page = context.new_page()
    checker.watch(page)
    return context, page, checker


def test_from_the_shortlist_to_a_shared_synthesis(browser, live_server, page, axe):
    enrolment = bilan()
    person, coach = enrolment.beneficiary, enrolment.coach
    operator = enrolment.programme.operator
    pros = [
        professional(operator, headline="Formatrice pour adultes"),
        professional(operator, headline="Formateur en entreprise"),
    ]
    today = timezone.localdate().isoformat()

    # The person turns a shortlisted occupation into a project.
    login(page, axe, person.email, PASSWORD)
    visit(page, axe, "/projet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes projets et ma synthèse")
    submit(page, axe, "En faire un projet : Formateur / Formatrice")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formateur / Formatrice")
    project = Project.objects.get()

    # Five criteria get their evidence, each form swapped in place by htmx.
    page.locator("#c-alignment").get_by_label("Pourquoi ce projet vous correspond").fill("J'aime transmettre.")
    htmx(page, axe, "#c-alignment", "Enregistrer ce texte", "/notes/")
    expect(page.locator("#c-alignment .badge")).to_have_text("Rempli")
    page.locator("#c-feasibility").get_by_label("Comment ce projet respecte").fill("Des horaires de journée.")
    htmx(page, axe, "#c-feasibility", "Enregistrer ce texte", "/notes/")
    market = page.locator("#c-labour_market")
    market.get_by_label("Type").select_option("offer")
    market.get_by_label("Date").fill(today)
    market.get_by_label("Ce que vous avez vu ou appris").fill("Trois offres à Caen")
    htmx(page, axe, "#c-labour_market", "Ajouter cet élément", "/marche/")
    funding = page.locator("#c-funding")
    funding.get_by_label("Oui").check()
    funding.get_by_label("La formation choisie").fill("Titre professionnel FPA")
    funding.get_by_label("Compte personnel de formation (CPF)").check()
    htmx(page, axe, "#c-funding", "Enregistrer la formation et le financement", "/financement/")
    for title in ("Aller à l'information collective", "Déposer le dossier CPF"):
        steps = page.locator("#c-action_plan")
        steps.get_by_role("textbox", name="Étape").fill(title)
        steps.get_by_label("À faire avant le").fill(today)
        htmx(page, axe, "#c-action_plan", "Ajouter cette étape", "/etapes/")
    expect(page.locator(".progress-line")).to_have_text("Critères remplis : 5 sur 6")

    # Two professionals are asked for a meeting.
    for pro in pros:
        visit(page, axe, "/reseau/?code=K2111")
        page.get_by_role("link", name=f"Demander une rencontre avec {pro.public_name}").click()
        axe.check(page)
        page.get_by_label("Votre demande").fill("Bonjour, pouvons-nous parler de votre métier ?")
        submit(page, axe, "Envoyer ma demande")
        expect(page.locator(".messages")).to_contain_text("a reçu votre demande")

    # Each professional accepts, in their own browser.
    context, pro_page, pro_axe = other_browser(browser, live_server, {"width": 1280, "height": 900})
    try:
        for pro in pros:
            login(pro_page, pro_axe, pro.user.email, PASSWORD)
            expect(pro_page.get_by_role("heading", level=1)).to_have_text("Mon espace professionnel")
            pro_page.get_by_role("link", name=f"{person.first_name} · Formateur / Formatrice").click()
            pro_axe.check(pro_page)
            expect(pro_page.locator("main")).not_to_contain_text(person.last_name)
            submit(pro_page, pro_axe, "Accepter la rencontre")
            pro_page.get_by_label("Votre message").fill("Avec plaisir, jeudi 18 h en visio ?")
            submit(pro_page, pro_axe, "Envoyer le message")
            submit(pro_page, pro_axe, "Se déconnecter")

        # The person debriefs both meetings: they become field evidence.
        for meeting in Meeting.objects.order_by("pk"):
            visit(page, axe, f"/reseau/rencontres/{meeting.pk}/")
            expect(page.locator("#message")).to_contain_text("Avec plaisir, jeudi 18 h en visio ?")
            page.get_by_label("Date de la rencontre").fill(today)
            page.get_by_label("Ce que vous avez appris").fill("Le métier demande de la patience.")
            page.get_by_label("Elle confirme mon projet").check()
            submit(page, axe, "Enregistrer mon compte rendu")
        visit(page, axe, f"/projet/{project.pk}/")
        expect(page.locator(".progress-line")).to_have_text("Critères remplis : 6 sur 6")
        submit(page, axe, "Demander la validation")
        expect(page.locator(".messages")).to_contain_text("Votre projet est envoyé")

        # The coach asks for changes, in the second browser.
        login(pro_page, pro_axe, coach.email, PASSWORD)
        visit(pro_page, pro_axe, "/projet/")
        pro_page.get_by_role("link", name="Formateur / Formatrice").click()
        pro_axe.check(pro_page)
        pro_page.get_by_label("Votre commentaire").fill("Précisez l'organisme de formation.")
        submit(pro_page, pro_axe, "Demander des modifications")

        visit(page, axe, f"/projet/{project.pk}/")
        expect(page.locator(".alert")).to_contain_text("Précisez l'organisme de formation.")
        page.locator("#c-funding").get_by_label("La formation choisie").fill("Titre professionnel FPA, AFPA de Caen")
        htmx(page, axe, "#c-funding", "Enregistrer la formation et le financement", "/financement/")
        submit(page, axe, "Demander la validation")

        visit(pro_page, pro_axe, f"/projet/{project.pk}/")
        submit(pro_page, pro_axe, "Valider le projet")
        expect(pro_page.locator(".messages")).to_contain_text("Le projet est validé.")
        project.refresh_from_db()
        assert project.state == ProjectState.VALIDATED

        # The synthesis: drafted by the coach, sent, commented, made final.
        visit(pro_page, pro_axe, f"/projet/bilan/{enrolment.pk}/")
        pro_page.get_by_role("link", name="Rédiger la synthèse").click()
        pro_axe.check(pro_page)
        expect(pro_page.get_by_label("Le projet et ses principales étapes")).to_contain_text("Formateur / Formatrice")
        submit(pro_page, pro_axe, "Enregistrer une nouvelle version")
        submit(pro_page, pro_axe, "Envoyer à la personne pour ses commentaires")

        visit(page, axe, f"/projet/bilan/{enrolment.pk}/synthese/")
        expect(page.locator(".synthesis-doc")).to_contain_text("Titre professionnel FPA, AFPA de Caen")
        page.get_by_label("Votre commentaire").fill("Pouvez-vous ajouter mon expérience de tutrice ?")
        submit(page, axe, "Envoyer mon commentaire")

        visit(pro_page, pro_axe, f"/projet/bilan/{enrolment.pk}/synthese/")
        expect(pro_page.locator("#comments")).to_contain_text("mon expérience de tutrice")
        submit(pro_page, pro_axe, "Rendre la synthèse définitive")
        pro_axe.check_pending(pro_page)
    finally:
        context.close()
    pro_axe.assert_clean()

    # The person downloads the PDF, confirms receipt and shares it by a link.
    visit(page, axe, f"/projet/bilan/{enrolment.pk}/synthese/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert person.get_full_name() in pdftext.text(data)
    submit(page, axe, "Je confirme avoir reçu ma synthèse")
    page.get_by_label("Pour qui ?").fill("Mme Dupont, conseillère CEP")
    page.get_by_label("Valable pendant").select_option("7")
    submit(page, axe, "Créer le lien")
    link = page.get_by_label("Le lien").input_value()
    assert "/projet/partage/" in link

    # An anonymous visitor opens the link, in a third browser.
    context, anon_page, anon_axe = other_browser(browser, live_server, {"width": 360, "height": 740})
    try:
        response = visit(anon_page, anon_axe, link)
        assert response.status == 200
        expect(anon_page.get_by_role("heading", level=1)).to_have_text("Document de synthèse du bilan de compétences")
        expect(anon_page.locator(".synthesis-doc")).to_contain_text(person.get_full_name())
        assert Opening.objects.filter(via="link").count() == 1

        # The person sees the opening, then revokes the link: it is gone.
        visit(page, axe, f"/projet/bilan/{enrolment.pk}/")
        expect(page.locator("#openings")).to_contain_text("par le lien « Mme Dupont, conseillère CEP »")
        visit(page, axe, f"/projet/bilan/{enrolment.pk}/synthese/")
        submit(page, axe, "Retirer ce lien")
        expect(page.locator(".messages")).to_contain_text("ne fonctionne plus")

        response = visit(anon_page, anon_axe, link)
        assert response.status == 410
        expect(anon_page.get_by_role("heading", level=1)).to_have_text("Ce lien ne fonctionne plus")
        anon_axe.check_pending(anon_page)
    finally:
        context.close()
    anon_axe.assert_clean()
