"""How every benchmark measures: median wall time after a warm-up, and peak traced memory.

Benchmarks run as scripts (``python tests/benchmarks/bench_x.py``), so this sibling module is
importable as ``measuring``.
"""

from __future__ import annotations

import json
import statistics
import time
import tracemalloc
from collections.abc import Callable


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time (ms) over ``repeat`` runs after a warm-up."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_mib(run: Callable[[], object]) -> float:
    """Peak traced memory (MiB) of one run."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def print_figures(figures: dict[str, object], *, as_json: bool) -> None:
    """A benchmark's figures as one JSON document, or as one line of ``name=value`` pairs."""
    if as_json:
        print(json.dumps(figures, indent=2))
    else:
        print(", ".join(f"{key}={value:.2f}" if isinstance(value, float) else f"{key}={value}"
                        for key, value in figures.items()))
