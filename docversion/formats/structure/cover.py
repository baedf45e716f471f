"""The cover: code, title and area, the sign-off roles, the conformity line, dates and version."""

from __future__ import annotations

import re
from typing import Any

from docversion.formats.blocks import Block, Para, Row, Where
from docversion.formats.markup import has_words, offset_with_marks, strip_marks
from docversion.formats.report import Report
from docversion.formats.spanish_dates import DATE_PATTERN, SpanishDateError, parse_spanish_date
from docversion.formats.structure.furniture import is_rule
from docversion.formats.structure.labels import fold, is_fold, split_label
from docversion.formats.structure.values import Values
from docversion.i18n import _
from docversion.labels import field_name

COVER_LABELS = {
    "Autorizado": "authorized_by", "Autorizado por": "authorized_by", "Revisado": "reviewed_by",
    "Revisado por": "reviewed_by", "Responsable de Proceso": "process_owner",
    "Responsable del Proceso": "process_owner", "Fecha de creación": "created",
    "Fecha de vigencia": "in_force", "Versión": "version", "Versión No": "version", "Versión No.": "version",
}
CONFORMITY = "este documento es conforme al original firmado"
_CODE = re.compile(r"^[\s\ufdd0\ufdd1]*c[oó]digo\b\s*:?\s*", re.IGNORECASE)
_LIST_FIELDS = ("reviewed_by",)


def read_cover(blocks: list[Block], values: Values) -> dict[str, Any]:
    """The cover's fields from the blocks before the index."""
    report = values.report
    found: dict[str, Any] = {"reviewed_by": []}
    loose: list[Para] = []
    pending: str | None = None
    for block in blocks:
        if isinstance(block, Row) and not block.cells[0] and pending == "reviewed_by":
            found["reviewed_by"].extend(p for cell in block.cells[1:] for p in cell)
            continue
        paras = block.paras()
        in_row = isinstance(block, Row)
        for para in paras:
            pending = _cover_para(para, found, loose, pending, values)
        if in_row and pending not in _LIST_FIELDS:
            pending = None
    return _finish(found, loose, blocks, values, report)


def _cover_para(para: Para, found: dict[str, Any], loose: list[Para], pending: str | None,
                values: Values) -> str | None:
    report = values.report
    plain = strip_marks(para.text)
    if is_rule(plain):
        report.furnish(para)
        return pending
    code = _CODE.match(plain)
    if code is not None and "code" not in found:
        found["code"] = para.with_text(para.text[offset_with_marks(para.text, code.end()):])
        report.place(para)
        return None
    if is_fold(plain, CONFORMITY):
        found["conformity_statement"] = para.with_text(para.text.strip().strip("“”\"'"))
        return None
    labelled = split_label(para.text, COVER_LABELS, needs_colon=True)
    if labelled is not None:
        name, _printed, rest = labelled
        report.place(para)
        if name in _LIST_FIELDS:
            if has_words(rest):
                found[name].append(para.with_text(rest))
        elif name in found:
            raise report.fail(para.where, _("the cover gives {label} twice").format(label=labelled[1]),
                              _("keep one value for the label"))
        else:
            found[name] = para.with_text(rest)
        return name
    if pending is not None and (pending in _LIST_FIELDS or not has_words(found[pending].text)):
        if pending in _LIST_FIELDS:
            found[pending].append(para)
        else:
            found[pending] = para
        return pending
    loose.append(para)
    return None


def _finish(found: dict[str, Any], loose: list[Para], blocks: list[Block], values: Values,
            report: Report) -> dict[str, Any]:
    first = blocks[0].where if blocks and isinstance(blocks[0], Para) else Where(line=1)
    if len(loose) < 2:
        raise report.fail(first, _("the cover needs the manual's title and area on lines of their own"),
                          _("put the title (MANUAL DE DESCRIPCIÓN DE PUESTOS) and the area under CÓDIGO"))
    for extra in loose[2:]:
        report.unplaced(extra, _("on the cover"))
    cover: dict[str, Any] = {"title": values.text(loose[0], "cover.title"),
                             "area": values.text(loose[1], "cover.area")}
    for name in ("code", "authorized_by", "process_owner", "created", "in_force", "version"):
        if name not in found or (name != "code" and not has_words(found[name].text)):
            label = {v: k for k, v in COVER_LABELS.items()}.get(name, "CÓDIGO")
            raise report.fail(first, _("the cover has no {name} ({label})").format(name=name, label=label),
                              _("add the label and its value to the cover"), field=f"cover.{name}")
    cover["code"] = values.text(found["code"], "cover.code")
    cover["authorized_by"] = values.text(found["authorized_by"], "cover.authorized_by", is_name=True)
    cover["process_owner"] = values.text(found["process_owner"], "cover.process_owner", is_name=True)
    cover["reviewed_by"] = values.items(found["reviewed_by"], "cover.reviewed_by", is_name=True)
    for name in ("created", "in_force"):
        cover[name] = read_date(found[name], f"cover.{name}", values)
    cover["version"] = read_version(found["version"], "cover.version", values)
    if "conformity_statement" in found:
        cover["conformity_statement"] = values.text(found["conformity_statement"], "cover.conformity_statement")
    return cover


def read_date(para: Para, path: str, values: Values) -> Any:
    """A Spanish date (``02 de enero de 2018``, ``02/01/2018``); nothing else may stand beside it."""
    text = values.whole(para, path)
    try:
        value = parse_spanish_date(text)
    except SpanishDateError as exc:
        hint = _("check the day: that month has no such day") if exc.is_impossible else \
            _("write the date as '02 de enero de 2018'")
        raise values.report.invalid(para.where, str(exc), path, hint) from None
    matched = DATE_PATTERN.search(text)
    leftover = re.sub(r"[\s.,;]", "", text.replace(matched.group(0) if matched else "", "", 1))
    if leftover:
        message = _("{text!r} holds more than the date of {field}").format(text=text, field=field_name(path))
        if not values.report.is_lenient:
            raise values.report.fail(para.where, message, _("keep only the date after its label, or use --lenient"))
        values.report.judge(para.where, "unplaced", message)
    return value


def read_version(para: Para, path: str, values: Values) -> int:
    """A version number (``05``)."""
    text = values.whole(para, path)
    match = re.fullmatch(r"\s*(?:v|versi[oó]n\s*)?(\d{1,4})\s*\.?\s*", text, re.IGNORECASE)
    if match is None:
        raise values.report.fail(para.where, _("{field}: {text!r} is not a version number").format(
            field=field_name(path), text=text), _("write it as 05"))
    return int(match.group(1))


def is_index_heading(block: Block) -> bool:
    """True for the ``ÍNDICE`` line."""
    return isinstance(block, Para) and fold(block.text).strip(" .:") in ("indice", "indice general", "contenido")
