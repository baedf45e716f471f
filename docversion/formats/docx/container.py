"""The .docx file before any XML is parsed: a zip of bounded size, each part named once, and no
part, whatever its name and its Unicode encoding, declaring entities; its tracked changes accepted
on request or refused, never half read."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from docversion import limits
from docversion.errors import DocumentStructureError, EncodingError, UnsupportedFormatError
from docversion.formats.docx.encoding import SNIFF_BYTES, part_text, sniff_codec
from docversion.i18n import _, ngettext

_REQUIRED = ("[Content_Types].xml", "word/document.xml")
_CHANGE_TAGS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "tblPrChange", "trPrChange",
                "tcPrChange", "sectPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge")
_PROPERTY_CHANGES = ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
                     "tblGridChange", "numberingChange", "cellIns")


def check_container(data: bytes, source: str) -> None:
    """Refuse anything that is not a .docx of sane size, before python-docx opens it."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise EncodingError(_("not a .docx: the file is not a zip archive"), source=source,
                            hint=_("save the document from Word as .docx (Word 2007 or later)"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        _check_sizes(entries, source)
        _check_names(entries, source)
        for entry in entries:
            try:
                _check_part(archive, entry, source)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise EncodingError(_("{part} cannot be unpacked: {error}").format(part=entry.filename, error=exc),
                                    source=source, hint=_("save the document again from Word")) from exc


def _check_sizes(entries: list[zipfile.ZipInfo], source: str) -> None:
    if len(entries) > limits.MAX_DOCX_PARTS:
        raise UnsupportedFormatError(_("the .docx holds {count} parts; at most {limit} are read").format(
            count=len(entries), limit=limits.MAX_DOCX_PARTS), source=source, hint=_("check that this is the manual"))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if (entry.file_size > limits.MAX_DOCX_PART_BYTES or total > limits.MAX_DOCX_UNPACKED_BYTES
                or ratio > limits.MAX_DOCX_RATIO):
            raise UnsupportedFormatError(_("{part} unpacks to {size} bytes (a zip bomb?)").format(
                part=entry.filename, size=entry.file_size), source=source, hint=_("check that this is the manual"))


def _check_names(entries: list[zipfile.ZipInfo], source: str) -> None:
    """Each part once (part names are compared as Word compares them, ignoring case), and the
    parts every Word document has."""
    seen: set[str] = set()
    for entry in entries:
        key = entry.filename.lstrip("/").lower()
        if key in seen:
            raise UnsupportedFormatError(
                _("the .docx holds {part} twice; Word and docversion could read different ones").format(
                    part=entry.filename), source=source, hint=_("save the document again from Word"))
        seen.add(key)
    missing = [name for name in _REQUIRED if name.lower() not in seen]
    if missing:
        raise EncodingError(_("not a Word document: {parts} missing").format(parts=", ".join(missing)),
                            source=source, hint=_("save the document from Word as .docx"))


def _check_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, source: str) -> None:
    """Refuse a part that is XML (by its first bytes, whatever its name) and declares entities."""
    if entry.is_dir():
        return
    with archive.open(entry) as handle:
        head = handle.read(SNIFF_BYTES)
        codec = sniff_codec(head, entry.filename, source)
        if codec is None:
            return
        text = part_text(head + handle.read(), codec, entry.filename, source)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise UnsupportedFormatError(_("{part} declares XML entities, which are refused").format(part=entry.filename),
                                     source=source, hint=_("save the document again from Word"))


def settle_tracked_changes(body: Any, source: str, *, is_accepting: bool) -> None:
    """Accept every tracked change in ``body`` (insertions kept, deletions dropped), or refuse."""
    changes = [element for tag in _CHANGE_TAGS for element in body.iter(_w(tag))]
    if not changes:
        return
    if not is_accepting:
        raise DocumentStructureError(
            ngettext("the document has {count} tracked changes", "the document has {count} tracked changes",
                     len(changes)).format(count=len(changes)), source=source,
            hint=_("accept or reject them in Word, or give --accept-changes to read them all accepted"))
    if any(element.tag == _w("cellMerge") for element in changes):
        raise DocumentStructureError(_("the document has a tracked merge of table cells"), source=source,
                                     hint=_("accept or reject it in Word, then import again"))
    for element in changes:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag in (*(_w(tag) for tag in _PROPERTY_CHANGES), _w("cellDel")):
            _accept_property(element, parent)
            continue
        if parent.tag in (_w("rPr"), _w("trPr")) and element.tag in (_w("ins"), _w("del")):
            _accept_mark(element, parent)
            continue
        if element.tag in (_w("del"), _w("moveFrom")):
            parent.remove(element)
            continue
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)


def _accept_property(element: Any, parent: Any) -> None:
    """A tracked change of formatting keeps today's formatting; a deleted cell goes."""
    if element.tag == _w("cellDel"):
        cell = parent.getparent()  # tcPr's parent: the cell
        if cell is not None and cell.getparent() is not None:
            cell.getparent().remove(cell)
        return
    parent.remove(element)


def _accept_mark(element: Any, parent: Any) -> None:
    """An inserted mark stays; a deleted paragraph mark joins the paragraph to the next, as Word
    does; a deleted row (its row properties say so) goes."""
    parent.remove(element)
    if element.tag != _w("del"):
        return
    owner = parent.getparent()
    if parent.tag == _w("trPr"):
        row = owner
        if row is not None and row.getparent() is not None:
            row.getparent().remove(row)
        return
    paragraph = owner.getparent() if owner is not None and owner.tag == _w("pPr") else None
    following = paragraph.getnext() if paragraph is not None else None
    if paragraph is None or following is None or following.tag != _w("p"):
        return
    for child in list(following):
        if child.tag != _w("pPr"):
            paragraph.append(child)
    following.getparent().remove(following)


def _w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"
