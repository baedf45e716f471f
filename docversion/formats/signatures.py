"""The words of a printed copy's sign-off page, shared by Word, Markdown and HTML: the columns,
each sign-off's cells, and the lines beneath (the digest signed, the conformity statement, or
why there are no sign-offs). In the document's Spanish whatever the user's language."""

from __future__ import annotations

from datetime import datetime

from docversion.formats.spanish_dates import format_spanish_date
from docversion.records import PrintedSignature, SignatureRecord

SIGNOFF_HEADERS = ("Nombre", "Puesto", "Significado", "Fecha y hora", "Llave")
CONFORMS = "Este documento es conforme al original firmado electrónicamente"
ON_PAPER = "Versión firmada en papel: el registro no guarda sus firmas."
UNSIGNED = "Borrador: sin firmas de publicación."


def signed_at(time: datetime) -> str:
    """A sign-off's moment as the page prints it: "04 de marzo de 2024, 09:05 (UTC-06:00)"; a
    time with no zone is printed without one."""
    offset = time.utcoffset()
    if offset is None:
        zone = ""
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        zone = f" (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return f"{format_spanish_date(time.date())}, {time:%H:%M}{zone}"


def key_words(fingerprint: str | None) -> str:
    """A key's id (the first 16 hex digits of its SHA-256) as printed, in groups of four; or "sin
    llave" for a sign-off made without a key."""
    if not fingerprint:
        return "sin llave"
    digits = "".join(c for c in fingerprint.lower() if c in "0123456789abcdef")[:16]
    return " ".join(digits[n:n + 4] for n in range(0, len(digits), 4)) or fingerprint


def signature_cells(signature: PrintedSignature) -> tuple[str, str, str, str, str]:
    """One sign-off's row: name, role, meaning, date and time, key."""
    return (signature.name, signature.role, signature.meaning, signed_at(signature.time),
            key_words(signature.fingerprint))


def signoff_lines(record: SignatureRecord) -> list[str]:
    """The lines beneath the table: the digest signed and, when the record verifies, that the copy
    conforms; or that the version was signed on paper, or that a draft has no sign-off."""
    if record.is_imported:
        return [ON_PAPER]
    if not record.signatures:
        return [UNSIGNED]
    lines = [f"Huella del contenido firmado (SHA-256): {record.digest}"]
    if record.is_verified:
        lines.append(CONFORMS)
    return lines
