"""Attachments: the type is decided from the content, and must match the extension."""

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from openbilan.coaching import filetypes

LIMIT = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def check(name, data, limit=LIMIT):
    return filetypes.check_bytes(name, data, limit)


def test_each_allowed_type_is_recognised_from_its_content():
    assert check("cv.pdf", PDF) == "pdf"
    assert check("photo.PNG", PNG) == "png"
    assert check("photo.jpg", JPEG) == "jpeg"
    assert check("photo.jpeg", JPEG) == "jpeg"
    assert check("lettre.odt", ODT) == "odt"
    assert check("lettre.docx", DOCX) == "docx"
    assert check("notes.txt", "Mes idées : métiers, formations.\n".encode()) == "txt"


def test_windows_text_is_text_too():
    assert check("notes.txt", "Café, été".encode("cp1252")) == "txt"


def test_an_executable_renamed_pdf_is_refused_by_its_content():
    assert check("facture.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60) == filetypes.Refusal("content")


def test_a_png_named_pdf_is_a_mismatch():
    assert check("cv.pdf", PNG) == filetypes.Refusal("mismatch")


def test_a_zip_that_is_not_a_document_is_refused():
    assert check("lettre.docx", zipped({"evil.exe": b"MZ"})) == filetypes.Refusal("content")


def test_an_odt_named_docx_is_a_mismatch():
    assert check("lettre.docx", ODT) == filetypes.Refusal("mismatch")


def test_a_forbidden_extension_is_refused():
    assert check("script.html", b"<html></html>") == filetypes.Refusal("extension")
    assert check("sans-extension", PDF) == filetypes.Refusal("extension")


def test_binary_data_named_txt_is_refused():
    assert check("notes.txt", b"abc\x00\x01\x02def") == filetypes.Refusal("content")


def test_empty_and_too_big_files_are_refused():
    assert check("vide.pdf", b"") == filetypes.Refusal("empty")
    assert check("gros.pdf", PDF + b"x" * 100, limit=len(PDF)) == filetypes.Refusal("too_big")


def test_a_broken_zip_is_refused_not_an_error():
    assert check("lettre.odt", b"PK\x03\x04" + b"\x00" * 30) == filetypes.Refusal("content")


def test_sniffing_leaves_the_stream_at_its_start():
    stream = io.BytesIO(DOCX)
    assert filetypes.sniff(stream) == "docx"
    assert stream.tell() == 0


@given(st.binary(max_size=2000), st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.odt", "a.docx", "a.txt", "a.exe"]))
def test_any_bytes_get_a_decision_never_an_exception(data, name):
    decision = check(name, data)
    assert decision in filetypes.CONTENT_TYPES or isinstance(decision, filetypes.Refusal)
