"""The layers of DESIGN.md, read from the source: the views take data, never the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "docversion"


def imported_modules(source: str, package: str) -> set[str]:
    """Every module ``source`` (a module of ``package``) imports, at its top or inside a function,
    absolute or relative, with each name it takes from one (which may be a module too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _store_imports(source: str, package: str) -> list[str]:
    return sorted(m for m in imported_modules(source, package)
                  if m == "docversion.store" or m.startswith("docversion.store."))


class TestViewsTakeData:
    """No module under docversion/render imports docversion.store: the records it shows are plain
    values (docversion.records) that the store builds."""

    @pytest.mark.parametrize("path", sorted(PACKAGE.joinpath("render").glob("*.py")), ids=lambda p: p.name)
    def test_no_render_module_imports_the_store(self, path: Path) -> None:
        assert _store_imports(path.read_text(encoding="utf-8"), "docversion.render") == []

    def test_the_check_sees_every_form_of_import(self) -> None:
        """A store import is found however it is written, so the test above can fail."""
        source = ("import docversion.store.history\nfrom docversion.store import Store\n"
                  "def f():\n    from ..store.requests import RequestStatus\n"
                  "def g():\n    from docversion import store\n")
        assert _store_imports(source, "docversion.render") == [
            "docversion.store", "docversion.store.Store", "docversion.store.history", "docversion.store.requests",
            "docversion.store.requests.RequestStatus"]

    def test_the_records_need_no_store(self) -> None:
        source = (PACKAGE / "records.py").read_text(encoding="utf-8")
        assert sorted(m for m in imported_modules(source, "docversion") if m.startswith("docversion")) == [
            "docversion.workflow.events", "docversion.workflow.events.SignOff"]
