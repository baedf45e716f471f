"""The store's manuals at a glance: their codes, and what ``docversion list`` shows of each.

Two git processes whatever the number of manuals: one ``for-each-ref`` for every manual's refs,
one ``cat-file`` for every head's ``manual.yaml`` (its cover names the area), each read from the
parse cache when it holds it.
"""

from __future__ import annotations

from datetime import date

from docversion.records import ManualStatus
from docversion.store import history, reading
from docversion.store.catfile import CatFile
from docversion.store.gitcmd import Git
from docversion.store.parsed import ParsedCache
from docversion.store.refs import MANUALS_PREFIX, parse_manual_ref


def codes(git: Git) -> list[str]:
    """The codes of the store's manuals, from one ``git for-each-ref``."""
    out = git.run("for-each-ref", "--format=%(refname)", MANUALS_PREFIX).stdout.decode("utf-8", "replace")
    return sorted(code for ref in out.splitlines() if (code := parse_manual_ref(ref)) is not None)


def manuals(git: Git, cache: ParsedCache, today: date) -> list[ManualStatus]:
    """Every manual by code, with its latest version, the one in force and its draft."""
    found = [(code, refs) for code, refs in sorted(history.scan(git).items()) if refs.head is not None]
    with CatFile(git) as batch:
        answers = batch.objects([reading.head_name(code, str(refs.head)) for code, refs in found])
    return [ManualStatus(code, reading.read_head(answer, cache, f"{code}@head").cover.area, refs.latest,
                         refs.in_force(today), refs.has_open_draft, str(refs.head))
            for (code, refs), answer in zip(found, answers, strict=True)]
