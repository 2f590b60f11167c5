"""Helpers shared by the role journeys (tests/e2e/test_role_*.py), the page-weight, keyboard and landmark tests.

- `Browse` visits, submits and clicks, checking every new document with axe-core, with or without JavaScript.
- `Weights` records every response a page receives and gives the transferred size of each page.
- `check_landmarks` reads the accessibility tree: landmarks, one h1, no skipped heading level.
- `screenshot` writes docs/screenshots/<role>-<width>.png.
"""

import gzip
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import login

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREENSHOT_MAX_HEIGHT = 2000
PAGE_BUDGET = 100 * 1024


class Browse:
    """visit/submit/click that check each new document with axe-core (through the JavaScript twin of a
    JavaScript-free page). `javascript` says whether an htmx form swaps a fragment or loads a page."""

    def __init__(self, page, axe, *, javascript=True):
        self.page, self.axe, self.javascript = page, axe, javascript
        page.set_default_timeout(10_000)

    def check(self):
        self.axe.check(self.page)

    def visit(self, path):
        response = self.page.goto(path)
        self.check()
        return response

    def click(self, locator):
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def submit(self, name, scope=None):
        self.click((scope or self.page).get_by_role("button", name=name, exact=True))

    def link(self, name, scope=None):
        self.click((scope or self.page).get_by_role("link", name=name, exact=True).first)

    def login(self, email, password=PASSWORD):
        login(self.page, self.axe, email, password)

    def logout(self):
        self.submit("Se déconnecter")

    def save_entry(self, form):
        """Press a journey form's "Enregistrer": htmx saves in place with JavaScript, a plain POST reloads without."""
        if self.javascript:
            form.get_by_role("button", name="Enregistrer", exact=True).click()
            expect(form.locator(".save-state")).to_have_text(re.compile(r"^Enregistré à \d\d:\d\d\.$"), timeout=10_000)
            self.page.wait_for_function("document.querySelector('.htmx-request') === null")
            self.check()
        else:
            self.click(form.get_by_role("button", name="Enregistrer", exact=True))

    def h1(self):
        return self.page.get_by_role("heading", level=1)


@dataclass
class PageWeight:
    url: str
    bytes: int = 0
    resources: list[tuple[str, int]] = field(default_factory=list)


class Weights:
    """Every response a page receives, grouped by the document it belongs to (a style sheet, script or htmx fragment
    counts for the document its referer names; a redirect for the document it leads to).

    Neither the test server (Django's static files handler) nor the application compresses responses: in
    production nginx gzips them (docs/OPERATIONS.md, `gzip on` and `gzip_static`). A body the server did not compress
    is therefore counted at its gzip-compressed size at level 1 (nginx's default `gzip_comp_level`, the largest result),
    plus the response headers. The browser cache is disabled, so each page is weighed as on a first visit."""

    def __init__(self, page, host):
        self.host = host
        self.pages: list[PageWeight] = []
        self.foreign: list[str] = []
        self.broken: list[str] = []  # a style sheet, script, icon or fragment that failed: a wasted request
        self._redirects: list[tuple[str, int]] = []
        self._early: list[tuple[str, str, int]] = []
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def _on_request(self, request):
        if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != self.host:
            self.foreign.append(f"{request.frame.url} asked {request.url}")

    def _on_response(self, response):
        request = response.request
        if urlsplit(response.url).netloc != self.host:
            return
        size = self._size(response)
        if request.resource_type != "document" and response.status >= 400:
            self.broken.append(f"{response.status} {response.url}")
        if request.resource_type == "document" and request.frame.parent_frame is None:
            if 300 <= response.status < 400:  # a redirect counts for the page it leads to
                self._redirects.append((response.url, size))
                return
            early = [(u, s) for referer, u, s in self._early if referer == response.url]
            self._early = [item for item in self._early if item[0] != response.url]
            self.pages.append(PageWeight(response.url, resources=self._redirects + early))
            self._redirects = []
            self.pages[-1].bytes = sum(s for _u, s in self.pages[-1].resources)
        owner = self.pages[-1] if self.pages else None
        if request.resource_type != "document":
            # Events may arrive out of order: the referer (same-origin policy: the full address) names the page.
            referer = request.all_headers().get("referer")
            owner = next((p for p in reversed(self.pages) if p.url == referer), None)
            if owner is None:  # its document's response event has not arrived yet
                self._early.append((referer, response.url, size))
                return
        if owner is None:
            return
        owner.bytes += size
        owner.resources.append((response.url, size))

    def _size(self, response):
        try:
            headers = response.request.sizes()["responseHeadersSize"]
        except Exception:  # the request was cancelled by a navigation: its headers still arrived
            headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items())
        if response.status in (204, 301, 302, 303, 304, 307, 308) or response.request.method == "HEAD":
            return headers
        if response.headers.get("content-encoding"):
            return headers + response.request.sizes()["responseBodySize"]
        try:
            body = response.body()
        except Exception:  # a download (the PDF): its body is not kept by the page
            return headers + int(response.headers.get("content-length", 0))
        return headers + len(gzip.compress(body, compresslevel=1))

    def assert_light(self, budget=PAGE_BUDGET):
        assert not self._early, f"responses whose page never loaded: {self._early}"
        heavy = [
            f"{p.url}: {p.bytes / 1024:.1f} KB ({', '.join(f'{u} {s / 1024:.1f} KB' for u, s in p.resources)})"
            for p in self.pages
            if p.bytes > budget and not p.url.endswith((".pdf", "/pdf/"))
        ]
        assert not heavy, f"pages over {budget // 1024} KB transferred:\n" + "\n".join(heavy)
        assert not self.foreign, "requests to another host than the test server:\n" + "\n".join(self.foreign)
        assert not self.broken, "resources that failed (each a wasted request):\n" + "\n".join(self.broken)

    def largest(self):
        pages = [p for p in self.pages if not p.url.endswith((".pdf", "/pdf/"))]
        return max(pages, key=lambda p: p.bytes)


def heading_levels(snapshot: str) -> list[int]:
    return [int(level) for level in re.findall(r"- '?heading\b.*\[level=(\d)\]", snapshot)]


def tree_problems(snapshot: str) -> list[str]:
    """What a screen-reader user would miss in this accessibility tree (Playwright's aria snapshot): a banner,
    navigation, main or contentinfo landmark; exactly one h1, first; heading levels that never skip one."""
    problems = [
        f"no {landmark} landmark"
        for landmark in ("banner", "navigation", "main", "contentinfo")
        if not re.search(rf"^\s*- '?{landmark}\b", snapshot, re.MULTILINE)
    ]
    levels = heading_levels(snapshot)
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 (headings: {levels})")
    elif levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not the h1 (headings: {levels})")
    problems += [
        f"heading h{before} followed by h{after} (headings: {levels})"
        for before, after in itertools.pairwise(levels)
        if after > before + 1
    ]
    return problems


DUPLICATE_IDS = "[...document.querySelectorAll('[id]')].map(e => e.id).filter((id, i, all) => all.indexOf(id) !== i)"


def check_landmarks(page) -> str:
    """The page's accessibility tree passes `tree_problems`, and no two elements share an id (a label or
    aria-describedby would then name the wrong field). Returns the snapshot."""
    snapshot = page.locator("body").aria_snapshot()
    problems = tree_problems(snapshot)
    duplicates = page.evaluate(DUPLICATE_IDS)
    if duplicates:
        problems.append(f"ids used twice: {sorted(set(duplicates))}")
    assert not problems, f"{page.url}: " + "; ".join(problems)
    return snapshot


def same_names(seed):
    """Seed the factories' fake names, so a screenshot shows the same people at every run."""
    import factory.random

    factory.random.reseed_random(seed)


def screenshot(page, role, width):
    """Save the page as docs/screenshots/<role>-<width>.png (full page, at most 2000 px high)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = min(page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_MAX_HEIGHT)
    page.screenshot(
        path=SCREENSHOTS / f"{role}-{width}.png",
        full_page=True,
        clip={"x": 0, "y": 0, "width": size["width"], "height": height},
        animations="disabled",
        caret="hide",
    )
