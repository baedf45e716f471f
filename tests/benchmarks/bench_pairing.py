"""Benchmark: how well ``diff`` pairs old items with new ones, over a labelled corpus of edits.

The corpus is tests/diffcorpus: real manuals (the two text fixtures, the bundled canonical
directories, which equal them and are used once, and tests/corpus/text/*.txt; revision marks
dropped), each edited by 3 to 8 disjoint labelled edits drawn with ``random.Random`` (case n
of a run uses ``Random(--seed * 100003 + n)``): items extended (up to 3x), shortened (at least
half kept), reworded a little (1-2 words) or a lot (30-45% of the words, verb and main noun
kept), split in two, two adjacent items merged, moved to another periodicity (unchanged or
reworded), lists reordered, a new item added beside one sharing its first 3-5 words (half the
time with that neighbour extended too), items removed, key-function shares moved, positions
renamed, a term renamed everywhere, single-valued fields changed. Each label knows where every
item it touched went and which change records a correct diff gives (tests/diffcorpus/truth.py).

Measured, over all cases (--manuals of them, cycling through the sources):

* pairing: the links (old slot -> new slot, or to/from nothing) the change set states or implies
  (tests/diffcorpus/score.py), against the true links of the touched items; a predicted link that
  is not true counts against precision wherever it is. Precision = right / predicted, recall =
  right / true;
* per change kind: records keyed by kind and place (tests/diffcorpus/records.py), true /
  predicted / right, precision and recall;
* per edit kind: edits, precision and recall of the links of the items each edit touched, and
  the share of edits whose every expected record the diff gave ("complete");
* ``apply(diff(a, b), a) == b`` for every case (each failure is listed);
* the diff's total and median time per case (time.perf_counter; noise on a shared machine).

Then the first --failures failures of the pairing for each edit kind, and of each change kind
(records missed, then records no edit explains): the edit, the texts before and after, their similarity (rapidfuzz
ratio, case-folded) and what the diff said there. --show-case N prints one case in full: its
edits and every change the diff gave. The default run (300 manuals, about 1,650 edits) takes a
few seconds.

    .venv/bin/python tests/benchmarks/bench_pairing.py [--manuals 300] [--min-edits 3] [--max-edits 8]
        [--seed 20240615] [--kinds split,merged] [--failures 3] [--show-case N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: tests.diffcorpus

from docversion.diff import diff
from tests.diffcorpus.failures import Failure, link_failures, record_failures, statement
from tests.diffcorpus.generate import EDITS, Case, draw_cases
from tests.diffcorpus.score import CaseScore, score_case, tally
from tests.diffcorpus.sources import read_sources

KIND_ORDER = ("item_added", "item_removed", "item_edited", "item_moved", "item_split", "item_merged",
              "items_reordered", "percent_changed", "position_renamed", "term_renamed", "field_changed")


def run(cases: list[Case]) -> tuple[list[CaseScore], list[float]]:
    """Diff every case and score it; and the diff's time per case (ms)."""
    scores, times = [], []
    for case in cases:
        start = time.perf_counter()
        try:
            changes = diff(case.old, case.new)
        except Exception as exc:
            exc.add_note(f"diffing case {case.number} ({case.source}); --show-case {case.number} prints it")
            raise
        times.append((time.perf_counter() - start) * 1000)
        scores.append(score_case(case, changes))
    return scores, times


def first_failures(scores: list[CaseScore], limit: int) -> dict[str, list[Failure]]:
    """The first ``limit`` failures of the pairing for each edit kind ("pairing / split"), then of
    each change kind (records missed before records no edit explains)."""
    missed: defaultdict[str, list[Failure]] = defaultdict(list)
    unexpected: defaultdict[str, list[Failure]] = defaultdict(list)
    pairing: defaultdict[str, list[Failure]] = defaultdict(list)
    for score in scores:
        for kind, failure in record_failures(score):
            bucket = missed if "expected" in failure else unexpected
            if len(bucket[kind]) < limit:
                bucket[kind].append(failure)
        for failure in link_failures(score):
            group = pairing[f"pairing / {failure['edit'].split(' ')[0]}"]
            if len(group) < limit:
                group.append(failure)
    found = {kind: (missed[kind] + unexpected[kind])[:limit] for kind in sorted({*missed, *unexpected})}
    return {**dict(sorted(pairing.items())), **found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manuals", type=int, default=300, help="labelled manuals (cases) to draw (default 300)")
    parser.add_argument("--min-edits", type=int, default=3, help="fewest edits per manual (default 3)")
    parser.add_argument("--max-edits", type=int, default=8, help="most edits per manual (default 8)")
    parser.add_argument("--seed", type=int, default=20240615, help="seed of the edits' random choices")
    parser.add_argument("--kinds", default=None,
                        help=f"only these edit kinds, comma-separated (of {', '.join(EDITS)})")
    parser.add_argument("--failures", type=int, default=3, help="failures shown per change kind (default 3)")
    parser.add_argument("--show-case", type=int, default=None, help="print case N in full: edits and changes")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(",")) if args.kinds else None
    assert kinds is None or set(kinds) <= set(EDITS), f"unknown edit kinds: {set(kinds or ()) - set(EDITS)}"

    started = time.perf_counter()
    sources = read_sources()
    cases = draw_cases(sources.manuals, args.manuals, args.seed, edits=(args.min_edits, args.max_edits), kinds=kinds)
    drawn = time.perf_counter()
    scores, times = run(cases)
    counts = tally(scores)
    figures = counts.figures()
    info = {"seed": args.seed, "manuals": args.manuals, "edits_per_manual": f"{args.min_edits}-{args.max_edits}",
            "sources": [source.name for source in sources.manuals], "skipped": [list(s) for s in sources.skipped],
            "duplicates": [list(d) for d in sources.duplicates], "draw_s": round(drawn - started, 2),
            "diff_total_s": round(sum(times) / 1000, 2), "diff_median_ms": round(statistics.median(times), 2),
            "apply_failed_cases": counts.not_applied, "runtime_s": round(time.perf_counter() - started, 1)}
    failures = first_failures(scores, args.failures)
    if args.json:
        print(json.dumps({**info, **figures, "failures": failures}, ensure_ascii=False, indent=2))
    else:
        print_report(info, figures, failures)
    if args.show_case is not None:
        print_case(next(s for s in scores if s.case.number == args.show_case))


def print_report(info: dict[str, Any], figures: dict[str, Any], failures: dict[str, list[Failure]]) -> None:
    """The figures as tables, then the first failures of each kind."""
    print(", ".join(f"{key}={info[key]}" for key in ("seed", "manuals", "edits_per_manual", "draw_s",
                                                      "diff_total_s", "diff_median_ms", "runtime_s")))
    print(f"sources: {', '.join(info['sources'])}; used once: "
          + ", ".join(f"{a} (= {b})" for a, b in info["duplicates"]) + "; skipped: "
          + (", ".join(f"{a} ({why})" for a, why in info["skipped"]) or "none"))
    print(f"cases {figures['cases']}, labelled edits {figures['edits']}, apply(diff(a, b), a) == b failed in "
          f"{figures['apply_failures']} cases {info['apply_failed_cases'] or ''}")
    print()
    header = f"{'':<18}{'true':>7}{'predicted':>11}{'right':>7}{'precision':>11}{'recall':>8}"
    print(header)
    print(_row("pairing (links)", figures["pairing"]))
    print()
    print(header.replace(" " * 18, f"{'change kind':<18}", 1))
    kinds = figures["kinds"]
    for kind in [*KIND_ORDER, *sorted(set(kinds) - set(KIND_ORDER))]:
        if kind in kinds:
            print(_row(kind, kinds[kind]))
    print()
    print(f"{'edit kind':<18}{'edits':>7}{'link precision':>16}{'link recall':>13}{'complete':>10}")
    for kind, row in figures["edit_kinds"].items():
        print(f"{kind:<18}{row['edits']:>7}{row['precision']:>16.3f}{row['recall']:>13.3f}{row['complete']:>10.3f}")
    for kind, found in failures.items():
        if found:
            print(f"\nfirst failures: {kind}")
            for failure in found:
                print(_failure(failure))


def _row(name: str, row: dict[str, Any]) -> str:
    return (f"{name:<18}{row['true']:>7}{row['predicted']:>11}{row['right']:>7}{row['precision']:>11.3f}"
            f"{row['recall']:>8.3f}")


def _failure(failure: Failure) -> str:
    head = f"  case {failure['case']} ({failure['source']}): "
    lines = []
    if "expected" in failure:
        lines.append(head + f"{failure['edit']}: {failure['expected']}")
        lines.append(f"      at   {failure['where']}")
        lines += [f"      old  {text}" for text in failure["old"]] + [f"      new  {text}" for text in failure["new"]]
        if failure["similarity"]:
            lines.append(f"      similarity {failure['similarity']}")
        lines.append("      diff said: " + "; ".join(failure["diff said"]))
    elif "unexpected" in failure:
        lines.append(head + f"unexpected {failure['unexpected']}")
        lines += [f"      old  {failure['old']}", f"      new  {failure['new']}"]
        lines.append("      edits in this position: " + "; ".join(failure["edits here"]))
    else:
        lines.append(head + f"{failure['problem']} {failure['link']} ({failure['edit']})")
        lines += [f"      old  {failure['old']}", f"      new  {failure['new']}"]
        lines.append("      diff paired: " + "; ".join(failure["diff paired"]))
    return "\n".join(lines)


def print_case(score: CaseScore) -> None:
    """One case in full: its edits (kind, place, texts) and every change the diff gave."""
    case = score.case
    print(f"\ncase {case.number} ({case.source}): {len(case.labels)} edits")
    for label, (old, new) in zip(case.labels, case.truth.label_slots, strict=True):
        print(f"  {label.kind} {label.variant} {label.position_id} {label.field}: {old} -> {new}")
        print("".join(f"      old  {text}\n" for text in label.before)
              + "".join(f"      new  {text}\n" for text in label.after), end="")
    print("diff:")
    for change in score.changes.changes:
        print(f"  {statement(change)}")


if __name__ == "__main__":
    main()
