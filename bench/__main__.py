"""`make bench`: run every bench/bench_*.py module and write docs/PERFORMANCE.md.

Each module defines `run() -> list[Measure]`. Benchmarks run against a throwaway SQLite database under var/bench/
unless DATABASE_URL says otherwise, so they never touch the development data.
"""

import datetime
import importlib
import os
import pkgutil
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    if "DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="openbilan-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main(selected: list[str]) -> None:
    _setup_django()
    import django
    from django.db import connection

    rows = []
    for module_info in sorted(pkgutil.iter_modules([str(ROOT / "bench")]), key=lambda m: m.name):
        if not module_info.name.startswith("bench_"):
            continue
        if selected and module_info.name not in selected:
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        print(f"== {module_info.name}", flush=True)
        for measure in module.run():
            print(f"  {measure.name}: median {measure.median_ms:.2f} ms, p95 {measure.p95_ms:.2f} ms", flush=True)
            rows.append(measure)
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (benchmarks, never timed tests). Re-run it after a change that touches a hot path.",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, database: {connection.vendor}",
        "",
        "| measure | runs | median (ms) | p95 (ms) | note |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [f"| {m.name} | {m.runs} | {m.median_ms:.2f} | {m.p95_ms:.2f} | {m.note} |" for m in rows]
    extra = ROOT / "docs" / "PERFORMANCE.notes.md"
    if extra.exists():
        lines += ["", extra.read_text(encoding="utf-8").strip()]
    (ROOT / "docs" / "PERFORMANCE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("docs/PERFORMANCE.md written")


if __name__ == "__main__":
    main(sys.argv[1:])
