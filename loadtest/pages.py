"""What the simulated clients read in the pages they receive (plain Python: no Django, no locust), shared by the
locustfile and its tests."""

import re

PAGE_URL = re.compile(r"/questionnaires/passation/(\d+)/page/(\d+)/$")
PAGE_OF = re.compile(r"Page (\d+) (?:sur|of) (\d+)")
NEEDS_VERSION = re.compile(r'name="needs-version" value="(\d+)"')
RADIO = re.compile(r"<input\b[^>]*\btype=\"radio\"[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
CHECKED = re.compile(r"\schecked\b")


def radios(html: str) -> tuple[list[str], dict[str, int]]:
    """The question ids of a questionnaire page in order, and the answers already checked."""
    items: list[str] = []
    checked: dict[str, int] = {}
    for tag in RADIO.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        name = attributes.get("name")
        if not name:
            continue
        if name not in items:
            items.append(name)
        if CHECKED.search(tag):
            checked[name] = int(attributes["value"])
    return items, checked


def page_position(html: str) -> tuple[int, int] | None:
    """(page, pages) from "Page 2 sur 6"."""
    match = PAGE_OF.search(html)
    return (int(match.group(1)), int(match.group(2))) if match else None


def attempt_page(path: str) -> tuple[int, int] | None:
    """(attempt id, page) from a questionnaire page's URL."""
    match = PAGE_URL.search(path)
    return (int(match.group(1)), int(match.group(2))) if match else None


def needs_version(html: str) -> int | None:
    match = NEEDS_VERSION.search(html)
    return int(match.group(1)) if match else None


def totp(hex_key: str, at: float, *, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows at `at` (RFC 6238, HMAC-SHA1): what a coach types after the password."""
    import hashlib
    import hmac
    import struct

    counter = int(at // step)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
