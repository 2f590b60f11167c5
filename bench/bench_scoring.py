"""`score_responses` on a simulated 20,000-row RIASEC file (the issue asks for well under 10 s), and the same for the
50-item Big Five file.

The responses follow a one-factor model per scale (standardised loading 0.7, answers = rounded latent values on 1-5),
so alpha and omega have a known ballpark (about 0.87 for 8 items); 1 % of rows carry a missing or out-of-range answer.
"""

import csv
import dataclasses
import io
import json
import tempfile
from pathlib import Path

import numpy as np

from bench.timing import measure

ROWS = 20_000
LOADING = 0.7


def write_sample_file(path: Path, slug: str, rows: int = ROWS, seed: int = 2026, bad_share: float = 0.01) -> None:
    """A response file for `slug` with `rows` respondents (respondent_id + one column per item, in file order)."""
    from openbilan.assessments.definitions import shipped_instrument

    instrument = shipped_instrument(slug)
    rng = np.random.default_rng(seed)
    items = instrument.items
    facet_of = [item.scale for item in items]
    factors = {scale: rng.normal(size=rows) for scale in sorted(set(facet_of))}
    noise = rng.normal(size=(rows, len(items)))
    latent = np.column_stack(
        [LOADING * factors[scale] + np.sqrt(1 - LOADING**2) * noise[:, index] for index, scale in enumerate(facet_of)]
    )
    values = np.clip(np.rint(3 + 1.1 * latent), 1, 5).astype(int)
    reverse = np.array([item.reverse for item in items])
    values[:, reverse] = 6 - values[:, reverse]  # answers as given: reverse-keyed items answered the other way
    cells = values.astype(str).astype(object)
    bad = rng.choice(rows, size=int(rows * bad_share), replace=False)
    for number, row in enumerate(bad):
        cells[row, rng.integers(len(items))] = "" if number % 2 else "7"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", *(item.id for item in items)])
        for index in range(rows):
            writer.writerow([f"r{index + 1}", *cells[index]])


def run():
    from django.core.management import call_command

    folder = Path(tempfile.mkdtemp(prefix="openbilan-bench-scoring-"))
    measures = []
    for slug in ("riasec-markers-48", "ipip-bigfive-50"):
        source = folder / f"{slug}.csv"
        write_sample_file(source, slug)
        output, report = folder / f"{slug}-scores.csv", folder / f"{slug}-rel.json"

        def score(source=source, output=output, report=report, slug=slug):
            call_command(
                "score_responses",
                slug,
                str(source),
                output=str(output),
                reliability_json=str(report),
                stdout=io.StringIO(),
            )

        measure_ = measure(f"score_responses {slug}, {ROWS:,} rows", score, runs=5, warmup=1)
        rel = json.loads(report.read_text(encoding="utf-8"))
        alphas = [scale["alpha"] for scale in rel["scales"].values()]
        omegas = [scale["omega"] for scale in rel["scales"].values()]
        note = (
            f"n={rel['n']}, excluded={rel['excluded']}; simulated loading {LOADING}: "
            f"alpha {min(alphas):.3f}-{max(alphas):.3f}, omega {min(omegas):.3f}-{max(omegas):.3f}"
        )
        measures.append(dataclasses.replace(measure_, note=note))
    return measures
