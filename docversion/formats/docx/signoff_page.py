"""The sign-off page of a Word export: each sign-off's printed name, role, meaning, date and time
with its zone and key, the content digest they signed, and whether the copy conforms to the
signed original (21 CFR 11.50: the manifestation of a signature in every human-readable form of
the signed record). A version signed on paper, and a draft, say so instead. The reader takes the
page for layout: a version's sign-offs are the store's record, never a document's."""

from __future__ import annotations

from typing import Any

from docversion.formats.signatures import SIGNOFF_HEADERS, signature_cells, signoff_lines
from docversion.records import SignatureRecord

SIGNOFF_TITLE = "REGISTRO DE FIRMAS"


def signoff_page(writer: Any, record: SignatureRecord) -> None:
    """Write the page with ``writer`` (the Word writer's helper: heading, table, paragraph)."""
    writer.heading(SIGNOFF_TITLE, 1)
    if record.signatures:
        table = writer.table((38, 40, 22, 36, 0), header=SIGNOFF_HEADERS)
        for signature in record.signatures:
            for cell, text in zip(table.add_row().cells, signature_cells(signature), strict=True):
                writer.cell(cell, text, None)
    for line in signoff_lines(record):
        writer.paragraph(line)
