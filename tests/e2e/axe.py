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

    def check(self, page) -> None:
        page.wait_for_load_state()
        if page.evaluate("typeof window.axe") == "undefined":
            # Evaluated through the DevTools protocol: the page keeps its real Content-Security-Policy, and this
            # works with JavaScript disabled too.
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
