"""A small, independent PDF reader for the tests (no pdftotext, no pypdf in this environment).

It reads what WeasyPrint writes: indirect objects, Flate-compressed streams, object streams (/ObjStm), Type0 fonts
with a ToUnicode CMap, and text shown with Tj / TJ. Enough to check a document's text, its fonts, its tags and that
its charts are vectors; not a general PDF parser.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

OBJ_HEADER = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")


@dataclass
class Pdf:
    objects: dict[int, tuple[bytes, bytes | None]] = field(default_factory=dict)  # number -> (dictionary, stream)

    def streams(self):
        for number, (head, data) in self.objects.items():
            if data is not None:
                yield number, head, data

    def heads(self) -> bytes:
        return b"\n".join(head for head, _data in self.objects.values())


def _dictionary_end(data: bytes, start: int) -> int:
    """The index just after the `>>` that closes the `<<` at `start`."""
    depth, i = 0, start
    while i < len(data):
        pair = data[i : i + 2]
        if pair == b"<<":
            depth += 1
            i += 2
            continue
        if pair == b">>":
            depth -= 1
            i += 2
            if depth == 0:
                return i
            continue
        i += 1
    raise ValueError("unterminated dictionary")


def _decode(head: bytes, raw: bytes) -> bytes:
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def parse(data: bytes) -> Pdf:
    pdf = Pdf()
    position = 0
    while True:
        match = OBJ_HEADER.search(data, position)
        if match is None:
            break
        number, start = int(match.group(1)), match.end()
        body_start = start + len(data[start:]) - len(data[start:].lstrip())
        if data.startswith(b"<<", body_start):
            end = _dictionary_end(data, body_start)
            head = data[body_start:end]
            rest = data[end : end + 20].lstrip()
            if rest.startswith(b"stream"):
                stream_start = data.index(b"stream", end) + len(b"stream")
                stream_start += 2 if data[stream_start : stream_start + 2] == b"\r\n" else 1
                length = int(LENGTH.search(head).group(1))
                raw = data[stream_start : stream_start + length]
                pdf.objects[number] = (head, _decode(head, raw))
                position = stream_start + length
                continue
            pdf.objects[number] = (head, None)
            position = end
        else:
            end = data.index(b"endobj", body_start)
            pdf.objects[number] = (data[body_start:end].strip(), None)
            position = end
    for _number, head, body in list(pdf.streams()):
        if b"/ObjStm" in head:
            _unpack_object_stream(pdf, head, body)
    return pdf


def _unpack_object_stream(pdf: Pdf, head: bytes, body: bytes) -> None:
    count = int(re.search(rb"/N\s+(\d+)", head).group(1))
    first = int(re.search(rb"/First\s+(\d+)", head).group(1))
    numbers = [int(n) for n in body[:first].split()]
    pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))[:count]
    for index, (number, offset) in enumerate(pairs):
        end = first + pairs[index + 1][1] if index + 1 < len(pairs) else len(body)
        pdf.objects.setdefault(number, (body[first + offset : end].strip(), None))


# --- fonts and text ----------------------------------------------------------------------------------------------


def _cmap(body: bytes) -> tuple[int, dict[bytes, str]]:
    """(code width in hex digits, code -> text) from a ToUnicode CMap."""
    space = re.search(rb"begincodespacerange\s*<([0-9a-fA-F]+)>", body)
    width = len(space.group(1)) if space else 4
    mapping: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", body, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[src.lower()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", body, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                key = f"{code:0{len(lo)}x}".encode()
                mapping[key] = bytes.fromhex(f"{start + offset:04x}").decode("utf-16-be")
    return width, mapping


def fonts(pdf: Pdf) -> dict[bytes, tuple[int, dict[bytes, str]]]:
    """Resource name (as content streams use it) -> its ToUnicode map."""
    to_unicode = {}
    for number, (head, _data) in pdf.objects.items():
        match = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", head)
        if b"/Type /Font" in head.replace(b"/Type/Font", b"/Type /Font") and match:
            cmap_body = pdf.objects[int(match.group(1))][1] or b""
            to_unicode[number] = _cmap(cmap_body)
    names = {}
    for head, _data in pdf.objects.values():
        blocks = re.findall(rb"/Font\s*<<(.*?)>>", head, re.S)
        blocks += [pdf.objects.get(int(n), (b"", None))[0] for n in re.findall(rb"/Font\s+(\d+)\s+0\s+R", head)]
        for block in blocks:
            for name, number in re.findall(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+0\s+R", block):
                if int(number) in to_unicode:
                    names[name] = to_unicode[int(number)]
    return names


TOKENS = re.compile(
    rb"/([^\s/<>\[\]()]+)\s+[-\d.]+\s+Tf"  # a font change
    rb"|\[((?:[^\]\\]|\\.)*)\]\s*TJ"  # an array of strings and kerning
    rb"|<([0-9a-fA-F]*)>\s*Tj"  # one hex string
    rb"|\b(ET|T\*|Td|TD)\b"  # a new line (roughly)
)


def _show(hex_string: bytes, font) -> str:
    width, mapping = font
    return "".join(mapping.get(hex_string[i : i + width].lower(), "\ufffd") for i in range(0, len(hex_string), width))


def text(data: bytes) -> str:
    """The text of every content stream, in stream order, one line per text object."""
    pdf = parse(data)
    by_name = fonts(pdf)
    out: list[str] = []
    for _number, _head, body in pdf.streams():
        if b"Tf" not in body:
            continue
        font = None
        for match in TOKENS.finditer(body):
            name, array, single, newline = match.groups()
            if name is not None:
                font = by_name.get(name)
            elif array is not None and font:
                for piece in re.finditer(rb"<([0-9a-fA-F]*)>|(-?[\d.]+)", array):
                    if piece.group(1) is not None:
                        out.append(_show(piece.group(1), font))
                    elif float(piece.group(2)) < -200:
                        out.append(" ")
            elif single is not None and font:
                out.append(_show(single, font))
            elif newline:
                out.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(out))


def embedded_fonts(data: bytes) -> tuple[int, int]:
    """(font descriptors, descriptors with an embedded font file)."""
    heads = [head for head, _data in parse(data).objects.values() if b"/FontDescriptor" in head]
    descriptors = [head for head in heads if re.search(rb"/Type\s*/FontDescriptor", head)]
    embedded = [head for head in descriptors if re.search(rb"/FontFile[23]?\s+\d+\s+0\s+R", head)]
    return len(descriptors), len(embedded)


def has_images(data: bytes) -> bool:
    return any(re.search(rb"/Subtype\s*/Image", head) for head, _data in parse(data).objects.values())


def catalog(data: bytes) -> bytes:
    return next(head for head, _data in parse(data).objects.values() if re.search(rb"/Type\s*/Catalog", head))


def content(data: bytes) -> bytes:
    """Every decompressed stream that draws something, concatenated (to look for vector operators)."""
    return b"\n".join(body for _n, head, body in parse(data).streams() if b"/ObjStm" not in head)
