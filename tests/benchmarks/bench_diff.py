"""Benchmark: loading two snapshots of an N-position manual from the store and diffing them.

The old manual is built at model level from tests/fixtures/seed-900-0935-v05.txt: the seed's
three positions copied cyclically to N (copy n gets the id "<id>-<n>" and the title "<title> <n>";
every position's revision marks are cleared, as a draft's would be). The new manual is the old
after a fixed mix of edits drawn with ``random.Random(--seed)`` from disjoint positions:

* 2% of positions renamed (a word inserted in the title),
* 5% with one periodic function edited word-wise (one lower-case word replaced, one inserted;
  each (old word, new word) pair used once, so no edit looks like an organisation-wide rename),
* 2% with one periodic function moved to a periodicity that does not hold it (e.g. monthly ->
  quarterly),
* 1% with two items of one list swapped,
* 1% of positions removed (copies of the seed's first position) and 1% added: copies of the
  other two with a new id and title ("Analista de Canales Digitales <n>") in a new unit. The
  seed's three positions score 61 to 68 against each other (the matching threshold is 55), so a
  copy keeping its numbered title and unit can be matched to a removed one and reported as that
  one rewritten (at 1,000 positions two were, with 18 spurious term renames); with the new title
  and unit the best removed/added score is about 42,
* the department "Gerencia de Servicio al Cliente" renamed "Gerencia de Atención al Cliente" in
  every position, and one key function's percentage changed;

each edit kind at least once. Both are recorded as two commits of one manual in a temporary
bare store (``Store.record``). Measured per size, median wall time over --repeat runs after one
warm-up:

* ours, "load plus diff": ``store.load_pair`` of both commits, then ``diff(a, b)``: what
  ``docversion diff CODE A B`` does. The store's parse cache holds both snapshots (recording
  them put them there), as it does in use: each run lists the commits' blobs with git, takes
  their JSON from the cache and validates it. Also measured: the same with the cache off
  ("cold": every file read from git and parsed from YAML, as on a store just pulled); the diff
  alone on the loaded manuals; peak traced memory of load plus diff in a separate run
  (tracemalloc);
* baseline 1: one ``git --git-dir STORE diff -M c1 c2`` subprocess (output captured); ratio
  ours (load plus diff: both start from the two commits) / git diff, target at most 3 at the
  smallest size;
* baseline 2: ``DeepDiff(old_dict, new_dict)`` with default options of the two manuals dumped
  with ``model_dump(mode="json")`` beforehand (the dumps are not timed), over --deepdiff-repeat
  runs. Both start from the two versions in memory, so the target (at least 10) is judged on
  DeepDiff / our diff alone; DeepDiff / load plus diff is printed next to it;
* growth: ours at the largest size / ours at the smallest, target at most 25 (1,000 vs 50).

Checked, not timed: the store gives back the manuals recorded, and ``apply(diff(a, b), a) == b``;
the change kinds found are printed next to those the edits should produce. --profile prints a
cProfile of one load plus diff at the largest size. Absolute times on a shared machine are
noise; the ratios to the baselines measured in the same run are the figures.

    .venv/bin/python tests/benchmarks/bench_diff.py [--positions 50,200,1000] [--repeat 7]
        [--deepdiff-repeat 3] [--seed 20240601] [--dir DIR] [--json] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import re
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from deepdiff import DeepDiff
from measuring import median_ms, peak_mib

from docversion.diff import apply, diff
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.store import Identity, Store

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-900-0935-v05.txt"
AUTHOR = Identity("Bench", "bench@example.org")
OLD_DEPARTMENT = "Gerencia de Servicio al Cliente"
NEW_DEPARTMENT = "Gerencia de Atención al Cliente"
NEW_TITLE, NEW_ID = "Analista de Canales Digitales", "analista-de-canales-digitales"
NEW_UNIT = "Área de Canales Digitales"
NEW_REPORTS_TO = "Jefe Área de Canales Digitales"
PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")
# Share of positions each edit touches (at least one each).
MIX = {"renamed": 0.02, "item_edited": 0.05, "item_moved": 0.02, "swapped": 0.01, "removed": 0.01,
       "added": 0.01}
TITLE_WORDS = ("Principal", "Senior", "Regional", "Corporativo", "Auxiliar", "General")
NEW_WORDS = ("oportunamente", "periódicamente", "formalmente", "detalladamente", "conjuntamente",
             "eficientemente", "previamente", "sistemáticamente", "debidamente", "directamente",
             "semestralmente", "continuamente", "puntualmente", "adecuadamente", "técnicamente")
_LOWER_WORD = re.compile(r"^[a-záéíóúñü]{5,}$")
TARGETS = {"x_git_diff_at_smallest": 3.0, "deepdiff_x_diff": 10.0, "growth": 25.0}


def build_old(seed: Manual, positions: int) -> Manual:
    """The seed's positions copied cyclically to ``positions``, unique ids and titles, no marks."""
    copies = []
    for number in range(1, positions + 1):
        source = seed.positions[(number - 1) % len(seed.positions)]
        copies.append(source.model_copy(update={"id": f"{source.id}-{number}", "title": f"{source.title} {number}",
                                                "marked": ()}))
    return Manual.model_validate({**seed.model_dump(), "positions": [p.model_dump() for p in copies]})


def _count(share: float, positions: int) -> int:
    return max(1, round(share * positions))


def _items(position: dict[str, Any]) -> list[tuple[str, int]]:
    return [(period, i) for period in PERIODS for i in range(len(position["periodic_functions"][period]))]


def _word_edit(rng: random.Random, text: str, used: set[tuple[str, str]]) -> str:
    """``text`` with one lower-case word replaced and one word inserted after another."""
    words = text.split(" ")
    places = [i for i, w in enumerate(words) if _LOWER_WORD.match(w)]
    for _ in range(100):
        at, new_word = rng.choice(places), rng.choice(NEW_WORDS)
        if (words[at], new_word) not in used and words[at] != new_word:
            used.add((words[at], new_word))
            break
    else:
        raise AssertionError("no unused word replacement left")
    words[at] = new_word
    after = rng.choice([i for i in places if i != at])
    words.insert(after + 1, rng.choice(("también", "además")))
    return " ".join(words)


def build_new(old: Manual, rng: random.Random) -> tuple[Manual, Counter[str]]:
    """``old`` after the fixed mix of edits; and the change kinds they should produce."""
    data = json.loads(old.model_dump_json())
    positions: list[dict[str, Any]] = data["positions"]
    total = len(positions)
    counts = {kind: _count(share, total) for kind, share in MIX.items()}
    first_kind = old.positions[0].id.rsplit("-", 1)[0]
    removable = [i for i, p in enumerate(positions) if p["id"].rsplit("-", 1)[0] == first_kind]
    removed = set(rng.sample(removable, counts["removed"]))
    others = [i for i in range(total) if i not in removed]
    rng.shuffle(others)
    chosen: dict[str, list[int]] = {}
    for kind in ("renamed", "item_edited", "item_moved", "swapped", "percent"):
        size = 1 if kind == "percent" else counts[kind]
        chosen[kind], others = others[:size], others[size:]
        assert len(chosen[kind]) == size, "too few positions for the mix of edits"

    for i in chosen["renamed"]:
        first, rest = positions[i]["title"].split(" ", 1)
        positions[i]["title"] = f"{first} {rng.choice(TITLE_WORDS)} {rest}"
    used: set[tuple[str, str]] = set()
    for i in chosen["item_edited"]:
        period, at = rng.choice(_items(positions[i]))
        items = positions[i]["periodic_functions"][period]
        items[at] = _word_edit(rng, items[at], used)
    for i in chosen["item_moved"]:
        periodic = positions[i]["periodic_functions"]
        period, at = rng.choice(_items(positions[i]))
        item = periodic[period][at]
        target = rng.choice([p for p in PERIODS if p != period and item not in periodic[p]])
        periodic[target].append(periodic[period].pop(at))
    for i in chosen["swapped"]:
        periodic = positions[i]["periodic_functions"]
        period = rng.choice([p for p in PERIODS if len(periodic[p]) >= 2])
        a, b = rng.sample(range(len(periodic[period])), 2)
        periodic[period][a], periodic[period][b] = periodic[period][b], periodic[period][a]
    [i] = chosen["percent"]
    functions = positions[i]["key_functions"]
    at = rng.randrange(len(functions))
    room = 100 - sum(f["percent"] for f in functions)
    functions[at]["percent"] += 5 if room >= 5 else -5
    for position in positions:
        position["department"] = position["department"].replace(OLD_DEPARTMENT, NEW_DEPARTMENT)

    sources = [p for p in positions if p["id"].rsplit("-", 1)[0] != first_kind]
    kept = [p for n, p in enumerate(positions) if n not in removed]
    for number in range(total + 1, total + 1 + counts["added"]):
        source = rng.choice(sources)
        added = {**json.loads(json.dumps(source)), "id": f"{NEW_ID}-{number}", "title": f"{NEW_TITLE} {number}",
                 "unit": NEW_UNIT, "reports_to": NEW_REPORTS_TO}
        kept.insert(rng.randrange(len(kept) + 1), added)
    data["positions"] = kept
    expected = Counter({"position_renamed": counts["renamed"], "item_edited": counts["item_edited"],
                        "item_moved": counts["item_moved"], "items_reordered": counts["swapped"],
                        "position_removed": counts["removed"], "position_added": counts["added"],
                        "term_renamed": 1, "percent_changed": 1})
    return Manual.model_validate(data), expected


def profile(run: Callable[[], object], top: int = 25) -> str:
    """The functions of one run by cumulative and by own time, as pstats prints them."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def in_memory(a: Manual, b: Manual, args: argparse.Namespace) -> tuple[float, float]:
    """Median ms of the plain DeepDiff of the two manuals' dicts (dumped beforehand, not timed),
    and of our diff of the same two manuals, already loaded."""
    deepdiff_ms = median_ms(partial(DeepDiff, a.model_dump(mode="json"), b.model_dump(mode="json")),
                            args.deepdiff_repeat)  # the dicts are freed with the partial
    return deepdiff_ms, median_ms(lambda: diff(a, b), args.repeat)


def measure(seed: Manual, positions: int, args: argparse.Namespace) -> dict[str, Any]:
    """Build, record, check and time one size; the figures of that row.

    What is built for the checks and the baselines is dropped before ours is timed, so the
    timed runs hold what ``docversion diff`` holds: a heap several manuals larger makes every
    full pass of Python's cycle collector dearer, and would charge ours for the benchmark's own
    objects.
    """
    old = build_old(seed, positions)
    new, expected = build_new(old, random.Random(args.seed + positions))  # noqa: S311 (not crypto)
    with tempfile.TemporaryDirectory(prefix="bench-diff-", dir=args.dir) as tmp:
        store = Store.init(Path(tmp) / "store.git", is_bare=True)
        first = store.record(old, author=AUTHOR)
        second = store.record(new, author=AUTHOR)
        code, c1, c2 = first.code, first.commit, second.commit
        a, b = store.load_commit(code, c1, "a"), store.load_commit(code, c2, "b")
        assert (a, b) == (old, new), "the store did not give back the manuals recorded"
        assert (a, b) == store.load_pair(code, (c1, c2), ("a", "b"), use_cache=False), "cache and git differ"
        changes = diff(a, b)
        assert apply(changes, a) == b, "apply(diff(a, b), a) != b"
        found = Counter(change.kind for change in changes.changes)
        facts = {"new_positions": len(new.positions), "changes": len(changes.changes),
                 "matches": len(changes.matches)}
        del old, new, changes

        deepdiff_ms, diff_ms = in_memory(a, b, args)
        del a, b

        def ours() -> object:
            # What `docversion diff CODE A B` does: load both snapshots (a file they share is
            # parsed once), then diff.
            return diff(*store.load_pair(code, (c1, c2), ("a", "b")))

        def cold() -> object:
            return diff(*store.load_pair(code, (c1, c2), ("a", "b"), use_cache=False))

        def git_diff() -> bytes:
            return subprocess.run(["git", "--git-dir", str(store.git_dir), "diff", "-M", c1, c2],
                                  capture_output=True, check=True).stdout

        git_bytes = len(git_diff())
        ours_ms = median_ms(ours, args.repeat)
        cold_ms = median_ms(cold, args.repeat)
        git_ms = median_ms(git_diff, args.repeat)
        peak = peak_mib(ours)
        profiled = profile(ours) if args.profile and positions == args.profile_at else None
    return {"positions": positions, **facts, "ours_ms": ours_ms, "cold_ms": cold_ms, "diff_ms": diff_ms,
            "git_diff_ms": git_ms, "git_diff_bytes": git_bytes, "deepdiff_ms": deepdiff_ms,
            "x_git_diff": ours_ms / git_ms, "cold_x_git_diff": cold_ms / git_ms,
            "deepdiff_x_ours": deepdiff_ms / ours_ms, "deepdiff_x_diff": deepdiff_ms / diff_ms, "peak_mib": peak,
            "found": dict(sorted(found.items())), "expected": dict(sorted(expected.items())),
            "found_as_expected": found == expected, "profile": profiled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", default="50,200,1000",
                        help="manual sizes to measure, comma-separated (default 50,200,1000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of ours and git diff")
    parser.add_argument("--deepdiff-repeat", type=int, default=3, help="timed runs of DeepDiff (slow)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the edits' random choices")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the temporary stores")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one load plus diff at the largest size")
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.positions.split(",")})
    assert sizes and sizes[0] >= 3, "measure at 3 positions or more"
    args.profile_at = sizes[-1]

    started = time.perf_counter()
    seed = read_seed_text(SEED.read_bytes(), str(SEED)).manual
    assert len(seed.positions) == 3, "the seed should hold three positions"
    assert all(p.department == OLD_DEPARTMENT for p in seed.positions), "the seed's department changed"
    rows = [measure(seed, positions, args) for positions in sizes]
    for row in rows:
        row["x_smallest"] = row["ours_ms"] / rows[0]["ours_ms"]
    growth = rows[-1]["x_smallest"]
    targets = {
        f"ours / git diff at {sizes[0]} <= {TARGETS['x_git_diff_at_smallest']:g}":
            rows[0]["x_git_diff"] <= TARGETS["x_git_diff_at_smallest"],
        f"DeepDiff / our diff (both from memory) >= {TARGETS['deepdiff_x_diff']:g} at every size":
            all(r["deepdiff_x_diff"] >= TARGETS["deepdiff_x_diff"] for r in rows),
        f"ours at {sizes[-1]} / ours at {sizes[0]} <= {TARGETS['growth']:g}": growth <= TARGETS["growth"],
    }
    info = {"positions": ",".join(map(str, sizes)), "repeat": args.repeat,
            "deepdiff_repeat": args.deepdiff_repeat, "seed": args.seed,
            "runtime_s": round(time.perf_counter() - started, 1)}

    profiled = next((text for text in [row.pop("profile") for row in rows] if text), None)
    if args.json:
        print(json.dumps({**info, "rows": rows, "growth": growth, "targets": targets}, indent=2))
    else:
        print_table(info, rows, targets)
    if profiled:
        print(f"cProfile of one load plus diff at {sizes[-1]} positions:")
        print(profiled)


def print_table(info: dict[str, Any], rows: list[dict[str, Any]], targets: dict[str, bool]) -> None:
    """The figures as a table, then the change kinds found at each size and the targets."""
    print(", ".join(f"{key}={value}" for key, value in info.items()))
    print(f"{'positions':>9}{'load+diff ms':>14}{'cold ms':>10}{'diff ms':>10}{'git diff ms':>13}{'x git diff':>12}"
          f"{'cold x git':>12}{'DeepDiff ms':>13}{'DD / diff':>11}{'DD / ours':>11}{'x smallest':>12}"
          f"{'peak MiB':>10}")
    for row in rows:
        print(f"{row['positions']:>9}{row['ours_ms']:>14.2f}{row['cold_ms']:>10.2f}{row['diff_ms']:>10.2f}"
              f"{row['git_diff_ms']:>13.2f}{row['x_git_diff']:>12.3g}{row['cold_x_git_diff']:>12.3g}"
              f"{row['deepdiff_ms']:>13.1f}{row['deepdiff_x_diff']:>11.3g}{row['deepdiff_x_ours']:>11.3g}"
              f"{row['x_smallest']:>12.3g}"
              f"{row['peak_mib']:>10.2f}")
    for row in rows:
        mark = "as expected" if row["found_as_expected"] else f"EXPECTED {row['expected']}"
        print(f"  {row['positions']} -> {row['new_positions']} positions: {row['changes']} changes, "
              f"{row['matches']} id matches, git diff {row['git_diff_bytes']} B; "
              + ", ".join(f"{kind} {count}" for kind, count in row["found"].items()) + f" ({mark})")
    for name, is_met in targets.items():
        print(f"target {name}: {'met' if is_met else 'MISSED'}")


if __name__ == "__main__":
    main()
