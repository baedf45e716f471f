"""Benchmark: reading a manual of N positions from the seed's text format and from canonical YAML.

A synthetic manual is built deterministically from tests/fixtures/seed-900-0935-v05.txt: the
seed's cover, an ÍNDICE of N entries, the seed's three position blocks repeated cyclically (each
copy's PUESTO FUNCIONAL title made unique as "<title> <n>", also in the index), and the seed's
revision table. The same manual is dumped as canonical YAML (``dump_manual``) and as JSON
(``Manual.model_dump_json``). Measured: ``read_seed_text``, ``load_manual`` and the baselines
``json.loads`` and ``Manual.model_validate_json`` of the JSON bytes -- median wall time over
--repeat runs after one warm-up, and the peak traced memory of one separate run (tracemalloc).
Absolute times on a shared machine are noise; the ratios to the baselines are the figures.

    .venv/bin/python tests/benchmarks/bench_read.py [--positions 200] [--repeat 7] [--json] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from measuring import median_ms, peak_mib

from docversion.formats import yamlio
from docversion.formats.canonical import dump_manual, load_manual
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-900-0935-v05.txt"
_TITLE = re.compile(r"^(PUESTO FUNCIONAL: )(.*?)(\.\t)", re.MULTILINE)
_ENTRY = re.compile(r"^(.*?)\.{3,}\s*\d+\s*$")


def build_seed_text(positions: int) -> bytes:
    """The seed's text with ``positions`` position blocks; no randomness, so no seed needed."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    index_at = next(n for n, line in enumerate(lines) if line.strip() == "ÍNDICE")
    starts = [n for n, line in enumerate(lines) if line.startswith("I. IDENTIFICACIÓN")]
    table_at = max(n for n, line in enumerate(lines) if line.strip() == "MODIFICACIONES REALIZADAS")
    head = lines[index_at : starts[0]]
    entries = [n for n, line in enumerate(head) if _ENTRY.match(line)]
    titles = [m.group(1) for m in (_ENTRY.match(head[n]) for n in entries[:-1]) if m]  # last: table
    blocks = ["\n".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], table_at], strict=True)]
    assert len(blocks) == len(titles) == 3, "the seed should hold three positions"
    index: list[str] = head[: entries[0]]
    body: list[str] = []
    for number in range(1, positions + 1):
        kind = (number - 1) % len(blocks)
        index += [f"{titles[kind]} {number}.....{3 * number}", ""]
        block, count = _TITLE.subn(rf"\g<1>\g<2> {number}\g<3>", blocks[kind], count=1)
        assert count == 1, "each seed block has one PUESTO FUNCIONAL line"
        body.append(block)
    index += [f"MODIFICACIONES REALIZADAS.....{3 * positions + 3}", ""]
    text = "\n".join([*lines[:index_at], *index, *body, *lines[table_at:]])
    return text.encode("utf-8")


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time (ms) over ``repeat`` runs after a warm-up; peak MiB of one separate run."""
    return median_ms(run, repeat), peak_mib(run)


def profile_seed_read(data: bytes, top: int = 12) -> None:
    """Print the functions of one seed-text read by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(read_seed_text, data, "bench")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    parser.add_argument("--profile", action="store_true", help="also cProfile one seed-text read")
    args = parser.parse_args()

    text = build_seed_text(args.positions)
    manual = read_seed_text(text, "bench").manual
    assert len(manual.positions) == args.positions, f"read {len(manual.positions)} positions"
    assert len({p.id for p in manual.positions}) == args.positions, "position ids are not unique"
    files = dump_manual(manual)
    assert load_manual(files, "bench") == manual, "the YAML round trip changed the manual"
    as_json = manual.model_dump_json().encode("utf-8")

    cases: list[tuple[str, int, Callable[[], object]]] = [
        ("read_seed_text", len(text), lambda: read_seed_text(text, "bench")),
        ("load_manual (YAML)", sum(map(len, files.values())), lambda: load_manual(files, "bench")),
        ("json.loads", len(as_json), lambda: json.loads(as_json)),
        ("Manual.model_validate_json", len(as_json), lambda: Manual.model_validate_json(as_json)),
    ]
    rows: list[dict[str, Any]] = []
    for name, size, run in cases:
        median, peak = timed(run, args.repeat)
        rows.append({"operation": name, "bytes": size, "median_ms": median, "peak_mib": peak})
    json_ms, pydantic_ms = rows[2]["median_ms"], rows[3]["median_ms"]
    for row in rows:
        row["x_json_loads"] = row["median_ms"] / json_ms
        row["x_model_validate_json"] = row["median_ms"] / pydantic_ms
    info = {"positions": args.positions, "repeat": args.repeat, "yaml_files": len(files),
            "yaml_with_libyaml": bool(yaml.__with_libyaml__),
            "docversion_yaml_loader": yamlio._BaseLoader.__name__}

    if args.json:
        print(json.dumps({**info, "rows": rows}, indent=2))
    else:
        print(", ".join(f"{key}={value}" for key, value in info.items()))
        print(f"{'operation':<28}{'bytes':>10}{'median ms':>11}{'peak MiB':>10}"
              f"{'x json.loads':>14}{'x validate_json':>17}")
        for row in rows:
            print(f"{row['operation']:<28}{row['bytes']:>10}{row['median_ms']:>11.2f}"
                  f"{row['peak_mib']:>10.2f}{row['x_json_loads']:>14.3g}{row['x_model_validate_json']:>17.3g}")
    if args.profile:
        profile_seed_read(text)


if __name__ == "__main__":
    main()
