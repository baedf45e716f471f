"""Paths into a manual's data: ``cover.area``, ``positions.<id>.periodic_functions.monthly.3``.

The one place that turns such a path into a place in a manual's dumped data, for the change
set's term places and for applying changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from docversion.formats.canonical import plain_data


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


def rewrite_paths(data: dict[str, Any], paths: Iterable[str], rewrite: Callable[[str], str]) -> None:
    """Replace the text at each path with ``rewrite(text)``."""
    by_id = {position["id"]: position for position in data.get("positions", ())}
    for path in paths:
        head, _, rest = path.partition(".")
        if head == "positions":
            position_id, _, inner = rest.partition(".")
            node, key = _parent(by_id[position_id], inner)
        else:
            node, key = _parent(data, path)
        node[key] = rewrite(node[key])
