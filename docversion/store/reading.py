"""Reading snapshots back: list a commit's files, take what the parse cache holds, read the rest.

One ``git ls-tree`` per snapshot names its files' blobs; files the parse cache knows are not
read at all, the others come from one ``git cat-file --batch`` and are parsed once even when
several snapshots hold them, then kept in the cache for the next reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from docversion.errors import InvalidInputError
from docversion.formats.canonical import MANUAL_FILE, Head, Parsed, load_manual, position_file
from docversion.model import Manual, Position
from docversion.store import snapshots
from docversion.store.gitcmd import Git
from docversion.store.parsed import Key, ParsedCache


def load_snapshots(runner: Git, code: str, wanted: Sequence[tuple[str, str]], cache: ParsedCache | None,
                   *, use_cache: bool = True) -> list[Manual]:
    """Manual ``code`` at each (commit, source) of ``wanted``; ``source`` names it in errors.

    ``use_cache`` False reads every file from git's objects; what they parse to still goes into
    ``cache``, being the truth, so a later display finds it there.
    """
    listings = [snapshots.list_files(runner, commit, code) for commit, _ in wanted]
    keys = {(name, blob) for listing in listings for name, blob in listing.items()}
    known: dict[Key, Head | Position] = cache.get(keys) if cache is not None and use_cache else {}
    from_cache = set(known)
    contents = snapshots.read_blobs(runner, sorted({blob for _, blob in keys - from_cache}))
    manuals = []
    for (_, source), listing in zip(wanted, listings, strict=True):
        parsed: Parsed = {name: known[(name, blob)] for name, blob in listing.items() if (name, blob) in known}
        files = {name: contents[blob] for name, blob in listing.items() if name not in parsed}
        try:
            manuals.append(load_manual(files, source, parsed))
        except InvalidInputError:
            if not any((name, blob) in from_cache for name, blob in listing.items()):
                raise
            # The error is reported from the files themselves, with their lines.
            every = snapshots.read_blobs(runner, sorted(set(listing.values())))
            manuals.append(load_manual({name: every[blob] for name, blob in listing.items()}, source))
        known.update(((name, blob), parsed[name]) for name, blob in listing.items() if name in parsed)
    if cache is not None:
        cache.put({key: value for key, value in known.items() if key not in from_cache})
    return manuals


def remember(cache: ParsedCache, files: dict[str, bytes], manual: Manual) -> None:
    """Put the files just written for ``manual`` in the parse cache, as reading them would."""
    entries: dict[Key, Head | Position] = {}
    by_name: dict[str, Head | Position] = {MANUAL_FILE: Head.of(manual)}
    by_name.update((position_file(p.id), p) for p in manual.positions)
    for name, data in files.items():
        if name in by_name:
            entries[(name, snapshots.blob_id(data))] = by_name[name]
    cache.put(entries)
