"""The real manuals the corpus edits: the two text fixtures, the two bundled canonical
directories and the hand-typed text corpus, read with the readers the other tests use.

Revision marks are dropped (a draft carries none, and a mark would point at text an edit
changed). A source that does not read cleanly (an error, or a warning in strict mode) is
skipped and named; a source equal to one read before (the bundled directories are the fixtures
in canonical form) is named and used once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docversion.errors import DocversionError
from docversion.files import read_manual_dir
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

REPO = Path(__file__).resolve().parents[2]
TEXT_SOURCES = (
    REPO / "tests" / "fixtures" / "seed-900-0935-v05.txt",
    REPO / "tests" / "fixtures" / "manual-310-0120-v03.txt",
    *sorted((REPO / "tests" / "corpus" / "text").glob("*.txt")),
)
DIRECTORY_SOURCES = (REPO / "manuals" / "900-0935", REPO / "manuals" / "310-0120")


@dataclass(frozen=True)
class Source:
    """One real manual, unmarked, and where it was read from (relative to the repository)."""

    name: str
    manual: Manual


@dataclass(frozen=True)
class Sources:
    """The manuals read, and the sources left out with the reason."""

    manuals: tuple[Source, ...]
    skipped: tuple[tuple[str, str], ...]
    duplicates: tuple[tuple[str, str], ...]  # (source, the earlier source it equals)


def unmarked(manual: Manual) -> Manual:
    """``manual`` without revision marks, in the manual and in every position."""
    positions = tuple(p.model_copy(update={"marked": ()}) for p in manual.positions)
    return manual.model_copy(update={"marked": (), "positions": positions})


def _read(path: Path) -> Manual:
    if path.is_dir():
        return read_manual_dir(path)
    result = read_seed_text(path.read_bytes(), str(path), is_lenient=False)
    if result.warnings:
        raise ValueError(f"{len(result.warnings)} warnings, first: {result.warnings[0]}")
    return result.manual


def read_sources() -> Sources:
    """Every source that reads cleanly, each distinct manual once."""
    found: list[Source] = []
    skipped: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    for path in (*TEXT_SOURCES, *DIRECTORY_SOURCES):
        name = str(path.relative_to(REPO))
        try:
            manual = unmarked(_read(path))
        except (DocversionError, ValueError, OSError) as exc:
            skipped.append((name, f"{type(exc).__name__}: {exc}"))
            continue
        twin = next((source.name for source in found if source.manual == manual), None)
        if twin is not None:
            duplicates.append((name, twin))
        else:
            found.append(Source(name, manual))
    return Sources(tuple(found), tuple(skipped), tuple(duplicates))
