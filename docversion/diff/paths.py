"""Paths into a manual's data: ``cover.area``, ``positions.<id>.periodic_functions.monthly.3``.

The one place that turns such a path into a place in a manual's dumped data, for the change
set's term places and for applying changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from docversion.model import plain_data
from docversion.text import normalize_text

Model = TypeVar("Model", bound=BaseModel)
Rewrite = Callable[[str], str]


def _parent(data: dict[str, Any], path: str) -> tuple[Any, str | int]:
    parts = path.split(".")
    node: Any = data
    at = 0
    while at < len(parts) - 1:
        part = parts[at]
        if part == "positions" and node is data and "positions" in data and isinstance(data["positions"], list):
            node = next(p for p in data["positions"] if p["id"] == parts[at + 1])
            at += 2
            continue
        node = node[int(part)] if isinstance(node, (list, tuple)) else node[part]
        at += 1
    last = parts[-1]
    return node, int(last) if isinstance(node, (list, tuple)) else last


def get_path(data: dict[str, Any], path: str) -> Any:
    """The value at ``path``."""
    node, key = _parent(data, path)
    return node[key]


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Put ``value`` at ``path`` in data made by :func:`thaw`."""
    node, key = _parent(data, path)
    node[key] = value


thaw = plain_data
"""A model dump with every tuple turned into a list, so it can be changed in place."""


def rewrite_texts(model: Model, places: Sequence[tuple[str, Rewrite]]) -> Model:
    """``model`` with the text at each path (relative to it) passed through its rewrite, in order.

    Built by copies along the paths, so everything off them stays the very object it was. A
    copy is not validated again: each new text is normalised here, and the marks of ``model``
    (``marked``, when it has them) that point at a rewritten text are dropped, as the text they
    marked is gone. Nothing else a rule checks (counts, percentages, ids) can change.
    """
    update = _updates(model, [(path.split("."), rewrite) for path, rewrite in places])
    marked = getattr(model, "marked", None)
    if marked:
        rewritten = {path for path, _ in places}
        update["marked"] = tuple(mark for mark in marked if mark.path not in rewritten)
    return model.model_copy(update=update)


def _updates(model: BaseModel, places: list[tuple[list[str], Rewrite]]) -> dict[str, Any]:
    grouped: dict[str, list[tuple[list[str], Rewrite]]] = {}
    for parts, rewrite in places:
        if parts[0] not in type(model).model_fields:
            raise KeyError(".".join(parts))
        grouped.setdefault(parts[0], []).append((parts[1:], rewrite))
    return {name: _rewritten(getattr(model, name), inner) for name, inner in grouped.items()}


def _rewritten(value: Any, places: list[tuple[list[str], Rewrite]]) -> Any:
    if isinstance(value, str):
        for parts, rewrite in places:
            if parts:
                raise KeyError(".".join(parts))
            value = normalize_text(rewrite(value))
        return value
    if isinstance(value, tuple):
        items = list(value)
        by_index: dict[int, list[tuple[list[str], Rewrite]]] = {}
        for parts, rewrite in places:
            by_index.setdefault(int(parts[0]), []).append((parts[1:], rewrite))
        for index, inner in by_index.items():
            items[index] = _rewritten(items[index], inner)
        return tuple(items)
    if isinstance(value, BaseModel):
        return value.model_copy(update=_updates(value, places))
    raise KeyError(".".join(places[0][0]))
