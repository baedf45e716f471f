"""The sign-off page a printed copy carries after its revision table (REGISTRO DE FIRMAS).

For a version published through change control: each of its sign-offs with the printed name,
the role, the meaning (Elaborado, Revisado, Autorizado), the date and time with its zone and the
key it was signed with, then the digest of the content signed and, only when the record
verifies, the statement that the copy conforms to the original signed electronically. A version
signed on paper and a draft say so in a line. The words are the document's Spanish, the same in
every language; :func:`signature_page` gives them as rows and lines, which Markdown and HTML
write here and another layout (Word) can write the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docversion.formats.spanish_dates import format_spanish_datetime
from docversion.records import PrintedSignature, SignatureRecord

HEADING = "REGISTRO DE FIRMAS"
HEADERS = ("Nombre", "Puesto", "Significado", "Fecha y hora", "Llave")
NO_KEY = "sin llave"
ON_PAPER = "Versión firmada en papel: el registro no guarda sus firmas."
UNSIGNED_DRAFT = "Borrador: sin firmas de publicación."
NONE_RECORDED = "El registro no guarda firmas de esta versión."
UNPROVEN = "Las firmas sin llave registran la identidad que declaró quien firmó; no la prueban."
CONFORMS = "Este documento es conforme al original firmado electrónicamente"
DIGEST_LABEL = "Huella del contenido firmado (SHA-256)"


@dataclass(frozen=True)
class SignaturePage:
    """The page's table (one row of :data:`HEADERS` cells per sign-off) and the lines after it."""

    rows: tuple[tuple[str, ...], ...]
    lines: tuple[str, ...]


def key_text(fingerprint: str | None) -> str:
    """A key as the page prints it: its fingerprint's first 16 hex digits in groups of four
    (``1a2b 3c4d 5e6f 7a8b``), or ``sin llave``."""
    if not fingerprint:
        return NO_KEY
    digits = fingerprint[:16]
    return " ".join(digits[n:n + 4] for n in range(0, len(digits), 4))


def signature_cells(signature: PrintedSignature) -> tuple[str, ...]:
    """One sign-off's row: name, role, meaning, date and time with zone, key."""
    return (signature.name, signature.role, signature.meaning, format_spanish_datetime(signature.time),
            key_text(signature.fingerprint))


def signature_page(record: SignatureRecord | None) -> SignaturePage:
    """What the page says of ``record`` (None: a draft, which has no publication sign-offs)."""
    if record is None:
        return SignaturePage((), (UNSIGNED_DRAFT,))
    if record.is_imported:
        return SignaturePage((), (ON_PAPER,))
    rows = tuple(signature_cells(s) for s in record.signatures)
    lines = [] if rows else [NONE_RECORDED]
    if record.digest:
        lines.append(f"{DIGEST_LABEL}: {record.digest}")
    if any(s.fingerprint is None for s in record.signatures):
        lines.append(UNPROVEN)
    if record.is_verified:
        lines.append(CONFORMS)
    return SignaturePage(rows, tuple(lines))


def markdown_page(page: SignaturePage, escape: Callable[[str], str]) -> Iterator[str]:
    """The page as Markdown lines: a heading, a table, a paragraph per line."""
    yield f"\n## {HEADING}\n"
    if page.rows:
        yield "| " + " | ".join(HEADERS) + " |\n|" + "---|" * len(HEADERS)
        yield from ("| " + " | ".join(escape(cell) for cell in row) + " |" for row in page.rows)
        yield ""
    yield "\n\n".join(escape(line) for line in page.lines)


def html_page(page: SignaturePage, escape: Callable[[str], str]) -> Iterator[str]:
    """The page as HTML: a heading, a table, a paragraph per line."""
    yield f"<h2>{HEADING}</h2>"
    if page.rows:
        yield "<table class=\"signatures\"><tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr>" + "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in page.rows) + "</table>"
    yield from (f"<p>{escape(line)}</p>" for line in page.lines)
