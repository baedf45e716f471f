"""The reader for the seed's text format: a Word manual converted to text, quirks and all.

The text source turns the bytes into blocks (:mod:`docversion.formats.text.source`) and the
one structure (:mod:`docversion.formats.structure`) reads the manual from them. Nothing is
dropped in silence: text that has no place raises :class:`DocumentStructureError` naming the
line, or, with ``is_lenient``, becomes a :class:`ReadWarning`; every judgement made on the
user's behalf is a warning with its line.
"""

from __future__ import annotations

from docversion.formats.report import ReadResult, ReadWarning, Report
from docversion.formats.structure.manual import read_blocks
from docversion.formats.text.source import decode_document, text_blocks

__all__ = ["ReadResult", "ReadWarning", "read_seed_text"]


def read_seed_text(data: bytes, source: str, *, is_lenient: bool = False) -> ReadResult:
    """Read a manual in the seed's text format from ``data``; ``source`` names it in errors."""
    report = Report(source, is_lenient=is_lenient)
    blocks = text_blocks(decode_document(data, source), report.judge)
    manual, counts = read_blocks(blocks, report)
    return ReadResult(manual, tuple(report.warnings), counts=counts)
