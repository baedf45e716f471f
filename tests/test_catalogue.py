"""Every user-facing string has its Spanish: the catalogue is complete, compiled, and every
message the code makes goes through it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.catalogue import MO, PACKAGE, compiled, extracted, missing, read

_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?:![rs])?(?::[^{}]*)?\}|%\(\w+\)s")
# Calls whose text a user reads: exceptions docversion raises, and the command line's output.
_MESSAGE_CALLS = re.compile(r"(Error|Broken|Refused)$")
_KEYWORDS = {"hint", "help", "message", "description"}
_TRANSLATORS = {"_", "N_", "ngettext"}


def test_every_message_has_its_spanish() -> None:
    catalogue = read()
    known = {message.id for message in catalogue}
    new = [message.id for message in extracted() if message.id and message.id not in known]
    assert not new, f"{len(new)} messages are not in the catalogue (run python -m tests.catalogue update): {new[:5]}"
    untranslated = missing(catalogue)
    assert not untranslated, f"{len(untranslated)} messages have no Spanish: {untranslated[:5]}"


def test_the_shipped_catalogue_is_the_compiled_one() -> None:
    assert MO.read_bytes() == compiled(read()), "run python -m tests.catalogue compile"


def test_the_spanish_keeps_every_placeholder() -> None:
    wrong = []
    for message in read():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, text in enumerate(strings):  # the singular's form first, then the plural's
            wanted = set(_PLACEHOLDER.findall(ids[min(index, len(ids) - 1)]))
            if set(_PLACEHOLDER.findall(text)) != wanted:
                wrong.append(ids[0])
    assert not wrong, wrong[:5]


def _is_translated(node: ast.expr) -> bool:
    """A call of a translator, or ``.format(...)`` of one, or no literal text at all."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in _TRANSLATORS:
            return True
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _is_translated(func.value)
        return True  # a value made elsewhere
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not node.value.strip(" .:;,") or not re.search(r"[A-Za-z]{2}", node.value)
    if isinstance(node, ast.JoinedStr):
        return all(not isinstance(part, ast.Constant) or _is_translated(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _is_translated(node.left) and _is_translated(node.right)
    return True


def _untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        texts = list(node.args[:1]) if _MESSAGE_CALLS.search(name) else []
        texts += [keyword.value for keyword in node.keywords if keyword.arg in _KEYWORDS]
        found += [f"{path.relative_to(PACKAGE.parent)}:{text.lineno}" for text in texts if not _is_translated(text)]
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_the_code_makes_goes_through_the_catalogue(path: Path) -> None:
    assert not _untranslated(path)
