"""One position in two columns, old and new, only the fields that differ.

A text field is shown as its word redline split in two (deleted words on the left, inserted on
the right); a list as its items, one per line, each redlined against its partner on the other
side. Given the change set's changes of the position, an item split in several or several merged
into one are named as such (``÷ -> 3, 4`` on the old side, ``÷ from 3`` on the new).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from docversion.diff.changes import WordOp
from docversion.diff.words import word_ops
from docversion.i18n import _
from docversion.model import Position
from docversion.render.hanging import Hanging
from docversion.render.labels import field_label
from docversion.render.marks import is_plain, item_text, one_side
from docversion.render.plain import PlainTable

Notes = dict[int, str]


class PositionSideBySide:
    """One position in two columns, old and new, field by field where they differ; ``changes``
    (the change set's changes of this position, optional) name the items split or merged."""

    def __init__(self, old: Position, new: Position, changes: Sequence[Any] = ()) -> None:
        self.old = old
        self.new = new
        self.changes = changes

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = is_plain(console)
        table = PlainTable(title=f"{self.old.title} -> {self.new.title}" if self.old.title != self.new.title
                           else self.new.title, title_justify="left", show_lines=True, expand=True)
        old, new = _fields(self.old), _fields(self.new)
        changed = [name for name, before in old.items() if before != new.get(name, "")]
        # The labels wrap at their spaces in a narrow column, never inside a word.
        longest = max((len(word) for name in changed for word in field_label(name).split()), default=0)
        table.add_column("Campo", max_width=max(longest, 16))
        table.add_column("Antes", ratio=1)
        table.add_column("Ahora", ratio=1)
        for name in changed:
            table.add_row(field_label(name), *self._side_by_side(name, old[name], new.get(name, ""), plain))
        yield Group(table) if table.row_count else Text(_("No differences."))

    def _side_by_side(self, name: str, before: Any, after: Any, plain: bool) -> tuple[RenderableType, RenderableType]:
        """Old and new of one field: word redline for text; for lists, items aligned one per line."""
        if isinstance(before, str):
            words = word_ops(before, after)
            return one_side(words, "old", plain), one_side(words, "new", plain)
        from docversion.diff.match import match_items

        pairs = {i: j for (_, i), (_, j) in match_items({"x": before}, {"x": after}, is_crossing=False)}
        old_notes, new_notes = _pieces(name, self.changes, pairs)
        back = {j: i for i, j in pairs.items()}
        left = _list_side(before, "old", plain, lambda i: (before[i], after[pairs[i]]) if i in pairs else None,
                          old_notes)
        right = _list_side(after, "new", plain, lambda j: (before[back[j]], after[j]) if j in back else None,
                           new_notes)
        return left, right


def _pieces(field: str, changes: Sequence[Any], pairs: dict[int, int]) -> tuple[Notes, Notes]:
    """Notes for the items of ``field`` split or merged, whose pairing ``pairs`` loses (they are
    shown whole on each side, with where they went or came from)."""
    old_notes: Notes = {}
    new_notes: Notes = {}
    for change in changes:
        if getattr(change, "field", None) != field:
            continue
        if change.kind == "item_split":
            olds, news = (change.old_index,), tuple(change.indexes)
            marker = "÷"
        elif change.kind == "item_merged":
            olds, news = tuple(change.old_indexes), (change.index,)
            marker = "&"
        else:
            continue
        for i in olds:
            old_notes[i] = f"({marker} -> {', '.join(str(j + 1) for j in news)})"
        for j in news:
            new_notes[j] = _("({marker} from {pieces})").format(marker=marker,
                                                                  pieces=", ".join(str(i + 1) for i in olds))
        for i in [i for i, j in pairs.items() if i in olds or j in news]:
            del pairs[i]
    return old_notes, new_notes


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
        return [item_text(v) for v in value]
    return str(value)


def _list_side(items: list[str], side: str, plain: bool, partner: Callable[[int], tuple[str, str] | None],
               notes: Notes) -> RenderableType:
    """One column of a list: each item numbered, redlined against its partner or wholly marked,
    its wrapped lines under its text."""
    lines = []
    for index, item in enumerate(items):
        pair = partner(index)
        words: Sequence[WordOp] = word_ops(*pair) if pair else (
            [WordOp(op="delete", old=item)] if side == "old" else [WordOp(op="insert", new=item)])
        text = one_side(words, side, plain)
        if index in notes:
            text.append(f" {notes[index]}")
        lines.append(Hanging(f"{index + 1}. ", text))
    return Group(*lines) if lines else Text("N/A")
