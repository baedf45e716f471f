"""Benchmark: how long docversion's commands take to start, against ``python -c "import click"``.

Every Tab press of shell completion and every short command pays the start-up, so the command
line imports little until a command needs it (each command's module is imported when it is
looked up; the package's API is loaded lazily). Measured, as subprocesses of the same
interpreter in the same run, median wall time over --repeat runs after one warm-up each,
interleaved so that a busy moment of a shared machine hits every command alike; the figure is
each command's ratio to the baseline ``python -c "import click"``, with its target:

* ``docversion --help`` and ``--version`` (console script and ``python -m``): at most 1.5;
* ``docversion diff A B`` of two seed-sized manuals (the bundled history's v4 and v5, text): 4;
* ``docversion show 900-0935 --json`` on a store holding that history (one version read): 4.

    .venv/bin/python tests/benchmarks/bench_startup.py [--repeat 21] [--json] [--importtime]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HISTORY = REPO / "manuals" / "history-900-0935"


def commands(store: Path) -> dict[str, tuple[list[str], float]]:
    """The commands to time with their targets (× the baseline), by name; the baseline first."""
    module = [sys.executable, "-m", "docversion"]
    script = Path(sys.executable).parent / "docversion"
    tool = [str(script)] if script.exists() else module
    return {
        'python -c "import click"': ([sys.executable, "-c", "import click"], 1.0),
        "python -m docversion --help": ([*module, "--help"], 1.5),
        "docversion --help": ([*tool, "--help"], 1.5),
        "docversion --version": ([*tool, "--version"], 1.5),
        "docversion diff v4.txt v5.txt": ([*tool, "--no-color", "diff", str(HISTORY / "v4.txt"),
                                            str(HISTORY / "v5.txt")], 4.0),
        "docversion show 900-0935 --json": ([*tool, "--store", str(store), "show", "900-0935", "--json"], 4.0),
    }


def example_store(directory: Path) -> Path:
    """A store holding the bundled history (built once, before anything is timed)."""
    store = directory / "example.git"
    tool = [sys.executable, "-m", "docversion"]
    subprocess.run([*tool, "init", "--bare", str(store)], check=True, capture_output=True)
    subprocess.run([*tool, "--store", str(store), "import", "--historical", *sorted(map(str, HISTORY.glob("v*.txt")))],
                   check=True, capture_output=True)
    return store


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time (ms) of one run; the command must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, env=env)
    return (time.perf_counter() - start) * 1000


def measure(argvs: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """``repeat`` timings of each command after a warm-up, the commands interleaved round by round."""
    # No completion mode; and bytecode written and used, as on a user's machine (a developer's shell may
    # set PYTHONDONTWRITEBYTECODE, which makes every run compile every module again).
    env = {k: v for k, v in os.environ.items() if k not in ("_DOCVERSION_COMPLETE", "PYTHONDONTWRITEBYTECODE")}
    for argv in argvs.values():
        run_once(argv, env)
    times: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(repeat):
        for name, argv in argvs.items():
            times[name].append(run_once(argv, env))
    return times


def import_profile(top: int = 12) -> None:
    """Print the slowest imports of ``python -m docversion --help`` (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "docversion", "--help"],
                          capture_output=True, text=True, check=True)
    rows: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, microseconds, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            rows.append((int(microseconds), name))
    print(f"slowest imports (cumulative µs) of {len(rows)}:")
    for cumulative, name in sorted(rows, reverse=True)[:top]:
        print(f"{cumulative:>10}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        found_commands = commands(example_store(Path(directory)))
        times = measure({name: argv for name, (argv, _) in found_commands.items()}, args.repeat)
    baseline_name = next(iter(found_commands))
    baseline = statistics.median(times[baseline_name])
    rows: list[dict[str, Any]] = []
    for name, found in times.items():
        median = statistics.median(found)
        target = found_commands[name][1]
        rows.append({"command": name, "median_ms": median, "min_ms": min(found), "max_ms": max(found),
                     "x_import_click": median / baseline, "target": target,
                     "meets_target": median / baseline <= target})
    info = {"python": sys.version.split()[0], "repeat": args.repeat,
            "meets_targets": all(row["meets_target"] for row in rows)}

    if args.json:
        print(json.dumps({**info, "rows": rows}, indent=2))
    else:
        print(", ".join(f"{key}={value}" for key, value in info.items()))
        print(f"{'command':<34}{'median ms':>11}{'min ms':>9}{'max ms':>9}{'x import click':>16}{'target':>8}")
        for row in rows:
            print(f"{row['command']:<34}{row['median_ms']:>11.1f}{row['min_ms']:>9.1f}{row['max_ms']:>9.1f}"
                  f"{row['x_import_click']:>16.2f}{row['target']:>8.1f}")
    if args.importtime:
        import_profile()


if __name__ == "__main__":
    main()
