"""Small helpers to edit official-layout files in tests."""

import gzip
from pathlib import Path


def rome_file(folder: Path, table: str) -> Path:
    return folder / "rome" / f"unix_{table}_v460_utf8.csv"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def drop_lines(path: Path, predicate) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not predicate(line)), encoding="utf-8")


def gzip_file(path: Path) -> Path:
    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(path.read_bytes()))
    path.unlink()
    return target
