"""Benchmark: recording, logging and packing a manual's history of N versions in the git store.

One bare store (``Store.init``, in a tempfile.TemporaryDirectory) grows one manual, the seed
tests/fixtures/seed-900-0935-v05.txt, by 1..max(--versions) records. Each record is the smallest
real edit -- one position's objective replaced (positions taken in turn) -- recorded with
``Store.record(manual, author=...)`` as a draft; every --historical-every'th record also bumps
the cover's version and in-force date, appends its MODIFICACIONES REALIZADAS row and is recorded
with ``is_historical=True`` (a version tag). Measured, in one run:

* record: wall time of every ``Store.record`` call; at each history size N, the median over the
  draft records among the last --window records up to the N-th (never the first, which creates
  the branch), and its ratio to the median at the smallest size -- recording should not slow
  down as history grows. The baseline is one ``git rev-parse`` process, measured in the same run,
  with the number of git processes a draft record starts (counted through the store's runner).
* log: median over --repeat runs (after a warm-up) of ``Store.log(code)`` when the store holds
  exactly N versions, against the baseline of one ``git --git-dir S log --first-parent
  --format=<the store's fields> refs/heads/manuals/<code>`` subprocess over the same ref.
* size: after the last record, ``git gc --aggressive --prune=now`` (or ``git repack -adf`` with
  --gc repack), then the sum of objects/pack/*.pack against one snapshot of the last manual
  recorded: the bytes of ``dump_manual(manual).values()`` and those bytes gzip-compressed as
  one stream (level 9). The lines git's packing printed as "error:" are counted too: they
  should be none (the store sets gc.refs/tags/*.reflogExpire=never, so ``git reflog expire``
  leaves the version tags' logs alone instead of calling each tag "not a commit").

Absolute times on a shared machine are noise; the ratios are the figures.

    .venv/bin/python tests/benchmarks/bench_store.py [--versions 10,100,1000] [--window 20]
        [--repeat 7] [--historical-every 10] [--gc aggressive|repack] [--dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from measuring import median_ms

from docversion.formats.canonical import dump_manual
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual, RevisionRow
from docversion.store import Identity, Store
from docversion.store.gitcmd import Git
from docversion.store.refs import manual_ref, store_code

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-900-0935-v05.txt"
AUTHOR = Identity("Bench", "bench@example.org")
# The fields Store.log reads (docversion.store.history), one record per commit.
LOG_FORMAT = "%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B"


@dataclass(frozen=True)
class CountingGit(Git):
    """The store's git runner, counting the git processes it starts (by subcommand)."""

    calls: list[str] = field(default_factory=list)

    def run(self, *args: str, data: bytes = b"", identity: Identity | None = None,
            env: Mapping[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        self.calls.append(args[0])
        return super().run(*args, data=data, identity=identity, env=env, check=check)


def with_objective(manual: Manual, position_index: int, objective: str) -> Manual:
    """``manual`` with one position's objective replaced (as tests/conftest.py's helper)."""
    positions = list(manual.positions)
    old = positions[position_index]
    marks = tuple(mark for mark in old.marked if not mark.path.startswith("objective"))
    positions[position_index] = old.model_copy(update={"objective": objective, "marked": marks})
    return Manual.model_validate({**manual.model_dump(), "positions": [p.model_dump() for p in positions]})


def next_version(manual: Manual, number: int) -> Manual:
    """``manual`` as its next published version: cover version and date, one more revision row."""
    version = manual.cover.version + 1
    in_force = manual.cover.in_force + timedelta(days=30)
    row = RevisionRow(version=version, authorized_by=manual.cover.authorized_by, in_force=in_force,
                      changes=(f"Edición de prueba número {number}.",), prepared_by_label="Elaborado por",
                      prepared_by="Bench")
    cover = manual.cover.model_copy(update={"version": version, "in_force": in_force})
    return Manual.model_validate({**manual.model_dump(), "cover": cover.model_dump(),
                                  "revisions": [*(r.model_dump() for r in manual.revisions), row.model_dump()]})


def git(git_dir: Path, *args: str) -> bytes:
    """Run git on the store directly, as a user would (the baselines and the packing)."""
    return git_process(git_dir, *args).stdout


def git_process(git_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git on the store directly; the finished process, with what it said on stderr."""
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, check=True)


def tree_bytes(root: Path, pattern: str) -> int:
    """The sum of the sizes of the files under ``root`` matching ``pattern``."""
    return sum(p.stat().st_size for p in root.glob(pattern) if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default="10,100,1000",
                        help="history sizes at which to measure, comma-separated (default 10,100,1000)")
    parser.add_argument("--window", type=int, default=20, help="records timed before each size")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each log measurement")
    parser.add_argument("--historical-every", type=int, default=10,
                        help="record every Nth as a published version (0: drafts only)")
    parser.add_argument("--gc", choices=("aggressive", "repack"), default="aggressive")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the temporary store")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.versions.split(",")})
    assert sizes and sizes[0] >= 2, "measure at 2 versions or more"

    seed = read_seed_text(SEED.read_bytes(), str(SEED)).manual
    code = store_code(seed.cover.code)
    ref = manual_ref(code)
    objectives = [p.objective for p in seed.positions]
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=args.dir) as tmp:
        store = Store.init(Path(tmp) / "store.git", is_bare=True)
        runner = CountingGit(store.git_dir)
        store.git = runner
        git_dir = store.git_dir
        spawn_ms = median_ms(lambda: git(git_dir, "rev-parse", "--git-dir"), args.repeat)

        manual = seed
        record_ms: list[float] = []
        is_version: list[bool] = []
        draft_calls: list[int] = []
        rows: list[dict[str, Any]] = []
        for number in range(1, sizes[-1] + 1):
            at = number % len(objectives)
            manual = with_objective(manual, at, f"{objectives[at]} Revisión de prueba número {number}.")
            historical = args.historical_every > 0 and number % args.historical_every == 0
            if historical:
                manual = next_version(manual, number)
            before = len(runner.calls)
            start = time.perf_counter()
            done = store.record(manual, author=AUTHOR, is_historical=historical)
            record_ms.append((time.perf_counter() - start) * 1000)
            is_version.append(historical)
            if not historical and number > 1:
                draft_calls.append(len(runner.calls) - before)
            assert not done.is_unchanged and done.version == (manual.cover.version if historical else None)

            if number in sizes:
                window = range(max(1, number - args.window), number)  # indexes; 0 created the branch
                drafts = [record_ms[i] for i in window if not is_version[i]]
                entries = store.log(code)
                assert len(entries) == number, f"log gave {len(entries)} entries at {number}"
                assert entries[0].commit == done.commit
                log_ms = median_ms(lambda: store.log(code), args.repeat)
                git_log_ms = median_ms(lambda: git(git_dir, "log", "--first-parent", f"--format={LOG_FORMAT}", ref),
                                       args.repeat)
                rows.append({"versions": number, "record_samples": len(drafts),
                             "record_ms": statistics.median(drafts), "log_ms": log_ms,
                             "git_log_ms": git_log_ms, "log_x_git_log": log_ms / git_log_ms})
        for row in rows:
            row["record_x_smallest"] = row["record_ms"] / rows[0]["record_ms"]
            row["record_x_git_spawn"] = row["record_ms"] / spawn_ms

        snapshot = dump_manual(manual)
        raw = b"".join(snapshot.values())
        loose = tree_bytes(git_dir / "objects", "??/*")
        gc_start = time.perf_counter()
        if args.gc == "aggressive":
            said = git_process(git_dir, "gc", "--aggressive", "--prune=now", "--quiet").stderr
        else:
            said = git_process(git_dir, "repack", "-adf", "--quiet").stderr
            said += git_process(git_dir, "prune", "--expire=now").stderr
        gc_s = time.perf_counter() - gc_start
        packed = tree_bytes(git_dir / "objects" / "pack", "*.pack")
        counted = dict(line.split(": ", 1) for line in git(git_dir, "count-objects", "-v").decode().splitlines())
        size = {"versions": sizes[-1], "published_versions": sum(is_version), "gc": args.gc,
                "gc_s": gc_s, "gc_error_lines": said.decode("utf-8", "replace").count("error:"),
                "loose_bytes_before_gc": loose, "pack_bytes": packed,
                "objects_in_pack": int(counted["in-pack"]), "loose_objects_after_gc": int(counted["count"]),
                "snapshot_files": len(snapshot), "snapshot_bytes": len(raw),
                "snapshot_gzip_bytes": len(gzip.compress(raw, compresslevel=9, mtime=0)),
                "seed_snapshot_bytes": sum(map(len, dump_manual(seed).values()))}
        size["pack_x_snapshot"] = packed / size["snapshot_bytes"]
        size["pack_x_snapshot_gzip"] = packed / size["snapshot_gzip_bytes"]
        size["pack_bytes_per_version"] = packed / sizes[-1]

    versions = [ms for ms, v in zip(record_ms, is_version, strict=True) if v]
    info = {"versions": ",".join(map(str, sizes)), "window": args.window, "repeat": args.repeat,
            "historical_every": args.historical_every, "git_spawn_ms": round(spawn_ms, 2),
            "git_processes_per_draft_record": statistics.median(draft_calls) if draft_calls else None,
            "historical_record_median_ms": round(statistics.median(versions), 2) if versions else None,
            "runtime_s": round(time.perf_counter() - started, 1)}

    if args.json:
        print(json.dumps({**info, "rows": rows, "size": size}, indent=2))
        return
    print(", ".join(f"{key}={value}" for key, value in info.items()))
    print(f"{'versions':>9}{'record ms':>11}{'x smallest':>12}{'x git spawn':>13}"
          f"{'log ms':>9}{'git log ms':>12}{'x git log':>11}")
    for row in rows:
        print(f"{row['versions']:>9}{row['record_ms']:>11.2f}{row['record_x_smallest']:>12.3g}"
              f"{row['record_x_git_spawn']:>13.3g}{row['log_ms']:>9.2f}{row['git_log_ms']:>12.2f}"
              f"{row['log_x_git_log']:>11.3g}")
    print(f"size after {size['versions']} records ({size['published_versions']} published), "
          f"git {'gc --aggressive --prune=now' if args.gc == 'aggressive' else 'repack -adf'} "
          f"({size['gc_s']:.1f} s, {size['gc_error_lines']} error lines): "
          f"loose before {size['loose_bytes_before_gc']} B")
    print(f"  pack {size['pack_bytes']} B ({size['objects_in_pack']} objects, "
          f"{size['pack_bytes_per_version']:.0f} B/version); one snapshot {size['snapshot_bytes']} B "
          f"in {size['snapshot_files']} files, gzip {size['snapshot_gzip_bytes']} B")
    print(f"  pack x snapshot {size['pack_x_snapshot']:.3g}, pack x gzip snapshot "
          f"{size['pack_x_snapshot_gzip']:.3g}")


if __name__ == "__main__":
    main()
