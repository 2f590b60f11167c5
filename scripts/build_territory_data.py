#!/usr/bin/env python3
"""Build data/geo/ and data/labour_market/ (the compact copies the platform ships) from the official files.

    .venv/bin/python scripts/build_territory_data.py [--source ../shared/data]
    .venv/bin/python scripts/build_territory_data.py --check [--source ../shared/data]
    .venv/bin/python scripts/build_territory_data.py --fixture tests/territory/fixtures/mini

The copies keep each publisher's table layout (same column names, same delimiter, same cell text), so that
`manage.py import_geo` and `manage.py import_labour_market` read them and the official files with the same code:

- each BMO workbook (`Base_open_data_BMO_<year>.xlsx`) becomes `Base_open_data_BMO_<year>.csv.gz`, its data sheet
  as CSV with the columns the platform reads (the family's name and the eight broad BMO groups are left out);
- DARES's crosswalk is rewritten with its own columns and encoding (Windows-1252, semicolons), and DARES's
  arborescence workbook (`Dares_Arborescence_FAP2021.xlsx`) becomes the CSV of its sheet with every level;
- the geography files keep the columns the platform reads; La Poste's postcode rows that differ only by a
  column left out (the delivery line) are written once.

Files are gzipped with a fixed timestamp, so the same sources always give byte-identical files. `--check` reads the
official files and the compact copies with the importer's own readers and fails when any value differs.
`--fixture` writes a small self-consistent subset (plain CSV, Normandie and two other regions) for the tests.
"""

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openbilan.territory import sources  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
TARGET = ROOT / "data"
BMO_DROPPED = {"Nom métier BMO", "Famille_met", "Lbl_fam_met"}
GEO_KEEP = {
    sources.GEO_POSTCODES: ["Code_commune_INSEE", "Nom_de_la_commune", "Code_postal"],
    sources.GEO_POINTS: ["Code_Officiel_Commune", "latitude", "longitude"],
    sources.GEO_BASSINS: ["reg", "dep", "code_commune_insee", "code_bassin_BMO", "lib_bassin_BMO"],
    sources.GEO_ZONES: ["codgeo", "libgeo", "ze2020", "libze2020", "dep", "reg"],
}
# The fixture: communes of these postcodes, the bassins they belong to (and two bassins spanning départements).
FIXTURE_POSTCODES = ("14000", "14400", "14123", "76000", "76600", "61000", "50100", "95700", "77990", "97100")
FIXTURE_EXTRA_BASSINS = {"1119"}


def _raw_table(located: sources.Located) -> tuple[list[str], list[list[str]]]:
    """Header and rows as text, exactly as the importer sees the cells."""
    header = None
    rows = []
    for _line, fields in sources.raw_rows(located):
        if header is None:
            header = [f.strip().lstrip("\ufeff") for f in fields]
        elif any(f.strip() for f in fields):
            rows.append(fields + [""] * (len(header) - len(fields)))
    return header, rows


def _csv_bytes(header, rows, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _gzip(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(content)


def _select(header, rows, keep):
    positions = [header.index(column) for column in keep]
    return keep, [[row[i] for i in positions] for row in rows]


def _unique(rows):
    seen, out = set(), []
    for row in rows:
        key = tuple(row)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _output_name(located: sources.Located) -> str:
    name = located.path.name
    if located.role == sources.BMO:
        return f"Base_open_data_BMO_{located.year}.csv"
    if located.sheet:
        return name.removesuffix(".xlsx") + ".csv"
    return name.removesuffix(".gz")


def compact(source: Path, target: Path, only=None) -> list[Path]:
    """Write the compact copies; `only(role, header, rows)` may filter rows (the fixture)."""
    written = []
    for folder, roles in (("geo", sources.GEO_ROLES), ("labour_market", sources.LABOUR_ROLES)):
        for located in sources.locate(source / folder, roles):
            header, rows = _raw_table(located)
            delimiter = located.delimiter
            raw = b"" if located.sheet else sources.read_bytes(located.name, located.path)
            encoding = "cp1252" if sources.text_encoding(raw) == "cp1252" else "utf-8"
            if located.role == sources.BMO:
                header, rows = _select(header, rows, [c for c in header if c not in BMO_DROPPED])
                delimiter = ","
            elif located.sheet:
                delimiter = ";"
            elif located.role in GEO_KEEP:
                header, rows = _select(header, rows, GEO_KEEP[located.role])
                rows = _unique(rows)
            if only is not None:
                rows = only(located, header, rows)
            name = _output_name(located)
            if only is None:
                path = target / folder / f"{name}.gz"
                _gzip(path, _csv_bytes(header, rows, delimiter, encoding))
            else:
                path = target / folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(_csv_bytes(header, rows, delimiter, encoding))
            written.append(path)
    return written


def _fixture_filter(source: Path):
    """A row filter keeping the communes of FIXTURE_POSTCODES, their bassins and the test subset's ROME codes."""
    postcodes = next(i for i in sources.locate(source / "geo", (sources.GEO_POSTCODES,)))
    header, rows = _raw_table(postcodes)
    code, insee = header.index("Code_postal"), header.index("Code_commune_INSEE")
    communes = {r[insee] for r in rows if r[code] in FIXTURE_POSTCODES}
    bassins = set(FIXTURE_EXTRA_BASSINS)

    def only(located, header, rows):
        index = {c: i for i, c in enumerate(header)}
        if located.role == sources.GEO_POSTCODES:
            return [r for r in rows if r[index["Code_commune_INSEE"]] in communes]
        if located.role == sources.GEO_POINTS:
            return [r for r in rows if r[index["Code_Officiel_Commune"]] in communes]
        if located.role == sources.GEO_ZONES:
            return [r for r in rows if r[index["codgeo"]].zfill(5) in communes]
        if located.role == sources.GEO_BASSINS:
            kept = [r for r in rows if r[index["code_commune_insee"]] in communes]
            bassins.update(r[index["code_bassin_BMO"]] for r in kept)
            return kept
        if located.role == sources.BMO:
            column = next(c for c in header if sources.BASSIN_COLUMN.match(c))
            return [r for r in rows if r[index[column]] in bassins]
        if located.role == sources.CROSSWALK:
            return [r for r in rows if r[index["ROME"]] in FIXTURE_ROMES]
        return rows

    return only


# The previous-ROME codes of the referential test subset (tests/referential/fixtures/mini).
FIXTURE_ROMES = {"A1408", "A1501", "D1102", "J1501", "J1506", "K1203", "K1207", "K1701", "K2104", "M1607", "M1805"}


def check(source: Path, target: Path) -> int:
    """Compare every value the importer reads in the official files and in the compact copies."""
    problems = 0
    for folder, roles in (("labour_market", sources.LABOUR_ROLES), ("geo", sources.GEO_ROLES)):
        official = {item.key: item for item in sources.locate(source / folder, roles)}
        shipped = {item.key: item for item in sources.locate(target / folder, roles)}
        for key, item in official.items():
            if key not in shipped:
                print(f"missing compact copy for {key}")
                problems += 1
                continue
            read = {
                sources.BMO: sources.read_bmo,
                sources.CROSSWALK: sources.read_crosswalk,
                sources.FAP_LABELS: sources.read_fap_labels,
            }.get(item.role, sources.read_geo)
            a, b = read(item), read(shipped[key])
            left = a.rows if hasattr(a, "rows") else a
            right = b.rows if hasattr(b, "rows") else b
            values = _values(left)
            # the compact postcode file writes once the rows that differed only by a column left out
            same = set(values) == set(_values(right)) if item.role in GEO_KEEP else values == _values(right)
            print(
                f"{key}: {len(left)} official rows, {len(right)} compact rows: {'same values' if same else 'DIFFERENT'}"
            )
            problems += 0 if same else 1
    return problems


def _values(rows) -> list:
    out = []
    for row in rows:
        if hasattr(row, "values") and isinstance(row.values, dict):
            out.append(tuple(sorted(row.values.items(), key=lambda kv: kv[0])).__repr__())
        else:
            out.append(repr({k: v for k, v in vars(row).items() if k != "line"}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--fixture", type=Path)
    args = parser.parse_args()
    if args.check:
        sys.exit(1 if check(args.source, TARGET) else 0)
    if args.fixture:
        for path in compact(args.source, args.fixture, only=_fixture_filter(args.source)):
            print(path)
        return
    for path in compact(args.source, TARGET):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
