"""Comparing versions of a manual: ``diff(old, new) -> ChangeSet`` and ``apply(changes, old) -> new``.

The package is itself callable as the function: ``from docversion import diff`` gives this
package once anything has imported it (Python sets a package's submodules on it), so
``diff(old, new)`` must work whichever of the two a caller holds.
"""

import sys
import types
from typing import Any

from docversion.diff.apply import apply
from docversion.diff.changes import ChangeSet
from docversion.diff.engine import diff

__all__ = ["ChangeSet", "apply", "diff"]


class _CallablePackage(types.ModuleType):
    """``docversion.diff(old, new)`` is ``docversion.diff.diff(old, new)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return diff(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
