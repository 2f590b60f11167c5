"""Keyboard only (Tab, Shift+Tab, Enter, Space and the arrow keys of a radio group; no mouse click): a beneficiary
follows the skip link, signs in, answers a questionnaire page and writes an introspection exercise. Every element that
receives focus shows it (a computed outline or box-shadow), and Tab moves forward in the document's reading order
(Shift+Tab backwards). axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from openbilan.assessments.models import Attempt
from openbilan.journeys.models import DriverEntry
from tests.accounts.factories import PASSWORD
from tests.assessments.factories import RIASEC, answer, load_instruments, riasec_answers, started_attempt
from tests.journeys.factories import started_journey

ANSWERS = riasec_answers()
ORDER = [f"{letter}{n}" for n in range(1, 9) for letter in "RIASEC"]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const all = [...document.querySelectorAll('*')];
  return {
    index: all.indexOf(el),
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute('name') || '',
    id: el.id,
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    inMain: !!el.closest('main'),
  };
}"""


class Keyboard:
    """Presses keys and checks each focus stop: visible, and after (Tab) or before (Shift+Tab) the previous one."""

    def __init__(self, page, axe):
        self.page, self.axe = page, axe
        self.last = None
        self.stops = []

    def focused(self):
        return self.page.evaluate(FOCUSED)

    def press(self, key):
        self.page.keyboard.press(key)
        stop = self.focused()
        if key in ("Tab", "Shift+Tab") and self.last is not None and stop["index"] == self.last["index"]:
            return stop  # Tab between a date's inner fields (day, month, year, time): the browser highlights them
        if key in ("Tab", "Shift+Tab") and stop["tag"] != "body":
            self.stops.append(stop)
            assert stop["outline"] or stop["shadow"], f"{self.page.url}: focus not visible on {stop}"
            if self.last is not None:
                forward = stop["index"] > self.last["index"]
                assert forward == (key == "Tab"), f"{self.page.url}: {key} went from {self.last} to {stop}"
            self.last = stop
        return stop

    def tab_to(self, matches, limit=80, key="Tab"):
        for _ in range(limit):
            stop = self.press(key)
            if matches(stop):
                return stop
        raise AssertionError(f"{self.page.url}: {limit} presses of {key} never reached the element")

    def navigate(self, key):
        """A key that loads another page (Enter on a link or a submit button)."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.axe.check(self.page)
        self.last = None

    def skip_to_main(self):
        stop = self.press("Tab")
        assert stop["text"] == "Aller au contenu", f"the first Tab stop is {stop}"
        self.page.keyboard.press("Enter")
        assert self.page.evaluate("document.activeElement.id") == "main"
        self.last = self.focused()


def by_name(name):
    return lambda stop: stop["name"] == name


def by_text(text):
    return lambda stop: stop["text"] == text


def test_a_beneficiary_signs_in_answers_and_writes_with_the_keyboard_only(page, axe):
    load_instruments()
    journey = started_journey(phase="investigation")
    person = journey.enrolment.beneficiary
    attempt = started_attempt(person, RIASEC)
    answer(attempt, {item: ANSWERS[item] for item in ORDER[:42]})
    keys = Keyboard(page, axe)

    # Sign in: the e-mail field has the focus when the page opens.
    page.goto("/compte/connexion/")
    axe.check(page)
    keys.last = keys.focused()
    assert keys.last["name"] == "username" and keys.last["outline"], keys.last
    page.keyboard.type(person.email)
    keys.tab_to(by_name("password"))
    page.keyboard.type(PASSWORD)
    keys.press("Shift+Tab")  # back to the e-mail field, then forward again
    keys.tab_to(by_text("Se connecter"))
    keys.navigate("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")

    # The last page of the questionnaire: Tab into each question, Space picks the first answer, the arrows move it.
    page.goto(f"/questionnaires/passation/{attempt.pk}/page/8/")
    axe.check(page)
    keys.skip_to_main()
    for item in ORDER[42:]:
        keys.tab_to(by_name(item))
        page.keyboard.press("Space")
        for _ in range(ANSWERS[item] - 1):
            page.keyboard.press("ArrowRight")
        expect(page.locator(f'input[name="{item}"][value="{ANSWERS[item]}"]')).to_be_checked()
        expect(page.locator(f'input[name="{item}"][value="{ANSWERS[item]}"]')).to_be_focused()
    expect(page.locator("#progress-label")).to_have_text("48 réponses enregistrées sur 48")
    page.wait_for_function("document.querySelector('.htmx-request') === null")
    keys.navigate("Enter")  # in a question, Enter sends the page forward (its first button is "Page précédente")
    expect(page.get_by_role("heading", name="Votre code : SAE")).to_be_visible()
    assert Attempt.objects.get(pk=attempt.pk).is_finished

    # An introspection exercise: a text written, saved with the form's button, the exercise marked done.
    page.goto(f"/parcours/{journey.enrolment.pk}/moteurs-et-freins/")
    axe.check(page)
    keys.skip_to_main()
    hurry = page.locator("form#hurry_up")
    examples = hurry.get_by_label("Mes exemples")
    field_name = examples.get_attribute("name")
    keys.tab_to(by_name(field_name))
    page.keyboard.type("Je fais toujours trois choses à la fois.")
    keys.tab_to(lambda stop: stop["text"] == "Enregistrer")
    page.keyboard.press("Enter")
    expect(hurry.locator(".save-state")).to_have_text(re.compile(r"^Enregistré à \d\d:\d\d\.$"), timeout=10_000)
    page.wait_for_function("document.querySelector('.htmx-request') === null")
    axe.check(page)
    keys.tab_to(by_text("J'ai terminé cet exercice"), limit=120)
    keys.navigate("Space")
    expect(page.locator(".message-success, .done-note").first).to_be_visible()
    assert DriverEntry.objects.get(journey=journey, driver="hurry_up").examples.startswith("Je fais toujours")
    assert len(keys.stops) > 20


@pytest.mark.two_factor
def test_a_coach_signs_in_with_the_second_factor_and_writes_to_a_person_with_the_keyboard_only(page, axe):
    from openbilan.accounts import selectors as accounts
    from openbilan.coaching.models import CoachNote, Message
    from tests.accounts.factories import totp_device, totp_token
    from tests.coaching.factories import followed

    enrolment = followed()
    person, coach = enrolment.beneficiary, enrolment.coach
    totp_device(coach)
    keys = Keyboard(page, axe)

    page.goto("/compte/connexion/")
    axe.check(page)
    keys.last = keys.focused()
    page.keyboard.type(coach.email)
    keys.tab_to(by_name("password"))
    page.keyboard.type(PASSWORD)
    keys.tab_to(by_text("Se connecter"))
    keys.navigate("Enter")
    assert "/compte/double-authentification/" in page.url
    keys.last = keys.focused()
    if keys.last["name"] != "token":
        keys.tab_to(by_name("token"))
    page.keyboard.type(totp_token(accounts.confirmed_device(coach)))
    keys.tab_to(by_text("Vérifier"))
    keys.navigate("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes bénéficiaires")

    # From the caseload to the person's screen: Tab to their name, Enter follows the link.
    keys.skip_to_main()
    keys.tab_to(by_text(person.get_full_name()))
    keys.navigate("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(person.get_full_name())

    # A message: Tab into the message box, type, Tab to the button, Enter sends it.
    keys.skip_to_main()
    box = page.locator("#messages").get_by_label("Votre message")
    keys.tab_to(lambda stop: stop["id"] == box.get_attribute("id"), limit=150)
    page.keyboard.type("Bonjour, à jeudi.")
    keys.tab_to(by_text("Envoyer le message"))
    keys.navigate("Enter")
    assert Message.objects.get(enrolment=enrolment).body == "Bonjour, à jeudi."

    # A private note, the same way (the page came back at its messages section, where Tab goes on from).
    note = page.locator("#notes").get_by_label("Nouvelle note")
    keys.tab_to(lambda stop: stop["id"] == note.get_attribute("id"), limit=200)
    page.keyboard.type("Appel prévu.")
    keys.tab_to(by_text("Enregistrer la note"))
    keys.navigate("Enter")
    assert CoachNote.objects.get(enrolment=enrolment).body == "Appel prévu."
