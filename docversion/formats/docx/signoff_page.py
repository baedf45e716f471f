"""The sign-off page of a Word export (REGISTRO DE FIRMAS), in the words Markdown and HTML print
(:mod:`docversion.formats.signature_page`): each sign-off's printed name, role, meaning, date and
time with its zone and key, then the digest of the content signed and whether the copy conforms
to the signed original (21 CFR 11.50); a version signed on paper, and a draft, say so instead.
The reader takes the page for layout: a version's sign-offs are the store's record, never a
document's."""

from __future__ import annotations

from typing import Any

from docversion.formats.signature_page import HEADERS, HEADING, signature_page
from docversion.records import SignatureRecord


def signoff_page(writer: Any, record: SignatureRecord | None) -> None:
    """Write the page with ``writer`` (the Word writer's heading, table and paragraph); ``record``
    None is a draft's."""
    page = signature_page(record)
    writer.heading(HEADING, 1)
    if page.rows:
        table = writer.table((34, 40, 24, 40, 0), header=HEADERS, size=9)
        for row in page.rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                writer.cell(cell, text, None)
    for line in page.lines:
        writer.paragraph(line)
