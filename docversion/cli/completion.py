"""Shell completion of manual codes and of ``CODE@REV`` revisions, read from the store.

Completion runs on every Tab press, so it reads only refs (one ``git for-each-ref``) and stays
silent when there is no store.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from click.shell_completion import CompletionItem


def _manuals(context: click.Context) -> dict[str, list[int]]:
    from docversion.errors import DocversionError
    from docversion.store import Store
    from docversion.store.history import scan

    root = context.find_root()
    path = root.params.get("store_path") or os.environ.get("DOCVERSION_STORE") or Path.cwd()
    try:
        store = Store.open(Path(path))
        return {code: [v.version for v in refs.versions] for code, refs in scan(store.git).items()}
    except DocversionError:
        return {}


def complete_code(context: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The store's manual codes that start with what was typed."""
    return [CompletionItem(code) for code in sorted(_manuals(context)) if code.startswith(incomplete)]


def complete_target(context: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Codes, then after ``@`` the manual's versions, ``latest`` and ``draft``."""
    manuals = _manuals(context)
    if "@" not in incomplete:
        return [CompletionItem(code) for code in sorted(manuals) if code.startswith(incomplete)]
    code, _, rev = incomplete.partition("@")
    revisions = [*(f"v{v}" for v in manuals.get(code, [])), "latest", "draft"]
    return [CompletionItem(f"{code}@{r}") for r in revisions if r.startswith(rev)]
