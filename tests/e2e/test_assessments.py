"""A person answers the whole RIASEC questionnaire in a browser, reloads halfway, and finds every answer kept; the
same without JavaScript. axe-core checks every page."""

import re

from playwright.sync_api import expect

from openbilan.assessments.models import Answer, Attempt
from tests.accounts.factories import PASSWORD
from tests.assessments.factories import load_instruments, riasec_answers
from tests.programmes.factories import EnrolmentFactory

ANSWERS = riasec_answers()  # a Social-Artistic-Enterprising profile
ORDER = [f"{letter}{n}" for n in range(1, 9) for letter in "RIASEC"]  # the presentation order, six per page


def page_items(number):
    return ORDER[(number - 1) * 6 : number * 6]


def choose(page, items):
    for item in items:
        page.locator(f'input[name="{item}"][value="{ANSWERS[item]}"]').check()


def wait_for_htmx(page):
    """Let htmx finish saving before the page is submitted or reloaded (the test database is in-memory SQLite,
    where two writers at the same instant fail instead of waiting as they do on PostgreSQL or SQLite with WAL)."""
    expect(page.locator(".htmx-request")).to_have_count(0)


def expect_checked(page, items):
    for item in items:
        expect(page.locator(f'input[name="{item}"][value="{ANSWERS[item]}"]')).to_be_checked()


class Browse:
    """visit/submit that check each page with axe (through the JavaScript twin on a JavaScript-free page)."""

    def __init__(self, page, axe, javascript=True):
        self.page, self.axe, self.javascript = page, axe, javascript

    def check(self):
        self.axe.check(self.page)

    def visit(self, path):
        self.page.goto(path)
        self.check()

    def submit(self, name):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name).click()
        self.check()

    def click(self, locator):
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def login(self, email):
        self.visit("/compte/connexion/")
        self.page.get_by_label("Adresse e-mail").fill(email)
        self.page.get_by_label("Mot de passe").fill(PASSWORD)
        self.submit("Se connecter")


def start(browse, instrument_name):
    person = EnrolmentFactory().beneficiary
    load_instruments()
    browse.login(person.email)
    browse.visit("/questionnaires/")
    expect(browse.page.get_by_role("heading", level=1)).to_have_text("Mes questionnaires")
    card = browse.page.get_by_role("listitem").filter(has_text=instrument_name)
    browse.click(card.get_by_role("button", name="Commencer"))
    return person


def start_riasec(browse):
    person = start(browse, "Centres d'intérêt (RIASEC)")
    expect(browse.page).to_have_url(re.compile(r"/questionnaires/passation/\d+/page/1/$"))
    return person


def finish_and_read_results(browse, person, first_page):
    page = browse.page
    for number in range(first_page, 9):
        choose(page, page_items(number))
        if browse.javascript:
            wait_for_htmx(page)
        browse.submit("Voir mes résultats" if number == 8 else "Page suivante")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos résultats : Centres d'intérêt (RIASEC)")
    expect(page.get_by_role("heading", name="Votre code : SAE")).to_be_visible()
    expect(page.get_by_role("img", name="Vos scores sur 100, avec la marge d'erreur")).to_be_visible()
    attempt = Attempt.objects.get(user=person)
    assert attempt.is_finished and dict(attempt.answers.values_list("item_id", "value")) == ANSWERS


def test_answering_with_javascript_saves_each_answer_and_survives_a_reload(page, axe):
    browse = Browse(page, axe)
    person = start_riasec(browse)
    for number in range(1, 5):
        choose(page, page_items(number))
        expect(page.locator("#progress-label")).to_have_text(f"{number * 6} réponses enregistrées sur 48")
        wait_for_htmx(page)
        browse.submit("Page suivante")
    # halfway, on page 5: three answers saved by htmx only, no button pressed
    choose(page, page_items(5)[:3])
    expect(page.get_by_role("status").filter(has_text="Réponse enregistrée.")).to_be_visible()
    expect(page.locator("#progress-label")).to_have_text("27 réponses enregistrées sur 48")
    wait_for_htmx(page)
    page.reload()
    browse.check()
    expect_checked(page, page_items(5)[:3])
    assert Answer.objects.filter(attempt__user=person).count() == 27
    # closing and coming back resumes at the first unanswered question, and earlier pages are intact
    browse.visit("/questionnaires/")
    browse.click(page.get_by_role("link", name="Reprendre", exact=True))
    expect(page.get_by_text("Page 5 sur 8")).to_be_visible()
    browse.submit("Page précédente")
    expect_checked(page, page_items(4))
    browse.submit("Page suivante")
    finish_and_read_results(browse, person, first_page=5)


def test_answering_without_javascript_gives_the_same_result(nojs_page, axe):
    browse = Browse(nojs_page, axe, javascript=False)
    person = start_riasec(browse)
    for number in range(1, 5):
        choose(nojs_page, page_items(number))
        browse.submit("Page suivante")
    nojs_page.reload()
    browse.check()
    expect(nojs_page.get_by_text("Page 5 sur 8")).to_be_visible()
    expect(nojs_page.locator("#progress-label")).to_have_text("24 réponses enregistrées sur 48")
    browse.submit("Page précédente")
    expect_checked(nojs_page, page_items(4))
    browse.submit("Page suivante")
    finish_and_read_results(browse, person, first_page=5)


def test_an_incomplete_page_points_to_the_missing_question(page, axe):
    browse = Browse(page, axe)
    start_riasec(browse)
    choose(page, page_items(1)[:5])
    browse.submit("Page suivante")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Votre page n'est pas complète")
    expect(alert.get_by_role("link", name="Question 6")).to_be_visible()


def test_work_values_card_sort_with_javascript(page, axe):
    browse = Browse(page, axe)
    person = start(browse, "Ce qui compte pour vous au travail")
    second = page.locator(".value-name").nth(1).inner_text()
    page.get_by_role("button", name=f"Monter « {second} »").click()
    expect(page.get_by_role("status")).to_contain_text(f"« {second} » est maintenant en position 1 sur 6")
    expect(page.locator(".value-name").first).to_have_text(second)
    axe.check(page)
    browse.submit("Valider mon classement")
    expect(page.get_by_role("heading", name="Votre classement")).to_be_visible()
    assert Attempt.objects.get(user=person).result["order"][0] == _slug_of(second)


def test_work_values_card_sort_without_javascript(nojs_page, axe):
    browse = Browse(nojs_page, axe, javascript=False)
    person = start(browse, "Ce qui compte pour vous au travail")
    last = nojs_page.locator(".value-name").last.inner_text()
    browse.click(nojs_page.get_by_role("button", name=f"Monter « {last} »"))
    expect(nojs_page.get_by_role("status")).to_contain_text(f"« {last} » est maintenant en position 5 sur 6")
    browse.submit("Valider mon classement")
    expect(nojs_page.get_by_role("heading", name="Votre classement")).to_be_visible()
    assert Attempt.objects.get(user=person).result["order"][4] == _slug_of(last)


def _slug_of(name):
    from openbilan.assessments.definitions import shipped_instrument

    return next(item.id for item in shipped_instrument("work-values").items if item.text("fr") == name)
