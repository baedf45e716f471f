"""Reading snapshots back: list a commit's files, take what the parse cache holds, read the rest.

One ``git cat-file --batch`` process lists the snapshots' files (their trees) and reads those
the parse cache does not know; those are parsed once even when several snapshots hold them,
then kept in the cache for the next reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from docversion.errors import DocversionError, InvalidInputError
from docversion.formats.canonical import MANUAL_FILE, Head, Parsed, load_manual, position_file, read_file
from docversion.i18n import _
from docversion.model import Cover, Manual, Position
from docversion.store import snapshots
from docversion.store.catfile import CatFile
from docversion.store.gitcmd import Git
from docversion.store.parsed import Key, ParsedCache


def load_snapshots(runner: Git, code: str, wanted: Sequence[tuple[str, str]], cache: ParsedCache | None,
                   *, use_cache: bool = True) -> list[Manual]:
    """Manual ``code`` at each (commit, source) of ``wanted``; ``source`` names it in errors.

    ``use_cache`` False reads every file from git's objects; what they parse to still goes into
    ``cache``, being the truth, so a later display finds it there.
    """
    with CatFile(runner) as git:
        listings = git.listings([commit for commit, _ in wanted], code)
        keys = {(name, blob) for listing in listings for name, blob in listing.items()}
        known: dict[Key, Head | Position] = cache.get(keys) if cache is not None and use_cache else {}
        from_cache = set(known)
        contents = _blobs(git, sorted({blob for _name, blob in keys - from_cache}))
    manuals = []
    for (_commit, source), listing in zip(wanted, listings, strict=True):
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


def head_name(code: str, commit: str) -> str:
    """How ``git cat-file`` names ``manual.yaml`` of ``code`` at ``commit``: its cover, position ids
    and revision table, all ``log`` reads of a version."""
    return f"{commit}:{code}/{MANUAL_FILE}"


def read_head(answer: tuple[str, str, bytes] | None, cache: ParsedCache | None, source: str) -> Head:
    """A ``manual.yaml`` git gave (its id, type and bytes): from the parse cache when it holds it,
    else parsed (and kept there)."""
    if answer is None or answer[1] != "blob":
        raise DocversionError(_("{source} has no {file}; run 'docversion doctor'").format(source=source,
                                                                                      file=MANUAL_FILE))
    key = (MANUAL_FILE, answer[0])
    known = cache.get({key}).get(key) if cache is not None else None
    if isinstance(known, Head):
        return known
    head = read_file(MANUAL_FILE, answer[2], f"{source}:{MANUAL_FILE}")
    if not isinstance(head, Head):  # read_file reads manual.yaml as a head; this keeps mypy sure of it
        raise DocversionError(_("{source}: {file} did not read as a manual's head").format(source=source,
                                                                                         file=MANUAL_FILE))
    if cache is not None:
        cache.put({key: head})
    return head


def read_covers(runner: Git, names: Sequence[str], cache: ParsedCache, sources: Sequence[str]) -> list[Cover]:
    """The cover of each commit's ``manual.yaml`` named as :func:`head_name` names it: from the parse
    cache's record of which blob each is, without asking git, and for the rest by one ``git cat-file``
    (those then kept in the cache). ``sources`` name them in errors."""
    known = cache.covers(names)
    missing = [index for index, name in enumerate(names) if name not in known]
    if missing:
        with CatFile(runner) as git:
            answers = git.objects([names[index] for index in missing])
        learnt: dict[Key, Head | Position] = {}
        for index, answer in zip(missing, answers, strict=True):
            head = read_head(answer, None, sources[index])  # refuses a name git has no file for
            known[names[index]] = head.cover
            if answer is not None:
                learnt[(MANUAL_FILE, answer[0])] = head
        cache.put(learnt, {names[index]: answer[0] for index, answer in zip(missing, answers, strict=True)
                           if answer is not None})
    return [known[name] for name in names]


def _blobs(git: CatFile, blobs: list[str]) -> dict[str, bytes]:
    found = {}
    for blob, answer in zip(blobs, git.objects(blobs), strict=True):
        if answer is None or answer[1] != "blob":
            raise DocversionError(_("git object {oid} is missing or not a file; run 'docversion doctor'").format(
                oid=blob))
        found[blob] = answer[2]
    return found


def remember(cache: ParsedCache, files: dict[str, bytes], manual: Manual, head: str) -> None:
    """Put the files just written for ``manual`` in the parse cache, as reading them would, and
    that ``head`` (its commit's ``manual.yaml`` as :func:`head_name` names it) is that file."""
    entries: dict[Key, Head | Position] = {}
    by_name: dict[str, Head | Position] = {MANUAL_FILE: Head.of(manual)}
    by_name.update((position_file(p.id), p) for p in manual.positions)
    for name, data in files.items():
        if name in by_name:
            entries[(name, snapshots.blob_id(data))] = by_name[name]
    cache.put(entries, {head: snapshots.blob_id(files[MANUAL_FILE])})
