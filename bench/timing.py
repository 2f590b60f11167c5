"""Timing helpers shared by the benchmarks (benchmarks, never timed tests)."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    note: str = ""


def measure(name: str, fn: Callable[[], object], *, runs: int = 30, warmup: int = 3, note: str = "") -> Measure:
    """Call `fn` `warmup` times, then `runs` times, and report the median and 95th percentile in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]
    return Measure(name, runs, statistics.median(samples), p95, note)
