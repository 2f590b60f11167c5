#!/usr/bin/env python3
"""Build data/referential/ (the compact copy the platform ships) from the staged official files.

    .venv/bin/python scripts/build_referential_data.py [--source ../shared/data]
    .venv/bin/python scripts/build_referential_data.py --fixture tests/referential/fixtures/mini --codes J1501,K1207
    .venv/bin/python scripts/build_referential_data.py --compare ../shared/data/derived/rome_riasec_profile.csv

The copy keeps each publisher's file layout (same names, same header, the ESCO metadata block, quoting), so that
`manage.py import_referential` reads it and the full official files with the same code. It keeps only the files and
columns the platform uses, and for O*NET and the ESCO hierarchy only the rows it uses; files are gzipped with a fixed
timestamp, so the same sources always give byte-identical files. `--fixture` writes a small self-consistent subset
(plain CSV) for the tests; `--compare` prints a sanity check of the O*NET profiles against another table.
"""

import argparse
import csv
import gzip
import io
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openbilan.referential import dataset, profiles, sources  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
TARGET = ROOT / "data" / "referential"
KEEP_SCALES = {"onet_interests": {"OI"}, "onet_work_values": {"EX"}}


def _raw_text(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8-sig")


def _split_metadata(spec: sources.Spec, content: str) -> tuple[str, str]:
    if not spec.header_starts:
        return "", content
    lines = content.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(spec.header_starts))
    metadata = "".join(line for line in lines[:index] if line.strip(", \r\n"))
    return metadata.replace("\r\n", "\n"), "".join(lines[index:])


def _table(spec: sources.Spec, content: str) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=spec.delimiter, quoting=spec.quoting, strict=True)
    header = [column.strip() for column in next(reader)]
    return header, [row for row in reader if row and any(cell.strip() for cell in row)]


def _write(spec: sources.Spec, path: Path, metadata: str, header: list[str], rows: list[list[str]], compress: bool):
    buffer = io.StringIO(newline="")
    buffer.write(metadata)
    rome = spec.key in {s.key for s in sources.ROME_SPECS}
    writer = csv.writer(
        buffer,
        delimiter=spec.delimiter,
        quoting=csv.QUOTE_ALL if rome else spec.quoting,
        lineterminator="\n",
        **({"escapechar": None} if spec.quoting != csv.QUOTE_NONE else {"escapechar": "\\"}),
    )
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        with (
            open(path.with_name(path.name + ".gz"), "wb") as handle,
            gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=9) as gz,
        ):
            gz.write(data)
    else:
        path.write_bytes(data)


def _output_name(key: str, located: sources.Located) -> str:
    name = located.files[key].name.removesuffix(".gz")
    folder = "rome" if key in {s.key for s in sources.ROME_SPECS} else ("onet" if key.startswith("onet") else "esco")
    return f"{folder}/{name}"


def extract(source: Path, target: Path, *, keep=None, compress=True) -> None:
    """Copy the needed columns (and the rows accepted by `keep(key, record)`) of every located file under `target`."""
    located = sources.locate(source)
    for key, path in sorted(located.files.items()):
        spec = sources.SPECS[key]
        metadata, content = _split_metadata(spec, _raw_text(path))
        header, rows = _table(spec, content)
        columns = [c for c in header if c in spec.columns or c in spec.optional]  # the official order
        positions = [header.index(c) for c in columns]
        records = [dict(zip(header, row, strict=False)) for row in rows]
        kept = []
        for row, record in zip(rows, records, strict=True):
            if key in KEEP_SCALES and record["Scale ID"] not in KEEP_SCALES[key]:
                continue
            if keep and not keep(key, record):
                continue
            kept.append([row[i] for i in positions])
        _write(spec, target / _output_name(key, located), metadata, columns, kept, compress)
        print(f"{_output_name(key, located)}: {len(kept)} rows, columns {', '.join(columns)}")


def fixture_filter(source: Path, codes: set[str]):
    """A `keep` function selecting a self-consistent subset around `codes` (plus their parents)."""
    located = sources.locate(source)
    rows = sources.read_all(located)
    parents = {r["code_rome"]: r["code_rome_parent"] for r in rows["referentiel_code_rome"]}
    wanted = set(codes) | {parents[c] for c in codes}
    appellations = {r["code_ogr"] for r in rows["referentiel_appellation"] if r["code_rome"] in wanted}
    escos = {r["classification 1 ID"] for r in rows["esco_rome"] if r["classification 2 ID"] in appellations}
    broader, frontier = set(), set(escos)
    for _ in range(profiles.MAX_BROADER_STEPS):
        frontier = {r["broaderUri"] for r in rows["esco_broader"] if r["conceptUri"] in frontier} - broader
        broader |= frontier
    onets = {r["O*NET Id"] for r in rows["esco_onet"] if r["ESCO or ISCO URI"] in escos | broader}
    onets |= {code[:-3] + ".00" for code in onets}
    linked = {
        r["code_ogr"] for r in rows["liens_rome_referentiels"] if r["code_rome"] in wanted and r["code_compo_bloc"] == 5
    }

    def keep(key: str, record: dict) -> bool:
        code = record.get("code_rome")
        if key in ("referentiel_code_rome", "cr_gd_dp", "referentiel_code_rome_riasec", "texte", "coherence_item"):
            return code in wanted
        if key in ("referentiel_appellation", "arborescence_centre_interet", "arborescence_secteur_activite"):
            return code in wanted
        if key == "liens_rome_referentiels":
            return code in wanted
        if key == "rubrique_mobilite":
            return code in wanted and record["code_rome_cible"] in wanted
        if key == "referentiel_competence":
            return int(record["code_ogr"]) in linked
        if key == "referentiel_savoir":
            return int(record["code_ogr_savoir"]) in linked
        if key == "esco_rome":
            return record["classification 1 ID"] in escos and int(record["classification 2 ID"]) in appellations
        if key == "esco_onet":
            return record["ESCO or ISCO URI"] in escos | broader
        if key == "esco_broader":
            return record["conceptUri"] in escos | broader
        if key.startswith("onet_"):
            return record["O*NET-SOC Code"] in onets
        return True

    return keep


def compare(source: Path, table: Path) -> None:
    """Sanity check: our interest profiles against another table with onet_R..onet_C and rome_riasec_majeur."""
    located = sources.locate(source)
    rows = sources.read_all(located)
    data = dataset.build_dataset(rows, {k: located.name(k) for k in located.files}, located.rome_version)
    with open(table, encoding="utf-8", newline="") as handle:
        other = {row["code_rome"]: row for row in csv.DictReader(handle)}
    letters = profiles.INTEREST_LETTERS
    diffs, same_top, both, majeur_top1, majeur_top2, profiled = [], 0, 0, 0, 0, 0
    for code, values in sorted(data.occupations.items()):
        ours = [values[f"interest_{letter.lower()}"] for letter in letters]
        if ours[0] is not None:
            profiled += 1
            top = profiles.top_letters(ours, 2)
            majeur_top1 += top[0] == values["riasec_majeur"]
            majeur_top2 += values["riasec_majeur"] in top
        theirs = other.get(code, {})
        if ours[0] is None or not theirs.get("onet_R"):
            continue
        theirs = [float(theirs[f"onet_{letter}"]) for letter in letters]
        both += 1
        diffs.append(statistics.mean(abs(a - b) for a, b in zip(ours, theirs, strict=True)))
        same_top += profiles.top_letters(ours, 1) == profiles.top_letters(theirs, 1)
    print(f"profiled codes: {profiled} of {len(data.occupations)}; coverage {data.interest_coverage}")
    print(f"work values coverage {data.values_coverage}")
    print(f"compared with {table.name}: {both} codes in both")
    print(f"  mean absolute difference per score: {statistics.mean(diffs):.3f} (median {statistics.median(diffs):.3f})")
    print(f"  same top letter: {100 * same_top / both:.1f} %")
    print(f"  ROME riasec_majeur = our top letter: {100 * majeur_top1 / profiled:.1f} %")
    print(f"  ROME riasec_majeur within our top two: {100 * majeur_top2 / profiled:.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--fixture", type=Path, help="write a small plain-CSV subset here instead")
    parser.add_argument("--codes", default="", help="ROME codes of the fixture subset, comma separated")
    parser.add_argument("--compare", type=Path, help="compare the profiles built from --source with this CSV")
    args = parser.parse_args()
    if args.compare:
        compare(args.source, args.compare)
    elif args.fixture:
        codes = {code.strip() for code in args.codes.split(",") if code.strip()}
        extract(args.source, args.fixture, keep=fixture_filter(args.source, codes), compress=False)
    else:
        extract(args.source, TARGET)


if __name__ == "__main__":
    main()
