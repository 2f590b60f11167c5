"""Issue 19, acceptance: from each role's home, over the demo, a browser that only follows links (same-origin
<a href>, GET only, no downloads) reaches every page that role uses, and no page is wider than a 360 px screen.

Each page visited is resolved to its URL name; a name of the role's list never reached fails (a dead end: a page
with no link to it), so does a link that answers an error. A URL name is visited at most `PER_NAME` times (the
explorer alone has thousands of occupations), except the journey's activities, each visited. axe-core checks
every page visited, and each weighs at most 100 KB transferred (tests/e2e/walk.py, `Weights`)."""

from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from openbilan.demo import DEMO_PASSWORD, load_demo
from tests.e2e.walk import Browse, Weights
from tests.privacy.test_permission_matrix import MATRIX
from tests.privacy.world import ROLES
from tests.recommendations.factories import referential

pytestmark = pytest.mark.two_factor

WIDTH = 360
PER_NAME = 2
# Pages of one kind that each lead somewhere else (every journey activity links to its own tool): all visited.
EVERY_ONE = {"journeys:activity"}
# Files, not pages: followed by no one (a browser downloads them); their answer is tested in each domain.
DOWNLOADS = {
    "coaching:appointment_ics",
    "coaching:attachment",
    "privacy:download",
    "projects:synthesis_pdf",
    "projects:shared_pdf",
    "programmes:cohort_template",
    "programmes:cohort_export",
    "reporting:report_pdf",
    "reporting:report_json",
    "reporting:summary_pdf",
    "reporting:export_csv",
    "reporting:export_tidy",
    "reporting:export_xlsx",
    "api:schema",
}
# The partner API's documentation is drawn by ReDoc, outside the layout, for developers: its sidebar asks for a logo
# at cdn.redoc.ly that the page's Content-Security-Policy blocks on purpose (tests/api covers the page).
OUTSIDE_THE_LAYOUT = {"api:docs"}
# Pages of the role reached only through a form (POST then redirect), not a link: the crawl does not submit forms.
SHARED = {"www:legal_notice", "www:privacy_policy", "www:accessibility", "privacy:index", "quality:my_complaints"}

# The pages each role uses (URL names), reached from their home by links only.
PAGES = {
    "beneficiary": SHARED
    | {
        "www:beneficiary_home",
        "journeys:journey",
        "journeys:status",
        "journeys:preferences",
        "journeys:self_assessment",
        "journeys:needs",
        "journeys:timeline",
        "journeys:drivers",
        "journeys:beliefs",
        "journeys:aspirations",
        "assessments:list",
        "assessments:results",
        "recommendations:list",
        "recommendations:detail",
        "recommendations:shortlist",
        "recommendations:why_not",
        "recommendations:profile",
        "recommendations:training",
        "explorer:index",
        "explorer:occupation",
        "coaching:person_thread",
        "coaching:appointments",
        "network:index",
        "network:meeting",
        "projects:bilan",
        "projects:project",
        "projects:synthesis",
        "territory:place",
        "programmes:disability",
        "quality:my_accommodations",
    },
    "coach": SHARED
    | {
        "www:coach_home",
        "coaching:person",
        "coaching:coach_thread",
        "coaching:messages",
        "coaching:appointments",
        "projects:index",
        "projects:bilan",
        "projects:project",
        "projects:synthesis",
        "journeys:journey",
        "assessments:person",
        "recommendations:person",
        "recommendations:person_detail",
        "quality:accommodations",
    },
    "operator_admin": SHARED
    | {
        "www:operator_home",
        "programmes:list",
        "programmes:detail",
        "programmes:edit",
        "programmes:create",
        "programmes:funder_create",
        "programmes:cohort_upload",
        "programmes:duplicates",
        "coaching:assignments",
        "coaching:assignment_detail",
        "journeys:templates",
        "journeys:template",
        "network:admin",
        "partners:index",
        "quality:manage",
        "quality:settings",
        "quality:complaints",
        "quality:offer_edit",
        "quality:accommodations",
        "reporting:index",
        "reporting:dashboard",
        "reporting:report",
        "reporting:summary",
    },
    "funder_viewer": SHARED
    | {"www:funder_home", "reporting:index", "reporting:dashboard", "reporting:report", "reporting:summary"},
    "prescriber": SHARED | {"www:prescriber_home", "programmes:referral_create", "reporting:referrals"},
    "professional": SHARED | {"network:professional_home", "network:profile", "network:meeting"},
}
DEMO_USER = {
    "beneficiary": "beneficiary",
    "coach": "coach",
    "operator_admin": "admin",
    "funder_viewer": "funder",
    "prescriber": "prescriber",
    "professional": "professional",
}
LINKS = "() => [...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.href)"
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_every_listed_page_is_one_the_role_may_open():
    for role, names in PAGES.items():
        column = ROLES.index(role)
        refused = [n for n in names if isinstance(MATRIX[n], tuple) or MATRIX[n][column] != "O"]
        assert refused == [], f"{role}: the permission matrix refuses {refused}"


def _name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(browse, page, origin):
    """Follow every same-origin link from the current page, breadth first. Returns the names reached, the pages
    wider than the screen, and the links that answered an error (each with the page that showed it)."""
    queue = deque([(page.url, None)])
    visited, per_name = set(), Counter()
    overflow, broken = [], []
    while queue:
        url, referrer = queue.popleft()
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        name = _name(parts.path)
        if path in visited or name is None or name in DOWNLOADS | OUTSIDE_THE_LAYOUT or name.startswith("admin:"):
            continue
        if per_name[name] >= PER_NAME and name not in EVERY_ONE:
            continue
        visited.add(path)
        per_name[name] += 1
        if page.url != url:
            response = browse.visit(path)
            if response is None or response.status >= 400:
                broken.append(f"{path} ({response and response.status}) linked from {referrer}")
                continue
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > page.evaluate("window.innerWidth"):
            overflow.append(f"{path}: {width} px: {page.evaluate(WIDEST)}")
        for href in page.evaluate(LINKS):
            target = urlsplit(href)
            if f"{target.scheme}://{target.netloc}" == origin and "deconnexion" not in target.path:
                queue.append((target._replace(fragment="").geturl(), path))
    return set(per_name), overflow, broken


@pytest.mark.parametrize("role", list(PAGES))
def test_each_role_reaches_every_page_by_links_and_none_overflows(role, page, axe, live_server):
    referential()
    context = load_demo()
    user = context.users[DEMO_USER[role]]
    weights = Weights(page, urlsplit(live_server.url).netloc)
    browse = Browse(page, axe)
    page.set_default_timeout(30_000)  # the programme report computes its tables on a cold cache
    browse.login(user.email, DEMO_PASSWORD)
    reached, overflow, broken = crawl(browse, page, live_server.url)
    unreached = sorted(PAGES[role] - reached)
    problems = [f"link answering an error: {b}" for b in broken] + [f"wider than {WIDTH} px: {o}" for o in overflow]
    problems += [f"not reached by links: {name}" for name in unreached]
    assert problems == [], f"{role} (reached {sorted(reached)}):\n" + "\n".join(problems)
    weights.assert_light()  # every page crawled stays under 100 KB, with no request to another host
