"""The texts of published versions, read from git for the search: each version's files, and the
text units of the files not read before.

One ``git cat-file --batch`` process lists every version's files (their trees) and reads the
files needed; a file the parse cache holds is taken from it, one it lacks is parsed and kept
there. A file is known by its blob id: a position unchanged across versions (one blob) is read
once, and the search index stores its texts once. The file's name gives the position's id (two
positions of equal content are one blob under two names).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from docversion.errors import DocversionError
from docversion.formats.canonical import MANUAL_FILE, Head, position_file, read_file
from docversion.i18n import _
from docversion.model import Position
from docversion.search.units import TextUnit, head_units, position_units
from docversion.store.catfile import CatFile
from docversion.store.gitcmd import Git
from docversion.store.parsed import Key, ParsedCache

Wanted = tuple[str, int, str]
"""A published version to read: (code, version number, commit)."""


@dataclass(frozen=True)
class PlacedFile:
    """One file of a version: the position's place (-1 for manual.yaml), its id, the blob."""

    index: int
    position_id: str | None
    blob: str


@dataclass(frozen=True)
class VersionFiles:
    """A published version as the search knows it: its commit, area and files in document order."""

    code: str
    version: int
    commit: str
    area: str
    files: tuple[PlacedFile, ...]


Units = dict[str, tuple[TextUnit, ...]]
"""The text units of each blob read, by blob id."""


def read_versions(runner: Git, cache: ParsedCache | None, wanted: Sequence[Wanted],
                  known: Callable[[Collection[str]], Collection[str]] = lambda blobs: ()) -> tuple[
                      list[VersionFiles], Units]:
    """Each wanted version's files, and the units of every blob among them that ``known`` (given
    the blobs, those whose units are already kept) does not name. A version git cannot read is a
    DocversionError naming it."""
    by_code: dict[str, list[Wanted]] = {}
    for item in wanted:
        by_code.setdefault(item[0], []).append(item)
    ordered = [item for items in by_code.values() for item in items]
    with CatFile(runner) as git:
        listings = [listing for code, items in by_code.items()
                    for listing in git.listings([commit for _code, _version, commit in items], code)]
        blobs = {blob for listing in listings for blob in listing.values()}
        skipped = set(known(blobs))
        needed = {(name, blob) for listing in listings for name, blob in listing.items()
                  if name == MANUAL_FILE or blob not in skipped}
        parsed = _parsed(git, cache, needed)
    versions = [_placed(item, listing, parsed) for item, listing in zip(ordered, listings, strict=True)]
    units: Units = {}
    for (_name, blob), value in parsed.items():
        if blob in skipped:
            continue
        units[blob] = position_units(value) if isinstance(value, Position) else head_units(value.cover,
                                                                                              value.revisions)
    return versions, units


def _parsed(git: CatFile, cache: ParsedCache | None, needed: set[Key]) -> dict[Key, Head | Position]:
    """The files of ``needed``: from the parse cache, the rest read through ``git`` and kept there."""
    found = cache.get(needed) if cache is not None else {}
    missing = sorted(needed - set(found))
    learnt: dict[Key, Head | Position] = {}
    for (name, blob), answer in zip(missing, git.objects([blob for _name, blob in missing]), strict=True):
        if answer is None or answer[1] != "blob":
            raise DocversionError(_("git object {oid} is missing or not a file; run 'docversion doctor'").format(
                oid=blob))
        learnt[(name, blob)] = read_file(name, answer[2], f"{name} ({blob[:12]})")
    if cache is not None:
        cache.put(learnt)
    return {**found, **learnt}


def _placed(item: Wanted, listing: dict[str, str], parsed: dict[Key, Head | Position]) -> VersionFiles:
    code, version, commit = item
    head = parsed.get((MANUAL_FILE, listing.get(MANUAL_FILE, "")))
    if not isinstance(head, Head):
        raise DocversionError(_("{source} has no {file}; run 'docversion doctor'").format(
            source=f"{code}@v{version}", file=MANUAL_FILE))
    files = [PlacedFile(-1, None, listing[MANUAL_FILE])]
    for index, position_id in enumerate(head.positions):
        blob = listing.get(position_file(position_id))
        if blob is None:
            raise DocversionError(_("{source}: manual.yaml lists position {id!r} but {file} is missing; run "
                                    "'docversion verify'").format(source=f"{code}@v{version}", id=position_id,
                                                                   file=position_file(position_id)))
        files.append(PlacedFile(index, position_id, blob))
    return VersionFiles(code, version, commit, head.cover.area, tuple(files))
