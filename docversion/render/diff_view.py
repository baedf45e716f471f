"""A change set for a reviewer: counted, then in the manual's order, each position under its heading.

The view shows the changes in the order the change set lists them (the engine lists them in
document order) and never sorts them: terms renamed everywhere first, then the cover and the
revision table, then the positions, consecutive changes of one position under one heading.
Every line starts with a marker (``+`` added, ``-`` removed, ``~`` edited, ``*`` changed, ``>``
moved or reordered, ``%`` a share, ``÷`` split, ``&`` merged) and wraps under its own text.
Word-level edits show deleted words struck through in red and inserted words underlined in
green; on a console without colour they read ``[-old-] {+new+}``, so nothing depends on colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from docversion.diff.changes import ChangeSet
from docversion.diff.words import word_ops
from docversion.i18n import _, ngettext
from docversion.render.hanging import Hanging
from docversion.render.labels import field_label
from docversion.render.marks import deleted, inserted, is_plain, item_text, redline
from docversion.render.phrases import COUNTED
from docversion.render.plain import plain_rule

__all__ = ["KIND_LABELS", "DiffView", "counted", "is_plain", "redline"]

# Each kind as counted in the header: (one, several), in English (the catalogue's words are in
# _COUNTED, which says the same through ngettext). A term renamed in one place only is not
# "everywhere": it is counted (and shown) apart.
KIND_LABELS = {
    "term_renamed": ("term renamed everywhere", "terms renamed everywhere"),
    "term_renamed_once": ("term renamed in one place", "terms renamed in one place"),
    "position_added": ("position added", "positions added"),
    "position_removed": ("position removed", "positions removed"),
    "position_renamed": ("position renamed", "positions renamed"),
    "field_changed": ("field changed", "fields changed"),
    "item_added": ("item added", "items added"), "item_removed": ("item removed", "items removed"),
    "item_edited": ("item edited", "items edited"), "item_moved": ("item moved", "items moved"),
    "item_split": ("item split", "items split"), "item_merged": ("merge", "merges"),
    "items_reordered": ("reorder", "reorders"), "percent_changed": ("share changed", "shares changed"),
    "manual_field_changed": ("cover or table change", "cover and table changes"),
}

_COUNTED = COUNTED  # each change kind counted, in words (render.phrases)


def counted(number: int, kind: str) -> str:
    """``number`` and the kind's name in agreement, in the current language: "1 item moved",
    "3 items moved"."""
    return _COUNTED[kind](number).format(n=number)


def _where(change: Any) -> str:
    label = field_label(change.field)
    return f"{change.section}. {label}" if getattr(change, "section", "") else label


def _places(paths: Sequence[str]) -> str:
    return ", ".join(_place(p) for p in paths) or "—"


def _place(path: str) -> str:
    """A model path ("positions.<id>.reports_to", "cover.area") as a reader names the place."""
    parts = path.split(".")
    index = f" {int(parts.pop()) + 1}" if parts[-1].isdigit() else ""
    if parts[0] == "positions" and len(parts) > 2:
        return f"{field_label('.'.join(parts[2:]))}{index} [{parts[1]}]"
    return f"{field_label('.'.join(parts))}{index}"


class DiffView:
    """The reviewer's view of a change set."""

    def __init__(self, changeset: ChangeSet, *, title: str = "", is_showing_all: bool = False,
                 hidden_hint: str | None = None) -> None:
        """``hidden_hint``: how the reader shows the hidden changes, told after their count (the
        command line's "--all shows them"); None (an embedding application's default) tells none."""
        self.changeset = changeset
        self.title = title
        self.is_showing_all = is_showing_all
        self.hidden_hint = hidden_hint

    def _visible(self) -> list[Any]:
        return [c for c in self.changeset.changes if self.is_showing_all or not (
            getattr(c, "is_cosmetic", False) or getattr(c, "field", "") == "marked")]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = is_plain(console)
        changes = self._visible()
        hidden = len(self.changeset.changes) - len(changes)
        renamed = {(c.old, c.new) for c in changes if c.kind == "position_renamed"}
        # A term that is a position's rename followed elsewhere is told on the position's line.
        folded = {(c.old, c.new): c for c in changes if c.kind == "term_renamed" and (c.old, c.new) in renamed}
        shown = [c for c in changes if not (c.kind == "term_renamed" and (c.old, c.new) in folded)]
        counts = Counter(_count_kind(c) for c in shown)
        summary = ", ".join(counted(n, k) for k, n in counts.items()) or _("no changes")
        yield Hanging("", Text(f"{self.title}{': ' if self.title else ''}{summary}", style="bold"))
        if hidden and self.hidden_hint is not None:
            yield Text(ngettext("({n} cosmetic or revision-mark change hidden; {hint})",
                                "({n} cosmetic or revision-mark changes hidden; {hint})", hidden).format(
                n=hidden, hint=self.hidden_hint), style="dim")
        elif hidden:
            yield Text(ngettext("({n} cosmetic or revision-mark change hidden)",
                                "({n} cosmetic or revision-mark changes hidden)", hidden).format(n=hidden), style="dim")
        terms = [c for c in shown if c.kind == "term_renamed"]
        everywhere = [t for t in terms if len(t.places) >= 2]
        once = [t for t in terms if len(t.places) < 2]
        if everywhere:
            yield plain_rule(_("Renamed everywhere"), align="left")
            yield from (_term(term, plain, _("({n} places)").format(n=len(term.places))) for term in everywhere)
        if once:
            yield plain_rule(_("Renamed in one place"), align="left")
            yield from (_term(term, plain, _("(at {places})").format(places=_places(term.places))) for term in once)
        manual = [c for c in shown if c.kind != "term_renamed" and getattr(c, "position_id", None) is None]
        if manual:
            yield plain_rule(_("Cover and revision table"), align="left")
            for change in manual:
                yield from _lines(change, plain, folded)
        for group in _runs([c for c in shown if getattr(c, "position_id", None) is not None]):
            yield _heading(group)
            for change in group:
                yield from _lines(change, plain, folded)
        if self.changeset.sentences:
            yield plain_rule("Descripción de la modificación", align="left")
            for sentence in self.changeset.sentences:
                yield Hanging("  ", sentence)


def _count_kind(change: Any) -> str:
    if change.kind == "term_renamed" and len(change.places) < 2:
        return "term_renamed_once"
    return str(change.kind)


def _runs(changes: Sequence[Any]) -> Iterator[list[Any]]:
    """Consecutive changes of one position, in the order given."""
    group: list[Any] = []
    for change in changes:
        if group and change.position_id != group[0].position_id:
            yield group
            group = []
        group.append(change)
    if group:
        yield group


def _heading(group: Sequence[Any]) -> Hanging:
    first = group[0]
    title = next((c.new for c in group if c.kind == "position_renamed"), None) or getattr(
        first, "title", "") or first.position_id
    text = Text(title, style="bold")
    text.append(f" [{first.position_id}]", style="dim")
    return Hanging(Text("── ", style="bold"), text)


def _term(term: Any, plain: bool, where: str) -> Hanging:
    text = redline(word_ops(term.old, term.new), plain)
    text.append(f"  {where}")
    _remaining(text, term)
    return Hanging("  * ", text)


def _remaining(text: Text, term: Any) -> None:
    if term.remaining:
        text.append("; " + _("still the old name in {count}: {places}").format(
            count=len(term.remaining), places="; ".join(_place(p) for p in term.remaining)), style="yellow")


def _lines(change: Any, plain: bool, folded: dict[tuple[str, str], Any]) -> Iterator[RenderableType]:
    """The lines of one change: most take one, a split or a merge one per piece as well."""
    kind = change.kind
    if kind == "item_split":
        pieces = ", ".join(str(i + 1) for i in change.indexes)
        yield Hanging("  ÷ ", Text(f"{_where(change)} {change.old_index + 1} -> {pieces}: {item_text(change.old)}"))
        for index, item in zip(change.indexes, change.new, strict=False):
            yield Hanging(f"      {index + 1}: ", item_text(item))
    elif kind == "item_merged":
        olds = ", ".join(str(i + 1) for i in change.old_indexes)
        yield Hanging("  & ", Text(f"{_where(change)} {olds} -> {change.index + 1}: {item_text(change.new)}"))
        for index, item in zip(change.old_indexes, change.old, strict=False):
            yield Hanging("      " + _("was {index}:").format(index=index + 1) + " ", item_text(item))
    else:
        marker, text = _line(change, plain, folded)
        yield Hanging(f"  {marker} ", text)


def _line(change: Any, plain: bool, folded: dict[tuple[str, str], Any]) -> tuple[str, Text]:
    kind = change.kind
    text = Text()
    if kind == "position_renamed":
        text.append(_("Renamed:") + " ")
        text.append_text(redline(change.words or word_ops(change.old, change.new), plain))
        term = folded.get((change.old, change.new))
        if term is not None:
            others = [p for p in term.places if p != f"positions.{change.position_id}.title"]
            if others:
                text.append(" " + ngettext("(and in {n} other place)", "(and in {n} other places)", len(others)).format(
                    n=len(others)))
            _remaining(text, term)
        return "*", text
    if kind in ("position_added", "position_removed"):
        is_added = kind == "position_added"
        text.append(_("position created") if is_added else _("position removed"),
                    style="" if plain else "green" if is_added else "red")
        return ("+" if is_added else "-"), text
    if kind in ("item_added", "item_removed"):
        is_added = kind == "item_added"
        text.append(f"{_where(change)} {change.index + 1}: ")
        shown = item_text(change.item)
        text.append_text(inserted(shown, plain) if is_added else deleted(shown, plain))
        return ("+" if is_added else "-"), text
    if kind == "item_moved":
        text.append(f"{change.section}. {field_label(change.from_field)} -> {field_label(change.field)}: ")
        text.append_text(redline(change.words, plain) if change.words else Text(item_text(change.new)))
        return ">", text
    if kind == "percent_changed":
        text.append(f"{change.section}. % tiempo: {change.text}: {change.old}% -> {change.new}%")
        return "%", text
    if kind == "items_reordered":
        text.append(_("{where}: order changed (moved: {moved})").format(
            where=_where(change), moved=", ".join(str(i + 1) for i in change.moved)))
        return ">", text
    return _edit(change, plain)


def _edit(change: Any, plain: bool) -> tuple[str, Text]:
    """A field or an item whose value changed: its word redline, or old -> new."""
    text = Text()
    if getattr(change, "field", "") == "marked":
        text.append(f"{field_label('marked')}: {len(change.old)} -> {len(change.new)} "
                    f"({'; '.join(m['text'] for m in change.new) or '—'})")
        return "*", text
    if change.kind == "manual_field_changed" and change.field == "revisions":
        text.append(ngettext("{label}: {old} -> {new} rows", "{label}: {old} -> {new} rows", len(change.new)).format(
            label=field_label("revisions"), old=len(change.old), new=len(change.new)))
        return "*", text
    is_item = change.kind == "item_edited"
    text.append(f"{_where(change)}{f' {change.index + 1}' if is_item else ''}: ")
    if getattr(change, "words", ()):
        text.append_text(redline(change.words, plain))
    else:
        text.append(f"{_show(change.old)} -> {_show(change.new)}")
    if getattr(change, "is_cosmetic", False):
        text.append(" " + _("(cosmetic)"), style="dim")
    return ("~" if is_item else "*"), text


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(_show(v) for v in value) or "—"
    return str(value)
