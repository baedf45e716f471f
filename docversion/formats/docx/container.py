"""The .docx file before any XML is parsed: a zip of bounded size with no entity declarations,
and its tracked changes accepted on request or refused, never half read."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docversion.errors import DocumentStructureError, EncodingError, UnsupportedFormatError

MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 64 * 1_048_576
MAX_TOTAL_BYTES = 256 * 1_048_576
MAX_RATIO = 200  # uncompressed / compressed: beyond this a zip is a bomb, not a document
_REQUIRED = ("[Content_Types].xml", "word/document.xml")
_CHANGE_TAGS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "tblPrChange", "trPrChange",
                "tcPrChange", "sectPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge")
_PROPERTY_CHANGES = ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
                     "tblGridChange", "numberingChange", "cellIns")


def check_container(data: bytes, source: str) -> None:
    """Refuse anything that is not a .docx of sane size, before python-docx opens it."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise EncodingError("not a .docx: the file is not a zip archive", source=source,
                            hint="save the document from Word as .docx (Word 2007 or later)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise UnsupportedFormatError(f"the .docx holds {len(entries)} parts; at most {MAX_ENTRIES} are read",
                                         source=source, hint="check that this is the manual")
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or ratio > MAX_RATIO:
                raise UnsupportedFormatError(f"{entry.filename} unpacks to {entry.file_size} bytes (a zip bomb?)",
                                             source=source, hint="check that this is the manual")
        names = {entry.filename for entry in entries}
        missing = [name for name in _REQUIRED if name not in names]
        if missing:
            raise EncodingError(f"not a Word document: {', '.join(missing)} missing", source=source,
                                hint="save the document from Word as .docx")
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                text = _xml_text(archive.read(entry.filename))
                if "<!DOCTYPE" in text or "<!ENTITY" in text:
                    raise UnsupportedFormatError(f"{entry.filename} declares XML entities, which are refused",
                                                 source=source, hint="save the document again from Word")


def _xml_text(data: bytes) -> str:
    """An XML part as text, whatever Unicode encoding it declares by its first bytes."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if data[:1] == b"<" else "utf-16-be")
        return data.decode(encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


def settle_tracked_changes(body: Any, source: str, *, is_accepting: bool) -> None:
    """Accept every tracked change in ``body`` (insertions kept, deletions dropped), or refuse."""
    changes = [element for tag in _CHANGE_TAGS for element in body.iter(_w(tag))]
    if not changes:
        return
    if not is_accepting:
        raise DocumentStructureError(
            f"the document has {len(changes)} tracked changes", source=source,
            hint="accept or reject them in Word, or import with --accept-changes to accept them all")
    if any(element.tag == _w("cellMerge") for element in changes):
        raise DocumentStructureError("the document has a tracked merge of table cells", source=source,
                                     hint="accept or reject it in Word, then import again")
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
