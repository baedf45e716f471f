"""The public API: ``docversion.__all__`` is sorted, complete and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import docversion


class TestExports:
    """What ``from docversion import *`` gives is the documented API, loaded lazily."""

    def test_all_is_sorted_and_unique(self) -> None:
        assert docversion.__all__ == sorted(set(docversion.__all__))

    def test_every_name_resolves_to_an_object_of_that_name(self) -> None:
        for name in docversion.__all__:
            value = getattr(docversion, name)
            if name == "diff":  # the function, or its package once imported: both are called alike
                assert callable(value) and getattr(value, "__name__", "").endswith("diff")
                continue
            assert getattr(value, "__name__", name) == name or name.isupper()

    def test_the_api_covers_each_layer(self) -> None:
        expected = {"Manual", "Store", "apply", "ChangeSet", "DiffView", "ChangeControl", "verify",
                    "read_document", "RevisionTable", "DocversionError", "diff", "write_docx", "MEANINGS"}
        assert expected <= set(docversion.__all__)

    def test_unknown_names_raise_attribute_error(self) -> None:
        try:
            docversion.not_a_name  # noqa: B018
        except AttributeError as exc:
            assert "not_a_name" in str(exc)
        else:
            raise AssertionError("an unknown name resolved")

    def test_importing_the_package_stays_light(self) -> None:
        """Neither the command line's start nor ``import docversion`` loads git, rich or pydantic models."""
        code = "import sys, docversion; print(sorted(m for m in ('git', 'rich', 'pydantic', 'deepdiff') if m in sys.modules))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]"
