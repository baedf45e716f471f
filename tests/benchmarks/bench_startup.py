"""Benchmark: how long ``docversion --help`` takes to start, against ``python -c "import click"``.

Every Tab press of shell completion and every short command pays the start-up, so the command
line imports little until a command needs it (the package's API is loaded lazily). Measured,
as subprocesses of the same interpreter in the same run: ``python -m docversion --help``, the
installed console script ``docversion --help`` (when it exists next to the interpreter) and the
baseline ``python -c "import click"`` -- median wall time over --repeat runs after one warm-up
each, interleaved so that a busy moment of a shared machine hits every command alike. The
figure is the ratio to the baseline (target: at most 2).

    .venv/bin/python tests/benchmarks/bench_startup.py [--repeat 21] [--json] [--importtime]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 2.0


def commands() -> dict[str, list[str]]:
    """The commands to time, by name; the baseline first."""
    found = {
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "python -m docversion --help": [sys.executable, "-m", "docversion", "--help"],
    }
    script = Path(sys.executable).parent / "docversion"
    if script.exists():
        found["docversion --help (console script)"] = [str(script), "--help"]
    return found


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time (ms) of one run; the command must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, env=env)
    return (time.perf_counter() - start) * 1000


def measure(argvs: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """``repeat`` timings of each command after a warm-up, the commands interleaved round by round."""
    env = {k: v for k, v in os.environ.items() if k != "_DOCVERSION_COMPLETE"}  # no completion mode
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

    argvs = commands()
    times = measure(argvs, args.repeat)
    baseline_name = next(iter(argvs))
    baseline = statistics.median(times[baseline_name])
    rows: list[dict[str, Any]] = []
    for name, found in times.items():
        median = statistics.median(found)
        rows.append({"command": name, "median_ms": median, "min_ms": min(found), "max_ms": max(found),
                     "x_import_click": median / baseline})
    worst = max(row["x_import_click"] for row in rows)
    info = {"python": sys.version.split()[0], "repeat": args.repeat, "target_x_import_click": TARGET_RATIO,
            "meets_target": worst <= TARGET_RATIO}

    if args.json:
        print(json.dumps({**info, "rows": rows}, indent=2))
    else:
        print(", ".join(f"{key}={value}" for key, value in info.items()))
        print(f"{'command':<38}{'median ms':>11}{'min ms':>9}{'max ms':>9}{'x import click':>16}")
        for row in rows:
            print(f"{row['command']:<38}{row['median_ms']:>11.1f}{row['min_ms']:>9.1f}{row['max_ms']:>9.1f}"
                  f"{row['x_import_click']:>16.2f}")
    if args.importtime:
        import_profile()


if __name__ == "__main__":
    main()
