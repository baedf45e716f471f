"""Benchmark: ``docversion list`` over a store of many manuals, against ``git for-each-ref``.

A store of --manuals manuals (the seed under codes 900-0001, 900-0002, …, each recorded once
with ``Store.record``) is built in a temporary directory, then, interleaved in the same run,
median wall time over --repeat runs after one warm-up of: ``docversion --store S list --json``
(a subprocess: what a script pays) and ``git --git-dir S for-each-ref`` (the baseline: the
refs alone); and in this process, ``Store.manuals`` (what ``list`` does once started, the parse
cache warm). Target: list within 3× the baseline, judged in process (a subprocess adds Python's
and the libraries' start-up, which ``bench_startup.py`` measures). Also counted, not timed: the
git processes ``Store.manuals`` starts (two, whatever the number of manuals).

    .venv/bin/python tests/benchmarks/bench_list.py [--manuals 200] [--repeat 9] [--json]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from measuring import print_figures  # noqa: E402

from docversion.formats.text.reader import read_seed_text  # noqa: E402
from docversion.store import Identity, Store  # noqa: E402

SEED = REPO / "tests" / "fixtures" / "seed-900-0935-v05.txt"


def build(directory: Path, count: int) -> Path:
    """A store holding ``count`` copies of the seed under their own codes."""
    store = Store.init(directory / "many.git", is_bare=True)
    seed = read_seed_text(SEED.read_bytes(), str(SEED)).manual
    author = Identity("Bench", "bench@example.org")
    for number in range(1, count + 1):
        cover = seed.cover.model_copy(update={"code": f"900 {number:04d}"})
        store.record(seed.model_copy(update={"cover": cover}), author=author)
    return store.git_dir


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def git_processes(store: Path) -> int:
    """How many git processes listing the manuals starts, in this process."""
    real = subprocess.Popen
    count = 0

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal count
        argv = args[0] if args else kwargs.get("args")
        if isinstance(argv, list) and argv and argv[0] == "git":
            count += 1
        return real(*args, **kwargs)  # type: ignore[call-overload]

    opened = Store.open(store)
    with mock.patch("subprocess.Popen", counting):
        opened.manuals(date.today())
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manuals", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        store = build(Path(directory), args.manuals)
        built = time.perf_counter() - started
        tool = [sys.executable, "-m", "docversion", "--store", str(store), "list", "--json"]
        baseline = ["git", "--git-dir", str(store), "for-each-ref"]
        timed(tool), timed(baseline)
        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(timed(tool))
            theirs.append(timed(baseline))
        processes = git_processes(store)
        opened = Store.open(store)
        inside = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            opened.manuals(date.today())
            inside.append((time.perf_counter() - start) * 1000)
    figures = {"manuals": args.manuals, "build_s": round(built, 1), "list_command_ms": statistics.median(ours),
               "in_process_ms": statistics.median(inside), "for_each_ref_ms": statistics.median(theirs),
               "git_processes": processes}
    figures["x_for_each_ref"] = figures["in_process_ms"] / figures["for_each_ref_ms"]
    figures["meets_target"] = figures["x_for_each_ref"] <= 3
    print_figures(figures, as_json=args.json)


if __name__ == "__main__":
    main()
