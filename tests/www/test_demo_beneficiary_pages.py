"""Issue 19, acceptance over the demo: no beneficiary page shows a numeric skill code, an English O*NET title or code,
or a zero-width error band ("de 100 à 100").

The demo beneficiary (Stéphanie) is loaded over the small real referential (ROME, O*NET and ESCO extracts of
tests/referential/fixtures/mini); her pages are found by following the links of her home page, as in the browser
crawl (tests/e2e/test_crawl.py), with a plain Django client."""

import html
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from openbilan.demo import load_demo
from openbilan.referential import services as referential
from openbilan.referential.models import Skill
from tests.referential.conftest import FIXTURE_DIR

PER_NAME = 30  # every suggestion and occupation page of the small referential, a few of every other kind
SKIPPED = {"privacy:download", "projects:synthesis_pdf", "coaching:appointment_ics", "coaching:attachment"}
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)')
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)
ONET_CODE = re.compile(r"\b\d\d-\d{4}\.\d\d\b")
ZERO_WIDTH = re.compile(r"\bde (\d+) à (\d+)\b")


def onet_titles() -> set[str]:
    lines = (FIXTURE_DIR / "onet" / "Occupation_Data.txt").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t")[1] for line in lines if "\t" in line}


def text_of(content: bytes) -> str:
    return html.unescape(TAGS.sub(" ", content.decode()))


def beneficiary_pages(client, start="/mon-bilan/"):
    """Every page reached from the home page by links: (path, text of the page)."""
    queue, seen, per_name = deque([start]), set(), Counter()
    while queue:
        path = queue.popleft()
        try:
            name = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if path in seen or name in SKIPPED or name.startswith("admin:") or per_name[name] >= PER_NAME:
            continue
        seen.add(path)
        per_name[name] += 1
        response = client.get(path)
        if response.status_code in (301, 302):  # a journey activity leads to its tool's page
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        content = response.content
        yield path, text_of(content)
        queue.extend(html.unescape(href) for href in LINK.findall(content.decode()))


@pytest.mark.django_db
def test_no_skill_code_no_english_title_no_zero_width_band_on_any_beneficiary_page(client):
    referential.import_referential(directory=FIXTURE_DIR)
    context = load_demo()
    client.force_login(context.users["beneficiary"])
    skill_codes = {str(code) for code in Skill.objects.values_list("code_ogr", flat=True)}
    titles = onet_titles()
    assert skill_codes and titles  # the check would prove nothing over an empty referential
    skill_labels = set(Skill.objects.values_list("label", flat=True))
    problems, visited, bands, skills_named = [], [], 0, 0
    for path, text in beneficiary_pages(client):
        visited.append(path)
        bands += len(ZERO_WIDTH.findall(text))
        skills_named += any(label in text for label in skill_labels)
        words = set(re.findall(r"\b\d{5,6}\b", text))
        problems += [f"{path}: skill code {code}" for code in sorted(words & skill_codes)]
        problems += [f"{path}: O*NET code {code}" for code in ONET_CODE.findall(text)]
        problems += [f"{path}: English title « {title} »" for title in sorted(titles) if title in text]
        problems += [f"{path}: zero-width band « de {a} à {b} »" for a, b in ZERO_WIDTH.findall(text) if a == b]
    names = {resolve(urlsplit(path).path).view_name for path in visited}
    assert {"assessments:results", "recommendations:detail", "explorer:occupation", "journeys:timeline"} <= names
    assert bands and skills_named  # error bands and skills were shown, so the checks looked at them
    assert problems == []
