"""Run axe-core on every page a browser test loads, and fail on any WCAG 2.1 A or AA violation.

Tests call `axe.check(page)` after each navigation (the `visit` and `submit` helpers do it). The page's load events
are watched: a document that loads and is replaced before it was checked fails the test, so no page slips through.
"""

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class AxeChecker:
    def __init__(self, source: str):
        self.source = source
        self.pending: str | None = None
        self.unchecked: list[str] = []
        self.checked: list[str] = []
        self.violations: list[str] = []
        self.csp_violations: list[str] = []
        self.twins: dict = {}

    def watch(self, page) -> None:
        page.on("load", self._on_load)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def _on_load(self, page) -> None:
        if self.pending is not None:
            self.unchecked.append(self.pending)
        self.pending = page.url

    def add_twin(self, nojs_context, twin_context) -> None:
        """axe-core needs JavaScript (it hangs where JavaScript is disabled). The exact document a page of
        `nojs_context` shows (even the answer to a POST) is served again, at the same address, to a page of
        `twin_context` (JavaScript on, same origin, so the same style sheets load) and checked there."""
        self.twins[nojs_context] = twin_context.new_page()

    def check(self, page) -> None:
        page.wait_for_load_state()
        twin = self.twins.get(page.context)
        if twin is None:
            self._run(page)
            return
        html, url = page.content(), page.url

        def serve_same_document(route):
            route.fulfill(body=html, content_type="text/html; charset=utf-8")

        def same_address(address):
            return address == url

        twin.route(same_address, serve_same_document)
        try:
            twin.goto(url)
        finally:
            twin.unroute(same_address, serve_same_document)
        self._run(twin)
        self.pending = None

    def _run(self, page) -> None:
        if page.evaluate("typeof window.axe") == "undefined":
            # Evaluated through the DevTools protocol, so the page keeps its real Content-Security-Policy.
            page.evaluate(self.source + "\n;undefined")
        result = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
            WCAG_TAGS,
        )
        self.pending = None
        self.checked.append(page.url)
        self.violations.extend(f"{page.url}: {line}" for line in result)

    def check_pending(self, page) -> None:
        if self.pending is not None and page.url != "about:blank":
            self.check(page)

    def assert_clean(self) -> None:
        assert not self.unchecked, f"pages loaded but never checked by axe-core: {self.unchecked}"
        assert not self.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(self.csp_violations)
        assert not self.violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(self.violations)
