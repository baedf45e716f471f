"""The store's manuals at a glance: their codes, and what ``docversion list`` shows of each.

One git process whatever the number of manuals, ``for-each-ref`` for every manual's refs; each
head's cover (it names the area) comes from the parse cache, which records which
blob each commit's is, and only those it lacks from one ``cat-file``.
"""

from __future__ import annotations

from datetime import date

from docversion.records import ManualStatus
from docversion.store import history, reading
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
    covers = reading.read_covers(git, [reading.head_name(code, str(refs.head)) for code, refs in found], cache,
                               [f"{code}@head" for code, _ in found])
    return [ManualStatus(code, cover.area, refs.latest, refs.in_force(today), refs.has_open_draft,
                         str(refs.head))
            for (code, refs), cover in zip(found, covers, strict=True)]
