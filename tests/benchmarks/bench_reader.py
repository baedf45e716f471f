"""Benchmark: the seed-text reader in process, and ``docversion diff A.txt B.txt`` as a whole process.

Manuals of N positions are built by ``bench_read.build_seed_text`` from
tests/fixtures/seed-900-0935-v05.txt (the seed's cover, an ÍNDICE of N entries, its three position
blocks repeated cyclically with numbered titles, its revision table). Measured per size, median
wall time over --repeat runs after one warm-up of each, ours and its baseline interleaved run by
run (ours, baseline, ours, baseline...) so that a busy moment of a shared machine hits both:

* (a) reading: ``read_seed_text`` of the text, as ms and MB/s (input bytes / median seconds,
  MB = 10**6 bytes), against the baseline ``json.loads`` of the same manual's
  ``Manual.model_dump_json()`` bytes: ratio ours / json.loads. Growth: the time at the largest
  size / at the smallest (linear is the ratio of the sizes: 10 for 60 -> 600). Target: at least
  20 MB/s at every size;
* (b) the whole process: the installed console script ``docversion diff A.txt B.txt``
  (``subprocess.run`` with an argument list, output discarded) against ``git diff --no-index
  --word-diff A.txt B.txt`` of the same two files (exit code 1 is "they differ"), both run in the
  files' temporary directory: ratio ours / git. With --variants also ``docversion --no-color diff``
  and ``docversion diff --json``. Target: ours at most 12x git at every size.

B is A after a fixed mix of edits made by string replacement on the text, at positions spread
through the manual: four periodic functions reworded (one in each of four positions, one or two
words changed or inserted), one position renamed everywhere in the file (its ÍNDICE entry and its
PUESTO FUNCIONAL: a word inserted in the title), and one annual function moved to the eventual
list of its position. Checked, not timed: A reads into N positions, and ``docversion diff --json``
finds the change kinds the edits should produce (printed next to them). --profile prints a
cProfile of one read at the largest size, the top 25 functions by cumulative and by own time.
Absolute times on a shared machine are noise; the ratios to the baselines measured in the same
run are the figures.

    .venv/bin/python tests/benchmarks/bench_reader.py [--positions 60,600] [--repeat 7] [--variants]
        [--dir DIR] [--json] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_read import build_seed_text

from docversion.formats.text.reader import read_seed_text

TARGET_MB_S = 20.0
TARGET_X_GIT = 12.0
_BLOCK = re.compile(r"^I\. IDENTIFICACIÓN", re.MULTILINE)
_TABLE = "\nMODIFICACIONES REALIZADAS\n"
JEFE, PROMOTOR, ASISTENTE = 0, 1, 2  # the seed's three positions, in their order (copy n is kind (n-1) % 3)
PROMOTOR_TITLE = "Promotor de Servicios en Línea"
RENAMED_TITLE = "Promotor Regional de Servicios en Línea"
# (kind of position, where in the manual as a share of N, old text, new text)
REWORDED = (
    (JEFE, 0.1, "6. Autorizar la programación de visitas relacionadas",
     "6. Autorizar y supervisar la programación de visitas técnicas relacionadas"),
    (PROMOTOR, 0.3, "5. Apoyar las diferentes actividades de atención al cliente.",
     "5. Apoyar oportunamente las diferentes actividades de atención y servicio al cliente."),
    (ASISTENTE, 0.6, "4. Administrar la mesa de servicios de las gestiones",
     "4. Administrar y documentar la mesa de servicios de las gestiones"),
    (JEFE, 0.9, "2. Mantener los materiales y recursos necesarios",
     "2. Mantener actualizados los materiales y recursos necesarios"),
)
RENAMED_AT = 0.5
MOVED_AT = 0.7  # a Jefe copy: its second annual function becomes its second eventual one
_MOVED_ITEM = ("Proponer e implementar estrategias de atención para que el cliente no tenga la necesidad de "
               "desplazarse físicamente a la Institución.")
_EVENTUAL_ITEM = "Realizar presentaciones sobre los servicios de información, consulta y transacción institucional."
MOVED_OLD = f"\n2. {_MOVED_ITEM}\n\nEventual.\n\n1. {_EVENTUAL_ITEM}\n"
MOVED_NEW = f"\n\nEventual.\n\n1. {_EVENTUAL_ITEM}\n2. {_MOVED_ITEM}\n"
EXPECTED = Counter({"item_edited": len(REWORDED), "position_renamed": 1, "item_moved": 1})


def _number(positions: int, share: float, kind: int) -> int:
    """The first position at or after ``share`` of the manual that is a copy of seed position ``kind``
    (the last such before it if none is left after)."""
    number = min(positions, max(1, round(share * positions)))
    after = next((n for n in range(number, positions + 1) if (n - 1) % 3 == kind), None)
    return after or next(n for n in range(number, 0, -1) if (n - 1) % 3 == kind)


def _replace_once(text: str, old: str, new: str, where: str) -> str:
    assert text.count(old) == 1, f"{where}: expected {old!r} once, found it {text.count(old)} times"
    return text.replace(old, new)


def build_edited(text: bytes, positions: int) -> bytes:
    """``text`` (from ``build_seed_text(positions)``) after the fixed mix of edits, by string replacement."""
    source = text.decode("utf-8")
    starts = [m.start() for m in _BLOCK.finditer(source)]
    assert len(starts) == positions, f"found {len(starts)} position blocks"
    end = source.rindex(_TABLE)
    blocks = [source[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]

    edits: list[tuple[int, str, str]] = [(_number(positions, share, kind), old, new)
                                         for kind, share, old, new in REWORDED]
    edits.append((_number(positions, MOVED_AT, JEFE), MOVED_OLD, MOVED_NEW))
    renamed = _number(positions, RENAMED_AT, PROMOTOR)
    touched = [number for number, _, _ in edits] + [renamed]
    assert len(set(touched)) == len(touched), f"two edits fell on one position: {touched}"
    for number, old, new in edits:
        blocks[number - 1] = _replace_once(blocks[number - 1], old, new, f"position {number}")
    edited = source[: starts[0]] + "".join(blocks) + source[end:]
    # The renamed position everywhere in the file: "<title> <n>." ends its ÍNDICE entry ("....." and
    # the page follow) and its PUESTO FUNCIONAL, and no other title ("<title> <n>0." differs).
    old_title, new_title = f"{PROMOTOR_TITLE} {renamed}.", f"{RENAMED_TITLE} {renamed}."
    assert edited.count(old_title) == 2, f"position {renamed}'s title is not in the index and its block"
    return edited.replace(old_title, new_title).encode("utf-8")


def interleaved(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time (ms) of each run over ``repeat`` rounds after one warm-up of each; every round
    runs each once, in order, so that noise hits them all alike."""
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(found) for name, found in times.items()}


def measure_read(text: bytes, positions: int, repeat: int) -> dict[str, Any]:
    """Part (a) at one size: ``read_seed_text`` against ``json.loads`` of the manual's JSON."""
    manual = read_seed_text(text, "bench").manual
    assert len(manual.positions) == positions, f"read {len(manual.positions)} positions"
    as_json = manual.model_dump_json().encode("utf-8")
    del manual  # the timed runs hold only the two inputs
    medians = interleaved({"read": lambda: read_seed_text(text, "bench"), "json": lambda: json.loads(as_json)},
                          repeat)
    read_ms, json_ms = medians["read"], medians["json"]
    return {"positions": positions, "text_bytes": len(text), "json_bytes": len(as_json),
            "read_ms": read_ms, "read_mb_s": len(text) / read_ms / 1000,
            "json_loads_ms": json_ms, "json_loads_mb_s": len(as_json) / json_ms / 1000,
            "x_json_loads": read_ms / json_ms}


def _subprocess(argv: list[str], cwd: Path, codes: tuple[int, ...]) -> Callable[[], object]:
    def run() -> object:
        done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if done.returncode not in codes:
            raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
        return done
    return run


def measure_diff(text: bytes, edited: bytes, positions: int, script: Path, args: argparse.Namespace
                 ) -> dict[str, Any]:
    """Part (b) at one size: ``docversion diff A.txt B.txt`` against ``git diff --no-index --word-diff``."""
    with tempfile.TemporaryDirectory(prefix="bench-reader-", dir=args.dir) as tmp:
        cwd = Path(tmp)
        (cwd / "A.txt").write_bytes(text)
        (cwd / "B.txt").write_bytes(edited)
        ours = [str(script), "diff", "A.txt", "B.txt"]
        git = ["git", "diff", "--no-index", "--word-diff", "A.txt", "B.txt"]
        # Checked, not timed: the change kinds found, and the size of each output.
        found_json = subprocess.run([str(script), "diff", "--json", "A.txt", "B.txt"], cwd=cwd,
                                    capture_output=True, check=True).stdout
        found = Counter(change["kind"] for change in json.loads(found_json)["changes"])
        ours_bytes = len(subprocess.run(ours, cwd=cwd, capture_output=True, check=True).stdout)
        git_done = subprocess.run(git, cwd=cwd, capture_output=True, check=False)
        assert git_done.returncode == 1, f"git diff exited {git_done.returncode}: {git_done.stderr!r}"

        runs = {"ours": _subprocess(ours, cwd, (0,)), "git": _subprocess(git, cwd, (1,))}
        if args.variants:
            runs["no_color"] = _subprocess([str(script), "--no-color", "diff", "A.txt", "B.txt"], cwd, (0,))
            runs["json"] = _subprocess([str(script), "diff", "--json", "A.txt", "B.txt"], cwd, (0,))
        medians = interleaved(runs, args.repeat)
    row: dict[str, Any] = {"positions": positions, "a_bytes": len(text), "b_bytes": len(edited),
                           "ours_ms": medians["ours"], "git_ms": medians["git"],
                           "x_git": medians["ours"] / medians["git"],
                           "ours_output_bytes": ours_bytes, "git_output_bytes": len(git_done.stdout)}
    for name in ("no_color", "json"):
        if name in medians:
            row[f"{name}_ms"], row[f"{name}_x_git"] = medians[name], medians[name] / medians["git"]
    row.update({"found": dict(sorted(found.items())), "expected": dict(sorted(EXPECTED.items())),
                "found_as_expected": found == EXPECTED})
    return row


def profile_read(text: bytes, top: int = 25) -> str:
    """The functions of one ``read_seed_text`` by cumulative and by own time, as pstats prints them."""
    profiler = cProfile.Profile()
    profiler.runcall(read_seed_text, text, "bench")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", default="60,600", help="manual sizes, comma-separated (default 60,600)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each command at each size")
    parser.add_argument("--variants", action="store_true",
                        help="also time `docversion --no-color diff` and `docversion diff --json`")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the temporary directories")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--profile", action="store_true", help="also cProfile one read at the largest size")
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.positions.split(",")})
    assert sizes and sizes[0] >= 20, "measure at 20 positions or more (the edits need distinct positions)"
    script = Path(sys.executable).parent / "docversion"
    assert script.exists(), f"no console script at {script}: install the package in this environment"

    started = time.perf_counter()
    reads, diffs = [], []
    for positions in sizes:
        text = build_seed_text(positions)
        edited = build_edited(text, positions)
        reads.append(measure_read(text, positions, args.repeat))
        diffs.append(measure_diff(text, edited, positions, script, args))
    small, large = sizes[0], sizes[-1]
    growth = {"positions": f"{small} -> {large}", "linear": large / small,
              "read": reads[-1]["read_ms"] / reads[0]["read_ms"],
              "json_loads": reads[-1]["json_loads_ms"] / reads[0]["json_loads_ms"],
              "diff": diffs[-1]["ours_ms"] / diffs[0]["ours_ms"],
              "git_diff": diffs[-1]["git_ms"] / diffs[0]["git_ms"]}
    targets = {
        f"read_seed_text >= {TARGET_MB_S:g} MB/s at every size": all(r["read_mb_s"] >= TARGET_MB_S for r in reads),
        f"docversion diff <= {TARGET_X_GIT:g}x git diff --word-diff at every size":
            all(r["x_git"] <= TARGET_X_GIT for r in diffs),
    }
    info = {"positions": ",".join(map(str, sizes)), "repeat": args.repeat, "python": sys.version.split()[0],
            "runtime_s": round(time.perf_counter() - started, 1)}
    profiled = profile_read(build_seed_text(large)) if args.profile else None

    if args.json:
        print(json.dumps({**info, "read": reads, "diff": diffs, "growth": growth, "targets": targets}, indent=2))
    else:
        print_table(info, reads, diffs, growth, targets)
    if profiled:
        print(f"cProfile of one read_seed_text at {large} positions:", file=sys.stderr if args.json else sys.stdout)
        print(profiled, file=sys.stderr if args.json else sys.stdout)


def print_table(info: dict[str, Any], reads: list[dict[str, Any]], diffs: list[dict[str, Any]],
                growth: dict[str, Any], targets: dict[str, bool]) -> None:
    """The figures as plain tables, then the growth, the change kinds found and the targets."""
    print(", ".join(f"{key}={value}" for key, value in info.items()))
    print("(a) reading in process")
    print(f"{'positions':>9}{'text bytes':>12}{'read ms':>10}{'read MB/s':>11}{'json bytes':>12}"
          f"{'json.loads ms':>15}{'json MB/s':>11}{'x json.loads':>14}")
    for r in reads:
        print(f"{r['positions']:>9}{r['text_bytes']:>12}{r['read_ms']:>10.1f}{r['read_mb_s']:>11.2f}"
              f"{r['json_bytes']:>12}{r['json_loads_ms']:>15.2f}{r['json_loads_mb_s']:>11.1f}"
              f"{r['x_json_loads']:>14.1f}")
    print("(b) docversion diff A.txt B.txt vs git diff --no-index --word-diff A.txt B.txt (whole processes)")
    extra = [name for name in ("no_color", "json") if f"{name}_ms" in diffs[0]]
    print(f"{'positions':>9}{'ours ms':>10}{'git ms':>9}{'x git':>9}"
          + "".join(f"{name + ' ms':>13}{name + ' x git':>15}" for name in extra)
          + f"{'ours out B':>12}{'git out B':>11}")
    for r in diffs:
        print(f"{r['positions']:>9}{r['ours_ms']:>10.1f}{r['git_ms']:>9.2f}{r['x_git']:>9.1f}"
              + "".join(f"{r[name + '_ms']:>13.1f}{r[name + '_x_git']:>15.1f}" for name in extra)
              + f"{r['ours_output_bytes']:>12}{r['git_output_bytes']:>11}")
    print(f"growth {growth['positions']} (linear {growth['linear']:g}): read {growth['read']:.2f}, "
          f"json.loads {growth['json_loads']:.2f}, docversion diff {growth['diff']:.2f}, "
          f"git diff {growth['git_diff']:.2f}")
    for r in diffs:
        mark = "as expected" if r["found_as_expected"] else f"EXPECTED {r['expected']}"
        print(f"  {r['positions']} positions: " + ", ".join(f"{k} {v}" for k, v in r["found"].items())
              + f" ({mark})")
    for name, is_met in targets.items():
        print(f"target {name}: {'met' if is_met else 'MISSED'}")


if __name__ == "__main__":
    main()
