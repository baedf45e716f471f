"""MODIFICACIONES REALIZADAS: one row per version, three columns.

The first column holds the authorising role and its dates (``Fecha de última modificación:``
and ``Fecha de vigencia:``, in either order, on the row's line or on lines of their own); the
second the version; the third the change sentences and, last, the preparer with the label as
written (``Elaborado por:``, ``Analista:``…). A line with no tab continues the row above it.
"""

from __future__ import annotations

import re
from typing import Any

from docversion.formats.blocks import Block, Para, Row
from docversion.formats.markup import has_words, strip_marks
from docversion.formats.structure.cover import read_date, read_version
from docversion.formats.structure.labels import fold
from docversion.formats.structure.lists import list_items, sentences
from docversion.formats.structure.values import Values
from docversion.i18n import _

REVISION_HEADERS = ("referencia de autorizacion", "version", "descripcion de la modificacion")
_DATE_LABEL = re.compile(
    r"fecha\s+de\s+(?P<kind>[úu]ltima\s+modificaci[óo]n|vigencia)[\ufdd0\ufdd1]*\s*:", re.IGNORECASE
)
_PREPARER = re.compile(
    r"(?P<label>Analista|Elaborado\s*/\s*actualizado\s+por|Elaborado\s+y\s+actualizado\s+por|Elaborado\s+por"
    r"|Actualizado\s+por|Preparado\s+por|Elaborada\s+por)[\ufdd0\ufdd1]*\s*:",
    re.IGNORECASE,
)


def read_revisions(blocks: list[Block], values: Values) -> list[dict[str, Any]]:
    """The rows of the revision table, from the blocks after its heading."""
    report = values.report
    rows: list[list[list[Para]]] = []
    loose: list[Para] = []  # lines without tabs: the start of the next row, or the end of the last
    for block in blocks:
        if isinstance(block, Para):
            loose.append(block)
            continue
        starts_with_date = bool(block.cells[0]) and _DATE_LABEL.match(strip_marks(block.cells[0][0].text).strip())
        if loose and starts_with_date and block.cells[0]:
            block = Row((tuple(loose) + block.cells[0], *block.cells[1:]), block.where)
            loose = []
        _continue(rows, loose, values)
        loose = []
        cells = list(block.cells)
        if tuple(fold(" ".join(p.text for p in cell)) for cell in block.filled()) == REVISION_HEADERS:
            report.furnish(*block.paras())
            continue
        if not cells[0] and rows:  # a row continued: its cells go to the columns of the row above
            for column, cell in enumerate(cells[:3]):
                is_number = bool(cell) and strip_marks(" ".join(p.text for p in cell)).strip(" .").isdigit()
                rows[-1][2 if column == 1 and not is_number else min(column, 2)].extend(cell)
            rows[-1][2].extend(p for cell in cells[3:] for p in cell)
            continue
        filled = block.filled()
        if len(filled) < 3:
            raise report.fail(block.where, _("a revision row needs 3 cells (authorization and dates, version, "
                                             "description); found {found}").format(found=len(filled)),
                              _("keep the three columns of MODIFICACIONES REALIZADAS, separated by tabs"))
        rows.append([list(filled[0]), list(filled[1]), [p for cell in filled[2:] for p in cell]])
    _continue(rows, loose, values)
    return [_revision(row, number, values) for number, row in enumerate(rows)]


def _continue(rows: list[list[list[Para]]], loose: list[Para], values: Values) -> None:
    """Lines without tabs after a row continue it: dates go to its first column, the rest to its
    description."""
    for para in loose:
        if not rows:
            values.report.unplaced(para, _("in MODIFICACIONES REALIZADAS before its first row"))
            continue
        column = 0 if _DATE_LABEL.match(strip_marks(para.text).strip()) else 2
        rows[-1][column].append(para)


def _revision(row: list[list[Para]], number: int, values: Values) -> dict[str, Any]:
    authority, version, description = row
    report = values.report
    path = f"revisions.{number}"
    report.place(*authority, *version, *description)
    joined = authority[0].with_text(" ".join(p.text for p in authority))
    labels = list(_DATE_LABEL.finditer(joined.text))
    if not labels:
        raise report.fail(joined.where, _("the row has no 'Fecha de vigencia:'"),
                          _("write 'Fecha de vigencia: 02 de enero de 2018' after the authorising role"))
    result: dict[str, Any] = {
        "authorized_by": values.text(joined.with_text(joined.text[: labels[0].start()]), f"{path}.authorized_by",
                                     is_name=True),
        "version": read_version(version[0].with_text(" ".join(p.text for p in version)), f"{path}.version", values),
        "last_modified": None,
    }
    ends = [m.start() for m in labels[1:]] + [len(joined.text)]
    for label, end in zip(labels, ends, strict=True):
        name = "in_force" if fold(label.group("kind")) == "vigencia" else "last_modified"
        if name in result and result[name] is not None:
            raise report.fail(joined.where, _("the row gives {label} twice").format(label=label.group(0)),
                              _("keep one date of each kind"))
        result[name] = read_date(joined.with_text(joined.text[label.end():end]), f"{path}.{name}", values)
    if "in_force" not in result:
        raise report.fail(joined.where, _("the row has no 'Fecha de vigencia:'"), _("add the in-force date"))
    result.update(_description(description, path, values))
    return result


def _description(paras: list[Para], path: str, values: Values) -> dict[str, Any]:
    report = values.report
    items = list_items(paras, report.judge, report.unplaced) if paras else []
    at = next((n for n in range(len(items) - 1, -1, -1) if _PREPARER.search(items[n].text)), None)
    if at is None:
        bold = next((n for n in range(len(items) - 1, -1, -1) if items[n].label), None)
        if bold is None:
            where = paras[0].where if paras else None
            raise report.fail(where, _("the row names no preparer"),
                              _("end the description with 'Elaborado por: NAME' or 'Analista: NAME'"))
        at, start, end = bold, 0, items[bold].label
        label = strip_marks(items[bold].text[: end - 1])
    else:
        labels = [found for item in items for found in _PREPARER.finditer(item.text)]
        if len(labels) > 1:
            raise report.fail(items[at].where, _("the row names {count} preparers ({labels})").format(
                count=len(labels), labels=", ".join(strip_marks(m.group("label")) for m in labels)),
                              _("keep one preparer per row: the person who prepared this version"))
        found = labels[0]
        start, end, label = found.start(), found.end(), strip_marks(found.group("label"))
    for extra in items[at + 1:]:
        report.unplaced(extra, _("after the preparer in MODIFICACIONES REALIZADAS"))
    changes = [*items[:at]]
    before = items[at].text[:start].rstrip(" -–•*")
    if has_words(before):
        changes.append(items[at].with_text(before))
    pieces = [piece for change in changes for piece in sentences(change)]
    name, *after = sentences(items[at].with_text(items[at].text[end:])) or [items[at].with_text("")]
    for extra in after:  # a name is one sentence: what follows it is no part of it
        report.unplaced(extra, _("after the preparer's name in MODIFICACIONES REALIZADAS"))
    return {
        "changes": values.items(pieces, f"{path}.changes"),
        "prepared_by_label": " ".join(label.split()),
        "prepared_by": values.text(name, f"{path}.prepared_by", is_name=True),
    }
