"""Benchmark: ``docversion log`` of a manual with many versions, against ``git log --oneline``.

A store holding one manual with --versions versions (the seed's v5, then each next version
signed on paper with its row in MODIFICACIONES REALIZADAS and one function reworded) is built
in a temporary directory with ``Store.record``; then, interleaved in the same run, median wall
time over --repeat runs after one warm-up of:

* ``docversion log CODE`` with its output to a file: not a terminal, so plain lines;
* ``git log --oneline`` of the manual's branch: the baseline, the commits alone;
* in this process, what the command does once started: the history read from the store
  (``manual_history``) and its plain lines written.

Target: the log within 3× the baseline, judged in process (a subprocess adds Python's and the
libraries' start-up, which ``bench_startup.py`` measures); the whole command is shown beside it.

Building the store is most of the run: about six minutes for 1,000 versions on the 2-core machine
(each version's revision table is one row longer than the last).

    .venv/bin/python tests/benchmarks/bench_log.py [--versions 1000] [--repeat 7] [--json]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from measuring import print_figures  # noqa: E402

from docversion.formats.text.reader import read_seed_text  # noqa: E402
from docversion.model import Manual, RevisionRow  # noqa: E402
from docversion.store import Identity, Store  # noqa: E402

SEED = REPO / "tests" / "fixtures" / "seed-900-0935-v05.txt"
CODE = "900-0935"


def next_version(manual: Manual) -> Manual:
    """The manual's next version signed on paper: its row, its date, one function reworded."""
    last = manual.revisions[-1]
    number = manual.cover.version + 1
    day = last.in_force + timedelta(days=7)
    row = RevisionRow(version=number, authorized_by=last.authorized_by, in_force=day,
                      changes=(f"Actualización número {number} de las funciones diarias.",),
                      prepared_by_label=last.prepared_by_label, prepared_by=last.prepared_by)
    first = manual.positions[0]
    daily = (f"{first.periodic_functions.daily[0].split(' (revisión')[0]} (revisión {number})",
             *first.periodic_functions.daily[1:])
    position = first.model_copy(update={"periodic_functions": first.periodic_functions.model_copy(
        update={"daily": daily})})
    cover = manual.cover.model_copy(update={"version": number, "in_force": day, "last_modified": day})
    return manual.model_copy(update={"cover": cover, "revisions": (*manual.revisions, row),
                                     "positions": (position, *manual.positions[1:])})


def build(directory: Path, versions: int) -> Path:
    """A store holding the seed's manual with ``versions`` versions, each signed on paper."""
    store = Store.init(directory / "long.git", is_bare=True)
    manual = read_seed_text(SEED.read_bytes(), str(SEED)).manual
    author = Identity("Bench", "bench@example.org")
    store.record(manual, author=author, is_historical=True)
    while manual.cover.version < versions:
        manual = next_version(manual)
        store.record(manual, author=author, is_historical=True)
    return store.git_dir


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:  # a file: what a script or a pipe gets
        subprocess.run(argv, stdout=out, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def in_process(store: Path) -> float:
    """What ``log`` does once started: the history read, then its plain lines written."""
    from docversion.render.history_lines import history_lines
    from docversion.store.chronicle import manual_history

    start = time.perf_counter()
    entries, request = manual_history(Store.open(store), CODE)
    out = io.StringIO()
    for line in history_lines(CODE, entries, request):
        out.write(line + "\n")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        store = build(Path(directory), args.versions)
        built = time.perf_counter() - started
        tool = [sys.executable, "-m", "docversion", "--store", str(store), "log", CODE]
        baseline = ["git", "--git-dir", str(store), "log", "--oneline", f"refs/heads/manuals/{CODE}"]
        timed(tool), timed(baseline), in_process(store)
        ours, theirs, inside = [], [], []
        for _ in range(args.repeat):
            ours.append(timed(tool))
            theirs.append(timed(baseline))
            inside.append(in_process(store))
    figures = {"versions": args.versions, "build_s": round(built, 1), "log_command_ms": statistics.median(ours),
               "in_process_ms": statistics.median(inside), "git_log_oneline_ms": statistics.median(theirs)}
    figures["x_git_log"] = figures["in_process_ms"] / figures["git_log_oneline_ms"]
    figures["meets_target"] = figures["x_git_log"] <= 3
    print_figures(figures, as_json=args.json)


if __name__ == "__main__":
    main()
