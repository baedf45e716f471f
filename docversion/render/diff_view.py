"""A change set for a reviewer: counted, term renames first, then each position's changes.

Word-level edits show deleted words struck through in red and inserted words underlined in
green; on a console without colour they read ``[-old-]{+new+}`` so nothing depends on colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from docversion.diff.changes import ChangeSet, WordOp
from docversion.diff.words import word_ops
from docversion.model import KeyFunction, Position
from docversion.render.labels import field_label
from docversion.render.plain import PlainTable, plain_rule

# Each kind as counted in the header: (one, several).
KIND_LABELS = {
    "term_renamed": ("term renamed everywhere", "terms renamed everywhere"),
    "position_added": ("position added", "positions added"),
    "position_removed": ("position removed", "positions removed"),
    "position_renamed": ("position renamed", "positions renamed"),
    "field_changed": ("field changed", "fields changed"),
    "item_added": ("item added", "items added"), "item_removed": ("item removed", "items removed"),
    "item_edited": ("item edited", "items edited"), "item_moved": ("item moved", "items moved"),
    "items_reordered": ("reorder", "reorders"), "percent_changed": ("share changed", "shares changed"),
    "manual_field_changed": ("cover or table change", "cover and table changes"),
}


def counted(number: int, kind: str) -> str:
    """``number`` and the kind's name in agreement: "1 item moved", "3 items moved"."""
    one, several = KIND_LABELS[kind]
    return f"{number} {one if number == 1 else several}"
DELETED = "strike red"
INSERTED = "underline green"


def is_plain(console: Console) -> bool:
    """True when colour and styles will not show: then views use textual markers."""
    return console.no_color or console.color_system is None


def redline(words: Sequence[WordOp], plain: bool) -> Text:
    """Word operations as one text: kept words as they are, deletions and insertions marked."""
    text = Text()
    for op in words:
        if text and (op.old or op.new)[:1] not in ".,;:)":
            text.append(" ")
        if op.op == "equal":
            text.append(op.old)
            continue
        if op.old:
            text.append(f"[-{op.old}-]" if plain else op.old, style="" if plain else DELETED)
        if op.new:
            text.append(f"{{+{op.new}+}}" if plain else op.new, style="" if plain else INSERTED)
    return text


def _item(value: Any) -> str:
    if isinstance(value, KeyFunction):
        return f"{value.text} ({value.percent}%; {value.expected_result})"
    return str(value)


def _where(change: Any) -> str:
    return f"{change.section}. {field_label(change.field)}" if getattr(change, "section", "") else field_label(
        change.field)


class DiffView:
    """The reviewer's view of a change set."""

    def __init__(self, changeset: ChangeSet, *, title: str = "", is_showing_all: bool = False) -> None:
        self.changeset = changeset
        self.title = title
        self.is_showing_all = is_showing_all

    def _visible(self) -> list[Any]:
        return [c for c in self.changeset.changes if self.is_showing_all or not (
            getattr(c, "is_cosmetic", False) or getattr(c, "field", "") == "marked")]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = is_plain(console)
        changes = self._visible()
        hidden = len(self.changeset.changes) - len(changes)
        counts = Counter(c.kind for c in changes)
        summary = ", ".join(counted(n, k) for k, n in counts.items()) or "no changes"
        yield Text(f"{self.title}{': ' if self.title else ''}{summary}", style="bold")
        if hidden:
            yield Text(f"({hidden} cosmetic or revision-mark changes hidden; --all shows them)", style="dim")
        terms = [c for c in changes if c.kind == "term_renamed"]
        if terms:
            yield plain_rule("Renamed everywhere", align="left")
            for term in terms:
                line = Text("  ")
                line.append_text(redline(word_ops(term.old, term.new), plain))
                line.append(f"  ({len(term.places)} {'place' if len(term.places) == 1 else 'places'})")
                if term.remaining:
                    line.append(f"; still the old name at {len(term.remaining)}: {', '.join(term.remaining)}",
                                style="yellow")
                yield line
        positions: dict[str, list[Any]] = {}
        for change in changes:
            position = getattr(change, "position_id", None)
            if position is not None and change.kind != "term_renamed":
                positions.setdefault(position, []).append(change)
        for group in positions.values():
            title = next((c.new for c in group if c.kind == "position_renamed"), None) or getattr(
                group[0], "title", "") or group[0].position_id
            header = Text(f"── {title} ", style="bold")
            header.append(f"[{group[0].position_id}]", style="dim")
            yield header
            for change in group:
                yield _line(change, plain)
        cover = [c for c in changes if c.kind == "manual_field_changed"]
        if cover:
            yield plain_rule("Cover and revision table", align="left")
            for change in cover:
                yield _line(change, plain)
        if self.changeset.sentences:
            yield plain_rule("Descripción de la modificación", align="left")
            for sentence in self.changeset.sentences:
                yield Text(f"  {sentence}")


def _line(change: Any, plain: bool) -> Text:
    kind = change.kind
    text = Text("  ")
    if kind == "position_renamed":
        text.append("Renamed: ")
        text.append_text(redline(change.words or word_ops(change.old, change.new), plain))
    elif kind == "position_added":
        text.append("+ position created", style="" if plain else "green")
    elif kind == "position_removed":
        text.append("- position removed", style="" if plain else "red")
    elif kind == "item_added":
        text.append(f"+ {_where(change)} {change.index + 1}: ", style="" if plain else "green")
        text.append(f"{{+{_item(change.item)}+}}" if plain else _item(change.item), style="" if plain else INSERTED)
    elif kind == "item_removed":
        text.append(f"- {_where(change)} {change.index + 1}: ", style="" if plain else "red")
        text.append(f"[-{_item(change.item)}-]" if plain else _item(change.item), style="" if plain else DELETED)
    elif kind == "item_moved":
        text.append(f"{change.section}. {field_label(change.from_field)} -> {field_label(change.field)}: ")
        text.append_text(redline(change.words, plain) if change.words else Text(_item(change.new)))
    elif kind == "percent_changed":
        text.append(f"{change.section}. % tiempo: {change.text}: {change.old}% -> {change.new}%")
    elif kind == "items_reordered":
        moved = ", ".join(str(i + 1) for i in change.moved)
        text.append(f"{_where(change)}: order changed (moved: {moved})")
    elif getattr(change, "field", "") == "marked":
        text.append(f"* {field_label('marked')}: {len(change.old)} -> {len(change.new)} "
                    f"({'; '.join(m['text'] for m in change.new) or '—'})")
    elif kind == "manual_field_changed" and change.field == "revisions":
        text.append(f"{field_label('revisions')}: {len(change.old)} -> {len(change.new)} rows")
    else:
        at = f" {change.index + 1}" if kind == "item_edited" else ""
        text.append(f"{'~' if kind == 'item_edited' else '*'} {_where(change)}{at}: ")
        if getattr(change, "words", ()):
            text.append_text(redline(change.words, plain))
        else:
            text.append(f"{_show(change.old)} -> {_show(change.new)}")
        if getattr(change, "is_cosmetic", False):
            text.append(" (cosmetic)", style="dim")
    return text


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(_show(v) for v in value) or "—"
    return str(value)


class PositionSideBySide:
    """One position in two columns, old and new, field by field where they differ."""

    def __init__(self, old: Position, new: Position) -> None:
        self.old = old
        self.new = new

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = is_plain(console)
        table = PlainTable(title=f"{self.old.title} -> {self.new.title}" if self.old.title != self.new.title
                      else self.new.title, title_justify="left", show_lines=True, expand=True)
        table.add_column("Campo", ratio=1)
        table.add_column("Antes", ratio=3)
        table.add_column("Ahora", ratio=3)
        old, new = _fields(self.old), _fields(self.new)
        for name, before in old.items():
            after = new.get(name, "")
            if before != after:
                table.add_row(field_label(name), *_side_by_side(before, after, plain))
        yield Group(table) if table.row_count else Text("No differences.")


def _fields(position: Position) -> dict[str, Any]:
    """Each field as shown side by side: a string, or a list of item strings."""
    fields: dict[str, Any] = {}
    for name, value in position.model_dump(exclude={"id", "marked"}).items():
        if isinstance(value, dict):
            for key, inner in value.items():
                fields[f"{name}.{key}"] = _shown(inner)
        else:
            fields[name] = _shown(value)
    return fields


def _shown(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_item(KeyFunction(**v)) if isinstance(v, dict) else str(v) for v in value]
    return str(value)


def _side_by_side(before: Any, after: Any, plain: bool) -> tuple[Text, Text]:
    """Old and new of one field: word redline for text; for lists, items aligned one per line."""
    if isinstance(before, str):
        words = word_ops(before, after)
        return _side(words, "old", plain), _side(words, "new", plain)
    from docversion.diff.match import match_items

    pairs = {i: j for (_, i), (_, j) in match_items({"x": before}, {"x": after}, is_crossing=False)}
    back = {j: i for i, j in pairs.items()}
    left = _list_side(before, "old", plain, lambda i: (before[i], after[pairs[i]]) if i in pairs else None)
    right = _list_side(after, "new", plain, lambda j: (before[back[j]], after[j]) if j in back else None)
    return left, right


def _list_side(items: list[str], side: str, plain: bool, partner: Any) -> Text:
    """One column of a list: each item numbered, redlined against its partner or wholly marked."""
    text = Text()
    for index, item in enumerate(items):
        pair = partner(index)
        words: Sequence[WordOp] = word_ops(*pair) if pair else (
            [WordOp(op="delete", old=item)] if side == "old" else [WordOp(op="insert", new=item)])
        text.append(f"{index + 1}. ")
        text.append_text(_side(words, side, plain))
        text.append("\n")
    text.rstrip()
    return text if items else Text("N/A")


def _side(words: Sequence[WordOp], side: str, plain: bool) -> Text:
    text = Text()
    for op in words:
        part = op.old if side == "old" else op.new
        if not part:
            continue
        if text and part[:1] not in ".,;:)\n":
            text.append(" ")
        if op.op == "equal":
            text.append(part)
        elif plain:
            text.append(f"[-{part}-]" if side == "old" else f"{{+{part}+}}")
        else:
            text.append(part, style=DELETED if side == "old" else INSERTED)
    return text
