"""Every manual's version in force on a day, read for the organisation (``org``, ``lint --all``).

One ``git for-each-ref`` for every manual's refs (:func:`docversion.store.history.scan`), then each
version in force is read through the parse cache, with the published version it continues when
a lint wants it. A manual with no version in force that day (its first one comes later, or it
has none published, only a draft) is skipped and said so.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from docversion.organisation import ManualInForce, Skipped
from docversion.store import history

if TYPE_CHECKING:
    from docversion.store.history import ManualRefs, VersionInfo
    from docversion.store.store import Store


def manuals_in_force(store: Store, day: date, *, has_bases: bool = False) -> tuple[list[ManualInForce], list[Skipped]]:
    """The version in force on ``day`` of each manual, by code, and the manuals that had none;
    ``has_bases`` reads as well the latest published version before each (for a lint's renames)."""
    found: list[ManualInForce] = []
    skipped: list[Skipped] = []
    for code, refs in sorted(history.scan(store.git).items()):
        if refs.head is None:
            continue
        info = refs.in_force(day)
        if info is None:
            dates = [v.in_force for v in refs.versions if v.in_force is not None]
            skipped.append(Skipped(code, min(dates) if dates else None))
            continue
        found.append(_read(store, code, info, _before(refs, info) if has_bases else None))
    return found, skipped


def _before(refs: ManualRefs, info: VersionInfo) -> VersionInfo | None:
    earlier = [v for v in refs.versions if v.version < info.version]
    return earlier[-1] if earlier else None


def _read(store: Store, code: str, info: VersionInfo, before: VersionInfo | None) -> ManualInForce:
    source = f"{code}@v{info.version}"
    if before is None:
        return ManualInForce(code, store.load_commit(code, info.commit, source))
    manual, base = store.load_pair(code, (info.commit, before.commit), (source, f"{code}@v{before.version}"))
    return ManualInForce(code, manual, base)
