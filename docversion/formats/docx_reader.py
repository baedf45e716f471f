"""Reading a Word document in the institution's layout back into the model, as a draft.

The document is read by its structure, not by guessing from text: the cover before ÍNDICE,
positions from each "I. IDENTIFICACIÓN", sections by their headings, labelled rows of tables,
list items (Word numbering, or numbers and bullets typed as text) under their labels, and the
MODIFICACIONES REALIZADAS table. Underlined text becomes the version's marked spans. Blank
paragraphs, merged cells and missing styles are tolerated; anything that cannot be placed is an
error naming the paragraph or table.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

from docx import Document
from pydantic import ValidationError

from docversion.errors import DocumentStructureError, ModelValidationError
from docversion.formats.docx_blocks import Para, Tbl, blocks
from docversion.formats.docx_container import check_container, settle_tracked_changes
from docversion.formats.docx_writer import IDS_VARIABLE, document_variable
from docversion.formats.layout import (
    IDENTIFICATION,
    LABELLED_LISTS,
    PERIODS,
    RELATION_HEADERS,
)
from docversion.formats.seed_items import fold, is_not_applicable
from docversion.formats.seed_text import ReadResult, assign_ids
from docversion.formats.spanish_dates import SpanishDateError, parse_spanish_date
from docversion.model import Manual, Position, describe_error

_HEADING = re.compile(r"^(i|ii|iii|iv|v|vi|vii)\.\s")
_NUMBER = re.compile(r"\d+")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Marks:
    """The underlined spans found, by path, in document order."""

    def __init__(self) -> None:
        self.found: list[dict[str, Any]] = []

    def text(self, para: Para, path: str, skip: int = 0, *, is_item: bool = False) -> str:
        text, spans, _ = para.marks(skip, is_typed_item=is_item)
        self.found += [{"path": path, "start": start, "text": piece} for start, piece in spans]
        return text

    def whole(self, para: Para, path: str, skip: int = 0) -> str:
        text, spans, _ = para.marks(skip)
        if spans:
            self.found.append({"path": path, "start": None, "text": text})
        return text


def read_docx(data: bytes, source: str, *, is_accepting_changes: bool = False) -> ReadResult:
    """Read a .docx manual; ``is_accepting_changes`` accepts its tracked changes instead of refusing."""
    check_container(data, source)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise DocumentStructureError(f"Word could not have written this document: {exc}", source=source,
                                     hint="open it in Word and save it again as .docx") from exc
    body = document.element.body
    settle_tracked_changes(body, source, is_accepting=is_accepting_changes)
    items = list(blocks(body))
    reader = _Reader(items, source)
    manual = reader.manual()
    ids = (document_variable(document, IDS_VARIABLE) or "").split()
    has_ids = len(ids) == len(manual["positions"]) and len(set(ids)) == len(ids) and all(_ID.match(i) for i in ids)
    try:
        positions = [Position.model_validate(p) for p in manual["positions"]]
    except ValidationError as exc:
        raise _invalid(exc, source) from exc
    if has_ids:
        positions = [p.model_copy(update={"id": i}) for p, i in zip(positions, ids, strict=True)]
    else:
        positions = assign_ids(positions)
    try:
        result = Manual.model_validate({**manual, "positions": [p.model_dump() for p in positions]})
    except ValidationError as exc:
        raise _invalid(exc, source) from exc
    return ReadResult(result, has_ids=has_ids)


def _invalid(exc: ValidationError, source: str) -> ModelValidationError:
    path, message, _ = describe_error(exc)
    return ModelValidationError(message, source=source, field=".".join(str(p) for p in path),
                                hint="correct the value in the document")


class _Reader:
    def __init__(self, items: list[Para | Tbl], source: str) -> None:
        self.items = items
        self.source = source
        self.cover_marks = _Marks()

    def fail(self, where: str, message: str, hint: str) -> DocumentStructureError:
        return DocumentStructureError(f"{where}: {message}", source=self.source, hint=hint)

    def _find(self, start: int, test: Any) -> int | None:
        return next((n for n in range(start, len(self.items)) if test(self.items[n])), None)

    def manual(self) -> dict[str, Any]:
        index_at = self._find(0, lambda b: isinstance(b, Para) and fold(b.text).rstrip(".:") == "indice")
        if index_at is None:
            raise self.fail("the document", "no ÍNDICE after the cover", "keep the cover, then ÍNDICE, then "
                            "the positions")
        table_at = max((n for n, b in enumerate(self.items) if isinstance(b, Para) and n > index_at
                        and fold(b.text).rstrip(".:") == "modificaciones realizadas"
                        and isinstance(self._next(n), Tbl)), default=None)
        if table_at is None:
            raise self.fail("the end of the document", "no MODIFICACIONES REALIZADAS table",
                            "end the document with the revision table")
        starts = [n for n, b in enumerate(self.items[:table_at]) if isinstance(b, Para) and not b.is_item
                  and fold(b.text).startswith("i. identificacion")]
        cover = self._cover(self.items[:index_at])
        bounds = [*starts, table_at]
        chunks = itertools.pairwise(bounds)
        positions = [_PositionReader(self, self.items[a:b]).read() for a, b in chunks]
        revisions = self._revisions(self._next(table_at))  # type: ignore[arg-type]
        return {"cover": cover, "positions": positions, "revisions": revisions, "marked": self.cover_marks.found}

    def _next(self, at: int) -> Para | Tbl | None:
        return self.items[at + 1] if at + 1 < len(self.items) else None

    def _cover(self, items: list[Para | Tbl]) -> dict[str, Any]:
        marks = self.cover_marks
        paras = [b for b in items if isinstance(b, Para)]
        cells = [p for b in items if isinstance(b, Tbl) for row in b.rows for cell in row for p in cell]
        cover: dict[str, Any] = {"reviewed_by": []}
        code_at = next((n for n, p in enumerate(paras) if fold(p.text).startswith("codigo")), None)
        if code_at is None or code_at + 2 >= len(paras):
            raise self.fail("the cover", "no CÓDIGO line followed by the title and the area",
                            "start the document with CÓDIGO, the title and the area")
        code_para = paras[code_at]
        cover["code"] = marks.text(code_para, "cover.code", _after_label(code_para.text))
        cover["title"] = marks.text(paras[code_at + 1], "cover.title")
        cover["area"] = marks.text(paras[code_at + 2], "cover.area")
        statement = [p for p in paras[code_at + 3:] if not _is_cover_date(p)]
        if statement:  # the paragraph between the sign-off block and the dates
            cover["conformity_statement"] = marks.text(statement[0], "cover.conformity_statement")
        self._signers([b for b in items if isinstance(b, Tbl)], cover)
        for para in [*paras, *cells]:
            self._cover_dates(para, cover)
        for name in ("authorized_by", "process_owner", "created", "in_force", "version"):
            if name not in cover:
                raise self.fail("the cover", f"no {name.replace('_', ' ')} found",
                                "keep the sign-off block and the dates of the cover")
        return cover

    def _signers(self, tables: list[Tbl], cover: dict[str, Any]) -> None:
        current = None
        for table in tables:
            for row in table.rows:
                label = fold(row[0][0].text).rstrip(":") if row and row[0] else ""
                values = [p for cell in row[1:] for p in cell]
                current = {"autorizado": "authorized_by", "revisado": "reviewed_by",
                           "responsable de proceso": "process_owner"}.get(label, current if not label else None)
                for para in values:
                    if current == "reviewed_by":
                        index = len(cover["reviewed_by"])
                        cover["reviewed_by"].append(self.cover_marks.text(para, f"cover.reviewed_by.{index}"))
                    elif current is not None:
                        cover[current] = self.cover_marks.text(para, f"cover.{current}")

    def _cover_dates(self, para: Para, cover: dict[str, Any]) -> None:
        folded = fold(para.text)
        for label, name in (("fecha de creacion", "created"), ("fecha de vigencia", "in_force"),
                            ("version", "version")):
            if folded.startswith(label) and _is_cover_date(para) and name not in cover:
                text = self.cover_marks.whole(para, f"cover.{name}", _after_label(para.text))
                cover[name] = self._number(text, para) if name == "version" else self._date(text, para)

    def _date(self, text: str, para: Para) -> Any:
        try:
            return parse_spanish_date(text)
        except SpanishDateError as exc:
            raise self.fail(para.where, str(exc), "write dates as 02 de enero de 2018") from exc

    def _number(self, text: str, para: Para) -> int:
        found = _NUMBER.search(text)
        if found is None:
            raise self.fail(para.where, f"no number in {text!r}", "write the number in digits")
        return int(found.group())

    def _revisions(self, table: Tbl) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for row in table.rows[1:]:
            cells = [c for c in row if c] if len(row) > 3 else row
            if len(cells) < 3 or not cells[0] or not cells[2]:
                raise self.fail(table.where, "a revision row needs the authorization, the version and the "
                                "description", "keep the three columns of MODIFICACIONES REALIZADAS")
            index = len(rows)
            rows.append(self._revision(cells, f"revisions.{index}", table))
        return rows

    def _revision(self, cells: list[list[Para]], path: str, table: Tbl) -> dict[str, Any]:
        marks = self.cover_marks
        row: dict[str, Any] = {"authorized_by": marks.text(cells[0][0], f"{path}.authorized_by"),
                               "last_modified": None}
        for para in cells[0][1:]:
            folded = fold(para.text)
            name = "last_modified" if folded.startswith("fecha de ultima") else (
                "in_force" if folded.startswith("fecha de vigencia") else None)
            if name is None:
                raise self.fail(para.where, f"unexpected text {para.text!r} in the authorization cell",
                                "keep only the role and the two dates there")
            row[name] = self._date(marks.whole(para, f"{path}.{name}", _after_label(para.text)), para)
        row["version"] = self._number(marks.whole(cells[1][0], f"{path}.version"), cells[1][0])
        *changes, preparer = cells[2]
        row["changes"] = [marks.text(p, f"{path}.changes.{n}") for n, p in enumerate(changes)]
        bold = preparer.chars[:preparer.bold].rstrip()
        split = len(bold) - 1 if bold.endswith(":") else preparer.chars.find(":")
        if split < 0:
            raise self.fail(preparer.where, "the description must end with the preparer, as "
                            "'Elaborado por: Name'", "add the preparer's line")
        row["prepared_by_label"] = " ".join(preparer.chars[:split].split())
        row["prepared_by"] = marks.text(preparer, f"{path}.prepared_by", split + 1)
        return row


def _is_header(cells: list[list[Para]], first: str, second: str) -> bool:
    """True for a table's header row: the first cell names ``first``, and the next (when the header
    is not merged into one cell) names ``second`` instead of holding a value."""
    if not cells or any(p.is_item for cell in cells[:2] for p in cell):
        return False
    if first not in fold(cells[0][0].text).rstrip(":"):
        return False
    return len(cells) < 2 or second in fold(cells[1][0].text)


# A cover date's label is followed by a colon or the value itself: a signer whose name or role
# reads "Versión" is not a date.
_COVER_DATE = re.compile(r"(fecha de creacion|fecha de vigencia|version)\s*(?::|\d)")


def _is_cover_date(para: Para) -> bool:
    return _COVER_DATE.match(fold(para.text)) is not None


def _after_label(text: str) -> int:
    """Where the value starts after a label ("Fecha de vigencia: ")."""
    at = text.find(":")
    return at + 1 if at >= 0 else 0


class _PositionReader:
    def __init__(self, parent: _Reader, items: list[Para | Tbl]) -> None:
        self.parent = parent
        self.items = items
        self.marks = _Marks()
        self.data: dict[str, Any] = {"periodic_functions": {}, "relations": {}, "competencies": {},
                                     "key_functions": []}

    def sections(self) -> Iterator[tuple[str, list[Para | Tbl]]]:
        current = ""
        content: list[Para | Tbl] = []
        for block in self.items:
            key = fold(block.text) if isinstance(block, Para) and not block.is_item else ""
            found = _HEADING.match(key)
            if found:
                if current:
                    yield current, content
                current, content = found.group(1).upper(), []
            else:
                content.append(block)
        yield current, content

    def read(self) -> dict[str, Any]:
        for numeral, content in self.sections():
            if numeral == "I":
                self._identification(content)
            elif numeral == "II":
                self._key_functions(content)
            elif numeral == "III":
                self._labelled(content, {f"periodic_functions.{f}": w for f, w in PERIODS})
            elif numeral == "IV":
                self._relations(content)
            else:
                self._labelled(content, dict(LABELLED_LISTS[numeral]))
        self.data["marked"] = self.marks.found
        self.data["id"] = "position"
        return self.data

    def _identification(self, content: list[Para | Tbl]) -> None:
        labels = {fold(label): field for field, label in IDENTIFICATION}
        for table in (b for b in content if isinstance(b, Tbl)):
            for row in table.rows:
                cells = [c for c in row if c]
                at = 0
                while at < len(cells):
                    head = cells[at][0]
                    label, _, rest = head.text.partition(":")
                    field = labels.get(fold(label).strip())
                    if field is None:
                        raise self.parent.fail(head.where, f"unknown label {head.text!r} in I. IDENTIFICACIÓN",
                                               "use the labels PUESTO FUNCIONAL, PUESTO GENÉRICO, DEPENDENCIA, …")
                    if rest.strip():  # "LABEL: value" in one cell, maybe continued in the next (reports)
                        values, skip, at = list(cells[at]), _after_label(head.chars), at + 1
                        if at < len(cells) and fold(cells[at][0].text.partition(":")[0]).strip() not in labels:
                            values += cells[at]
                            at += 1
                    else:  # the label's cell, then the value's
                        values, skip = (cells[at][1:] or (cells[at + 1] if at + 1 < len(cells) else [])), 0
                        at += 1 if cells[at][1:] else 2
                    self._identified(field, values, skip)

    def _identified(self, field: str, values: list[Para], skip: int) -> None:
        if field == "direct_reports":
            self._direct_reports(values, skip)
        elif values:
            self.data[field] = self.marks.text(values[0], field, skip)

    def _direct_reports(self, values: list[Para], skip: int) -> None:
        if not values:
            self.data.update(direct_reports_count=0, direct_reports=[])
            return
        count = values[0]
        self.data["direct_reports_count"] = self.parent._number(self.marks.whole(count, "direct_reports_count", skip),
                                                                count)
        items = values[1:]
        if len(items) == 1 and not items[0].is_item and is_not_applicable(items[0].text):
            items = []
        self.data["direct_reports"] = [self.marks.text(p, f"direct_reports.{n}", is_item=True)
                                       for n, p in enumerate(items)]

    def _key_functions(self, content: list[Para | Tbl]) -> None:
        for table in (b for b in content if isinstance(b, Tbl)):
            for row in table.rows:
                cells = [c for c in row if c]
                if not self.data["key_functions"] and _is_header(cells, "funciones claves", "tiempo"):
                    continue  # a header row before the functions (merged or not)
                if not cells or (len(cells) == 1 and len(cells[0]) == 1 and is_not_applicable(cells[0][0].text)):
                    continue
                if len(cells) != 3:
                    raise self.parent.fail(table.where, "a FUNCIONES CLAVES row needs 3 cells (function, % time, "
                                           "expected result)", "keep the three columns")
                texts, shares, results = cells
                if not len(texts) == len(shares) == len(results):
                    raise self.parent.fail(texts[0].where, f"{len(texts)} functions, {len(shares)} percentages and "
                                           f"{len(results)} results in one row", "give each function its "
                                           "percentage and its expected result")
                listed = len(texts) > 1  # several functions in one row: typed numbers are list markers
                for text, share, result in zip(texts, shares, results, strict=True):
                    path = f"key_functions.{len(self.data['key_functions'])}"
                    self.data["key_functions"].append({
                        "text": self.marks.text(text, f"{path}.text", is_item=listed),
                        "percent": self.parent._number(self.marks.whole(share, f"{path}.percent"), share),
                        "expected_result": self.marks.text(result, f"{path}.expected_result", is_item=listed)})

    def _labelled(self, content: list[Para | Tbl], fields: dict[str, str]) -> None:
        labels = {fold(label): field for field, label in fields.items()}
        current: str | None = None
        for block in content:
            if isinstance(block, Tbl):
                raise self.parent.fail(block.where, "a table where a list was expected", "write the items as a list")
            key = fold(block.text).rstrip(".:").strip() if not block.is_item else ""
            if key in labels:
                current = labels[key]
                self._set(current, [])
            elif current is None:
                raise self.parent.fail(block.where, f"{block.text!r} comes before any label",
                                       f"put it under one of: {', '.join(fields.values())}")
            elif not block.is_item and is_not_applicable(block.text):
                self.marks.whole(block, current)
            else:
                items = self._get(current)
                items.append(self.marks.text(block, f"{current}.{len(items)}", is_item=True))

    def _relations(self, content: list[Para | Tbl]) -> None:
        for field, _ in RELATION_HEADERS:
            self.data["relations"][field] = []
        for table in (b for b in content if isinstance(b, Tbl)):
            for number, row in enumerate(table.rows):
                if number == 0 and _is_header([c for c in row if c], "con", "para"):
                    continue
                for cell, (field, _) in zip(row, RELATION_HEADERS, strict=False):
                    path = f"relations.{field}"
                    if len(cell) == 1 and not cell[0].is_item and is_not_applicable(cell[0].text):
                        self.marks.whole(cell[0], path)
                        continue
                    items = self.data["relations"][field]
                    items += [self.marks.text(p, f"{path}.{len(items) + n}", is_item=True) for n, p in enumerate(cell)]

    def _set(self, path: str, value: list[str]) -> None:
        head, _, name = path.partition(".")
        if name:
            self.data.setdefault(head, {})[name] = value
        else:
            self.data[head] = value

    def _get(self, path: str) -> list[str]:
        head, _, name = path.partition(".")
        return self.data[head][name] if name else self.data[head]  # type: ignore[no-any-return]
