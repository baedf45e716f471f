"""Comparing versions of a manual: ``diff(old, new) -> ChangeSet`` and ``apply(changes, old) -> new``."""

from docversion.diff.apply import apply
from docversion.diff.changes import ChangeSet
from docversion.diff.engine import diff

__all__ = ["ChangeSet", "apply", "diff"]
