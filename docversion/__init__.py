"""docversion: job-description manuals under formal change control.

The public API, loaded on first use so that ``import docversion`` (and the command line's
start-up) stays cheap::

    from docversion import DiffView, Store, diff

    store = Store.open(Path("example.git"))
    old = store.load("900-0935", "4")
    new = store.load("900-0935")            # the latest
    Console().print(DiffView(diff(old, new)))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0.dev0"

_EXPORTS = {
    "ChangeControl": "docversion.store.control",
    "ChangeSet": "docversion.diff.changes",
    "ConflictError": "docversion.errors",
    "Cover": "docversion.model",
    "DRAFT": "docversion.store.refs",
    "DiffView": "docversion.render.diff_view",
    "DocversionError": "docversion.errors",
    "HistoryLog": "docversion.render.store_views",
    "Identity": "docversion.store.gitcmd",
    "InvalidInputError": "docversion.errors",
    "KeyFunction": "docversion.model",
    "LATEST": "docversion.store.refs",
    "Manual": "docversion.model",
    "ManualList": "docversion.render.store_views",
    "ManualSummary": "docversion.render.manual_summary",
    "ManualView": "docversion.render.manual_view",
    "MEANINGS": "docversion.workflow.events",
    "Position": "docversion.model",
    "Printing": "docversion.records",
    "PositionSideBySide": "docversion.render.side_by_side",
    "RequestStatusView": "docversion.render.workflow_views",
    "Revision": "docversion.store.refs",
    "RevisionRow": "docversion.model",
    "ReviewStatus": "docversion.records",
    "RevisionTable": "docversion.render.workflow_views",
    "SignOffBlock": "docversion.render.workflow_views",
    "SignatureRecord": "docversion.records",
    "Stamp": "docversion.records",
    "Store": "docversion.store.store",
    "VerificationError": "docversion.errors",
    "apply": "docversion.diff.apply",
    "diff": "docversion.diff.engine",
    "docx_to_pdf": "docversion.formats.pdf",
    "dump_manual": "docversion.formats.canonical",
    "lint_all": "docversion.organisation",
    "load_manual": "docversion.formats.canonical",
    "organise": "docversion.organisation",
    "parse_revision": "docversion.store.refs",
    "position_blame": "docversion.store.lineage",
    "position_history": "docversion.store.lineage",
    "read_document": "docversion.files",
    "read_seed_text": "docversion.formats.text.reader",
    "printing_for": "docversion.store.printing",
    "revision_table_markdown": "docversion.render.workflow_views",
    "verify": "docversion.store.verification",
    "write_docx": "docversion.formats.docx.writer",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        from docversion.i18n import _  # here, so that ``_`` is no attribute of the package

        raise AttributeError(_("module 'docversion' has no attribute {name!r}").format(name=name))
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
