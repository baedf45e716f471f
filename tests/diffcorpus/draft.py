"""A manual being edited: plain data whose list items carry identity tags.

Every item of every list of every position gets a tag when the draft is made; an edit moves,
changes, drops or adds items (a new item gets a new tag) and never computes an index. Where an
item ended up is read off the built manual at the end, so the bookkeeping of shifted indexes
cannot go wrong: :meth:`Draft.build` returns the new manual and the slot of every tag in it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from docversion.model import Manual, Position

Slot = tuple[str, str, int]
"""A place in a list: position id, field as the change set names it, index."""


def list_fields(position: Position) -> tuple[str, ...]:
    """The list fields of a position as the change set names them (``periodic_functions.daily``),
    in model order; ``marked`` is not a list of items."""
    fields: list[str] = []
    for name in type(position).model_fields:
        value = getattr(position, name)
        if isinstance(value, BaseModel):
            fields += [f"{name}.{inner}" for inner in type(value).model_fields]
        elif isinstance(value, tuple) and name != "marked":
            fields.append(name)
    return tuple(fields)


@dataclass
class Item:
    """One item of a list during editing: a text, or a key function's data."""

    tag: int
    value: Any

    @property
    def text(self) -> str:
        """The item's text (a key function's ``text``)."""
        return str(self.value["text"] if isinstance(self.value, dict) else self.value)

    def with_text(self, text: str) -> Any:
        """The item's value with its text replaced."""
        return {**self.value, "text": text} if isinstance(self.value, dict) else text


def _node(position: dict[str, Any], field: str) -> tuple[dict[str, Any], str]:
    *parents, last = field.split(".")
    node = position
    for part in parents:
        node = node[part]
    return node, last


class Draft:
    """An editable copy of a manual; ``origin`` holds the old slot of every tag it started with."""

    def __init__(self, manual: Manual) -> None:
        self.old = manual
        self.data: dict[str, Any] = manual.model_dump(mode="json")
        self.origin: dict[int, Slot] = {}
        self.lists: dict[tuple[str, str], list[Item]] = {}
        self._tags = itertools.count()
        for position in manual.positions:
            data = self.position(position.id)
            for field in list_fields(position):
                node, key = _node(data, field)
                items = []
                for index, value in enumerate(node[key]):
                    tag = next(self._tags)
                    self.origin[tag] = (position.id, field, index)
                    items.append(Item(tag, value))
                self.lists[(position.id, field)] = items

    def position(self, position_id: str) -> dict[str, Any]:
        """The editable data of one position (its list fields are read from :attr:`lists`)."""
        return next(p for p in self.data["positions"] if p["id"] == position_id)

    def new_item(self, value: Any) -> Item:
        """An item that the old manual did not have, with a fresh tag."""
        return Item(next(self._tags), value)

    def items(self, position_id: str, field: str) -> list[Item]:
        """The current items of one list, to be changed in place."""
        return self.lists[(position_id, field)]

    def all_lists(self) -> Iterator[tuple[str, str, list[Item]]]:
        """Every list of every position: (position id, field, items)."""
        for (position_id, field), items in self.lists.items():
            yield position_id, field, items

    def locate(self, tag: int) -> tuple[str, str, int]:
        """Where the item with ``tag`` is now; ``KeyError`` when no list holds it."""
        for (position_id, field), items in self.lists.items():
            for index, item in enumerate(items):
                if item.tag == tag:
                    return position_id, field, index
        raise KeyError(tag)

    def build(self) -> tuple[Manual, dict[int, Slot]]:
        """The edited manual (validated) and the slot of every tag it holds."""
        data = json.loads(json.dumps(self.data))  # a deep copy of plain data, faster than copy.deepcopy
        final: dict[int, Slot] = {}
        for (position_id, field), items in self.lists.items():
            position = next(p for p in data["positions"] if p["id"] == position_id)
            node, key = _node(position, field)
            node[key] = [dict(item.value) if isinstance(item.value, dict) else item.value for item in items]
            final.update((item.tag, (position_id, field, index)) for index, item in enumerate(items))
        return Manual.model_validate(data), final
