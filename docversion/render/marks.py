"""How the views mark deleted and inserted words, in colour and without it.

In colour a deletion is struck through in red and an insertion underlined in green; without
colour they read ``[-old-]`` and ``{+new+}``. Either way a deleted run and the inserted run that
replaces it are kept apart by a space, so "Auxiliar Asistente de Soporte" never reads as one
word where a terminal cannot strike through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from docversion.diff.changes import WordOp
from docversion.model import KeyFunction

DELETED = "strike red"
INSERTED = "underline green"
_CLOSE = ".,;:)"  # punctuation that follows its word without a space


def is_plain(console: Console) -> bool:
    """True when colour and styles will not show: then views use textual markers."""
    return console.no_color or console.color_system is None


def deleted(text: str, plain: bool) -> Text:
    """``text`` marked as deleted."""
    return Text(f"[-{text}-]") if plain else Text(text, style=DELETED)


def inserted(text: str, plain: bool) -> Text:
    """``text`` marked as inserted."""
    return Text(f"{{+{text}+}}") if plain else Text(text, style=INSERTED)


def redline(words: Sequence[WordOp], plain: bool) -> Text:
    """Word operations as one text: kept words as they are, deletions and insertions marked."""
    text = Text()
    for op in words:
        if text and (op.old or op.new)[:1] not in _CLOSE:
            text.append(" ")
        if op.op == "equal":
            text.append(op.old)
            continue
        if op.old:
            text.append_text(deleted(op.old, plain))
        if op.old and op.new:
            text.append(" ")
        if op.new:
            text.append_text(inserted(op.new, plain))
    return text


def one_side(words: Sequence[WordOp], side: str, plain: bool) -> Text:
    """The old (``side`` "old") or new words of ``words``, the changed ones marked."""
    text = Text()
    for op in words:
        part = op.old if side == "old" else op.new
        if not part:
            continue
        if text and part[:1] not in _CLOSE + "\n":
            text.append(" ")
        if op.op == "equal":
            text.append(part)
        else:
            text.append_text(deleted(part, plain) if side == "old" else inserted(part, plain))
    return text


def item_text(value: Any) -> str:
    """A list item as the views show it; a key function with its share and expected result."""
    if isinstance(value, KeyFunction):
        return f"{value.text} ({value.percent}%; {value.expected_result})"
    if isinstance(value, dict) and {"text", "percent", "expected_result"} <= set(value):
        return item_text(KeyFunction(**value))
    return str(value)
