"""Which attachments a message may carry, decided from the file's content and not only its name.

Pure Python, no Django import. Allowed: PDF, PNG, JPEG, OpenDocument text, Word (docx) and plain text. A file is
accepted when its extension names an allowed type AND its content is that type (magic bytes; the inside of the ZIP
container for odt and docx; decodable text without control characters for txt).
"""

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}
EXTENSIONS = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".odt": "odt",
    ".docx": "docx",
    ".txt": "txt",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
TEXT_SAMPLE = 64 * 1024
_CONTROL = {*range(0, 9), 11, *range(14, 32), 127}


@dataclass(frozen=True)
class Refusal:
    code: str  # "empty", "too_big", "extension", "content", "mismatch"


def extension_kind(name: str) -> str | None:
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot >= 0 else None


def _zip_kind(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100 and archive.read(info).strip() == ODT_MIMETYPE:
                    return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return None
    return None


def _is_text(sample: bytes, complete: bool) -> bool:
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if not complete and error.start >= len(sample) - 3:  # a character cut by the sample's end
            text = sample[: error.start].decode("utf-8", errors="strict")
        else:
            try:
                text = sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return not any(ord(ch) in _CONTROL for ch in text)


def sniff(stream: BinaryIO) -> str | None:
    """The allowed type the content is, or None. The stream is read from its start and left at its start."""
    stream.seek(0)
    head = stream.read(TEXT_SAMPLE + 1)
    stream.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    elif head and _is_text(head[:TEXT_SAMPLE], complete=len(head) <= TEXT_SAMPLE):
        kind = "txt"
    stream.seek(0)
    return kind


def check(name: str, stream: BinaryIO, size: int, max_bytes: int) -> str | Refusal:
    """The file's kind when it may be attached, else why not."""
    if size <= 0:
        return Refusal("empty")
    if size > max_bytes:
        return Refusal("too_big")
    claimed = extension_kind(name)
    if claimed is None:
        return Refusal("extension")
    found = sniff(stream)
    if found is None:
        return Refusal("content")
    if found != claimed:
        return Refusal("mismatch")
    return found


def check_bytes(name: str, data: bytes, max_bytes: int) -> str | Refusal:
    return check(name, io.BytesIO(data), len(data), max_bytes)
