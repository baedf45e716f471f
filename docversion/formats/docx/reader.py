"""Reading a Word document back into the model, as a draft.

The container is checked before any XML is parsed (:mod:`docversion.formats.docx.container`),
tracked changes are accepted on request or refused, the body becomes a stream of blocks
(:mod:`docversion.formats.docx.source`) and the one structure reads the manual from them, as
it reads text. Position ids travel in a document variable; without them, ids come from the
titles (and ``import`` matches them against the previous version).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.parser import parse_xml
from pydantic import ValidationError

from docversion.errors import DocumentStructureError
from docversion.formats.blocks import Where
from docversion.formats.docx.container import check_container, settle_tracked_changes
from docversion.formats.docx.context import Context, heading_styles, note_texts, run_styles
from docversion.formats.docx.source import body_blocks
from docversion.formats.docx.writer import CONFORMITY_VARIABLE, IDS_VARIABLE, document_variable
from docversion.formats.report import ReadResult, Report
from docversion.formats.structure.manual import read_blocks
from docversion.i18n import _
from docversion.model import Cover, Manual

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_docx(data: bytes, source: str, *, is_accepting_changes: bool = False,
              is_lenient: bool = False) -> ReadResult:
    """Read a .docx manual; ``is_accepting_changes`` accepts its tracked changes instead of refusing."""
    check_container(data, source)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise DocumentStructureError(_("Word could not have written this document: {error}").format(error=exc),
                                     source=source, hint=_("open it in Word and save it again as .docx")) from exc
    body = document.element.body
    settle_tracked_changes(body, source, is_accepting=is_accepting_changes)
    report = Report(source, is_lenient=is_lenient)
    context = Context(report.judge)
    for relationship in document.part.rels.values():
        if relationship.is_external:
            continue
        kind = relationship.reltype.rsplit("/", 1)[-1]
        if kind in ("comments", "footnotes", "endnotes"):
            texts = note_texts(parse_xml(relationship.target_part.blob), kind[:-1])
            setattr(context, kind, texts)
    context.styles, context.default = run_styles(document.styles.element)
    context.heading_styles = heading_styles(document.styles.element)
    manual, counts = read_blocks(body_blocks(body, context, source), report)
    ids = (document_variable(document, IDS_VARIABLE) or "").split()
    has_ids = len(ids) == len(manual.positions) and len(set(ids)) == len(ids) and all(_ID.match(i) for i in ids)
    if has_ids:
        positions = [p.model_copy(update={"id": i}) for p, i in zip(manual.positions, ids, strict=True)]
        manual = manual.model_copy(update={"positions": tuple(positions)})
    withheld = document_variable(document, CONFORMITY_VARIABLE)
    if withheld and manual.cover.conformity_statement is None:  # a copy that could not state it: still the cover's
        manual = _with_conformity(manual, withheld, report)
    return ReadResult(manual, tuple(report.warnings), has_ids=has_ids, counts=counts)


def _with_conformity(manual: Manual, statement: str, report: Report) -> Manual:
    """The manual with the conformity statement an export withheld from its cover (a draft, or a
    version whose record does not verify, may not print it) and kept in the document's properties."""
    try:
        cover = Cover.model_validate({**manual.cover.model_dump(), "conformity_statement": statement})
    except ValidationError:
        report.judge(Where(), "conformity_statement", _("the conformity statement kept in the document's "
                                                        "properties is not valid text and was not read"))
        return manual
    return manual.model_copy(update={"cover": cover})

