"""Browser tests: Playwright for Python driving Debian's Chromium, with axe-core run on every page visited.

Nothing is skipped: a missing Chromium or axe-core fails the run and names what to install.
"""

import os
from pathlib import Path

import pytest

from tests.e2e.axe import AxeChecker

CHROMIUM = os.environ.get("OPENBILAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", pytrace=False)
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make install does it)", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls of the tests stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def axe():
    return AxeChecker(AXE_JS.read_text(encoding="utf-8"))


def _new_page(browser, live_server, axe, viewport, java_script_enabled=True):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="fr-FR",
        java_script_enabled=java_script_enabled,
    )
    page = context.new_page()
    axe.watch(page)
    return context, page


@pytest.fixture
def page(browser, live_server, axe, transactional_db):
    """A mobile-sized page (360 px wide); every page it loads is checked by axe-core."""
    context, page = _new_page(browser, live_server, axe, {"width": 360, "height": 740})
    yield page
    try:
        axe.check_pending(page)
    finally:
        context.close()
    axe.assert_clean()


@pytest.fixture
def desktop_page(browser, live_server, axe, transactional_db):
    context, page = _new_page(browser, live_server, axe, {"width": 1280, "height": 900})
    yield page
    try:
        axe.check_pending(page)
    finally:
        context.close()
    axe.assert_clean()


@pytest.fixture
def nojs_page(browser, live_server, axe, transactional_db):
    """A mobile-sized page with JavaScript disabled. `axe.check(nojs_page)` checks each page in a JavaScript-enabled
    twin that shares its cookies (axe-core cannot run without JavaScript)."""
    context, page = _new_page(browser, live_server, axe, {"width": 360, "height": 740}, java_script_enabled=False)
    twin_context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="fr-FR")
    axe.add_twin(context, twin_context)
    yield page
    try:
        axe.check_pending(page)
    finally:
        context.close()
        twin_context.close()
    axe.assert_clean()


def visit(page, axe, path):
    """Open a page and check it with axe-core."""
    response = page.goto(path)
    axe.check(page)
    return response


def submit(page, axe, button_name):
    """Click a submit button, wait for the next document, and check it with axe-core."""
    with page.expect_navigation():
        page.get_by_role("button", name=button_name).click()
    axe.check(page)


def login(page, axe, email, password):
    visit(page, axe, "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    submit(page, axe, "Se connecter")
    if "/compte/double-authentification/" in page.url:
        # Staff with two-factor enforced (tests marked two_factor): type the code their authenticator app shows.
        from openbilan.accounts import selectors as accounts
        from openbilan.accounts import services as account_services
        from openbilan.accounts.models import User
        from tests.accounts.factories import totp_token

        user = User.objects.get(email__iexact=email)
        device = accounts.confirmed_device(user) or account_services.pending_device(user)
        page.get_by_label("Code à 6 chiffres de votre application").fill(totp_token(device))
        submit(page, axe, "Vérifier")


WIDTHS = {"mobile": "page", "desktop": "desktop_page"}


@pytest.fixture(params=list(WIDTHS))
def width(request):
    """ "mobile" (360 px), then "desktop" (1280 px): a test that asks for `sized_page` runs once at each width."""
    return request.param


@pytest.fixture
def sized_page(request, width, live_server, transactional_db):
    """The `page` (360 px) or the `desktop_page` (1280 px), following `width`; axe-core checks every page."""
    return request.getfixturevalue(WIDTHS[width])


@pytest.fixture(autouse=True)
def _links_on_the_live_server(request, settings):
    """Links built for outside the site (e-mails, a shared synthesis) use settings.SITE_URL, the public
    address: in a browser test it is the live server's, as `make run` makes it the address it serves."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
