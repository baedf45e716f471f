"""Benchmark: ``docversion search`` over a store of many manuals and versions, against ``git grep``.

A store of --manuals manuals of --positions positions with --versions published versions each is
built in a temporary directory (or kept at --store): the seed's three positions varied (their
titles numbered, each manual's objective its own), a function edited in one position per version,
every version recorded by ``Store.record`` as signed on paper (``is_historical``), the manuals
shared between --jobs processes. Then, interleaved in the same run, median wall time over
--repeat runs after one warm-up of:

- ``docversion --store S search PHRASE --all-versions --json``, a subprocess (what a script pays);
- the same search in this process, the index warm (``docversion.store.searching.search`` and its
  JSON document): what the command does once started;
- the first search after the index is deleted (cold: the index built from the store, the parse
  cache warm as ``record`` leaves it);
- the baseline, ``git grep -i -F -c -e PHRASE REV…`` with every version tag and manual branch of
  the store as an argument list (the refs listed once, outside the timing).

Target: the warm search in process within 3× ``git grep``. Absolute times on a shared machine
are noise; the ratios are the figures.

    .venv/bin/python tests/benchmarks/bench_search.py [--manuals 200] [--positions 10] [--versions 5]
        [--repeat 7] [--jobs 2] [--store PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from measuring import print_figures  # noqa: E402

from docversion.formats.text.reader import read_seed_text  # noqa: E402
from docversion.model import Manual, Position  # noqa: E402
from docversion.store import Identity, Store  # noqa: E402
from docversion.store.search_index import INDEX_FILE, SearchIndex  # noqa: E402
from docversion.store.searching import search  # noqa: E402

SEED = REPO / "tests" / "fixtures" / "seed-900-0935-v05.txt"
PHRASE = "gestión de trámites"


def _position(base: Position, number: int, manual: int) -> Position:
    """The seed's position ``base`` as position ``number`` of manual ``manual``: its own id and title,
    an objective of its own, no revision marks (they would point at text that changed)."""
    return base.model_copy(update={"id": f"{base.id}-{number}", "title": f"{base.title} {number}",
                                   "objective": f"{base.objective} Unidad {manual}, puesto {number}.",
                                   "marked": ()})


def versions_of(seed: Manual, manual: int, positions: int, versions: int) -> list[Manual]:
    """Versions 1.. of generated manual ``manual``: version N edits one daily function of one position."""
    current = [_position(seed.positions[number % len(seed.positions)], number + 1, manual)
               for number in range(positions)]
    made = []
    for version in range(1, versions + 1):
        if version > 1:
            edited = (manual + version) % positions
            daily = current[edited].periodic_functions
            first = f"{daily.daily[0]} Revisado en la versión {version}."
            current[edited] = current[edited].model_copy(update={"periodic_functions": daily.model_copy(
                update={"daily": (first, *daily.daily[1:])})})
        rows = [seed.revisions[(number - 1) % len(seed.revisions)].model_copy(update={
            "version": number, "in_force": date(2010 + number, 1, 2)}) for number in range(1, version + 1)]
        cover = seed.cover.model_copy(update={"code": f"700 {manual:04d}", "version": version,
                                              "created": date(2011, 1, 2), "in_force": rows[-1].in_force})
        made.append(Manual.model_validate({"cover": cover, "positions": current, "revisions": rows}))
    return made


def _record(job: tuple[str, list[int], int, int]) -> None:
    directory, manuals, positions, versions = job
    store = Store.open(directory)
    seed = read_seed_text(SEED.read_bytes(), str(SEED)).manual
    author = Identity("Bench", "bench@example.org")
    for manual in manuals:
        for made in versions_of(seed, manual, positions, versions):
            store.record(made, author=author, is_historical=True)


def build(path: Path, manuals: int, positions: int, versions: int, jobs: int) -> Path:
    """The store at ``path``: ``manuals`` generated manuals, recorded by ``jobs`` processes."""
    store = Store.init(path, is_bare=True)
    shares = [(str(store.git_dir), list(range(1 + job, manuals + 1, jobs)), positions, versions)
              for job in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_record, shares)
    return store.git_dir


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manuals", type=int, default=200)
    parser.add_argument("--positions", type=int, default=10)
    parser.add_argument("--versions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--store", type=Path, help="build the store here, or use the one already here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = args.store or Path(directory) / "many.git"
        started = time.perf_counter()
        built = path.exists()
        git_dir = path if built else build(path, args.manuals, args.positions, args.versions, args.jobs)
        build_s = None if built else time.perf_counter() - started
        figures = measure(git_dir, args.repeat)
    print_figures({"manuals": args.manuals, "positions": args.positions, "versions": args.versions,
                   "build_s": round(build_s, 1) if build_s is not None else "kept", **figures}, as_json=args.json)


def measure(git_dir: Path, repeat: int) -> dict[str, object]:
    """The interleaved medians, the hits and git grep's count of matching files, and the ratios."""
    from docversion.cli.search import search_json

    store = Store.open(git_dir)
    refs = subprocess.run(["git", "--git-dir", str(git_dir), "for-each-ref", "--format=%(objectname)",
                           "refs/tags", "refs/heads"], capture_output=True, text=True, check=True).stdout.split()
    tool = [sys.executable, "-m", "docversion", "--store", str(git_dir), "search", PHRASE, "--all-versions", "--json"]
    grep = ["git", "--git-dir", str(git_dir), "grep", "-i", "-F", "-c", "-e", PHRASE, *refs]

    def warm() -> object:
        return json.dumps(search_json(search(store, PHRASE, today=date.today(), is_all_versions=True)))

    def cold() -> object:
        (git_dir / INDEX_FILE).unlink(missing_ok=True)
        return search(store, PHRASE, today=date.today(), is_all_versions=True)

    def command() -> object:
        return subprocess.run(tool, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    def git_grep() -> object:
        return subprocess.run(grep, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    runs: dict[str, list[float]] = {"cold_ms": [], "command_ms": [], "in_process_ms": [], "git_grep_ms": []}
    cold(), command(), warm(), git_grep()  # warm-up: the index built, files in the page cache
    for _ in range(repeat):
        runs["cold_ms"].append(timed(cold))
        runs["command_ms"].append(timed(command))
        runs["in_process_ms"].append(timed(warm))
        runs["git_grep_ms"].append(timed(git_grep))
    figures: dict[str, object] = {name: statistics.median(times) for name, times in runs.items()}
    found = search(store, PHRASE, today=date.today(), is_all_versions=True)
    lines = subprocess.run(grep, capture_output=True, text=True, check=False).stdout.splitlines()
    counts = SearchIndex(git_dir).counts()
    figures.update(revisions=len(refs), hits=len(found.hits), index_state=found.index,
                   grep_matching_files=len(lines), index_units=counts["units"], index_texts=counts["texts"],
                   index_mib=round((git_dir / INDEX_FILE).stat().st_size / 2**20, 1))
    figures["x_git_grep"] = float(figures["in_process_ms"]) / float(figures["git_grep_ms"])  # type: ignore[arg-type]
    figures["command_x_git_grep"] = float(figures["command_ms"]) / float(figures["git_grep_ms"])  # type: ignore[arg-type]
    figures["cold_x_git_grep"] = float(figures["cold_ms"]) / float(figures["git_grep_ms"])  # type: ignore[arg-type]
    figures["meets_target"] = figures["x_git_grep"] <= 3  # type: ignore[operator]
    return figures


if __name__ == "__main__":
    main()
