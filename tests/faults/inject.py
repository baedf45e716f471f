#!/usr/bin/env python3
# Run by tests/faults/git for the writing calls only.
"""A ``git`` for fault injection: counts the calls that write, and at the one named by
DV_KILL_AT kills the docversion process that ran it (SIGKILL, as a crash would).

DV_KILL_WHEN: "before" (the call never runs), "after" (it ran, its caller never learns), or
"between" (an ``update-ref --stdin`` transaction: its first DV_KILL_KEEP ref moves are made,
the rest are left as their lock files holding the new ids, as git leaves them when killed
between two ref renames). DV_COUNT names a file where the number of writing calls is kept.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

REAL = os.environ.get("DV_REAL_GIT", "/usr/bin/git")
WRITES = {"hash-object", "mktree", "commit-tree", "mktag", "update-ref", "fetch", "push", "gc", "maintenance"}


def command(argv: list[str]) -> str:
    args = iter(argv)
    for arg in args:
        if arg == "-c":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return ""


def crash() -> None:
    os.kill(os.getppid(), signal.SIGKILL)
    sys.exit(137)


def between(argv: list[str], keep: int) -> None:
    script = sys.stdin.buffer.read().decode()
    lines = [line for line in script.splitlines() if line.split(" ", 1)[0] in ("update", "create", "delete")]
    git_dir = Path(os.environ["GIT_DIR"])
    for index, line in enumerate(lines):
        _verb, ref, *ids = line.split()
        if index < keep:
            subprocess.run([REAL, "update-ref", ref, ids[0]], check=True)
        else:
            lock = git_dir / f"{ref}.lock"
            lock.parent.mkdir(parents=True, exist_ok=True)
            lock.write_text(ids[0] + "\n")
    crash()


def main() -> None:
    argv = sys.argv[1:]
    kill_at = int(os.environ.get("DV_KILL_AT", "0"))
    if command(argv) in WRITES and os.environ.get("DV_COUNT"):
        counter = Path(os.environ["DV_COUNT"])
        count = int(counter.read_text() or "0") + 1 if counter.exists() else 1
        counter.write_text(str(count))
        with Path(f"{counter}.calls").open("a") as calls:  # what each writing call was, for the test to read
            calls.write(f"{count} {command(argv)} {'stdin' if '--stdin' in argv else ''}\n")
        if count == kill_at:
            when = os.environ.get("DV_KILL_WHEN", "before")
            if when == "before":
                crash()
            if when == "between" and "--stdin" in argv and command(argv) == "update-ref":
                between(argv, int(os.environ.get("DV_KILL_KEEP", "1")))
            done = subprocess.run([REAL, *argv], stdin=sys.stdin)
            if when in ("after", "between"):
                crash()
            sys.exit(done.returncode)
    os.execv(REAL, [REAL, *argv])  # noqa: S606 (this git is the real one, with the same arguments)


main()
