"""One position's fields, sections I to VII, from its blocks."""

from __future__ import annotations

import re
from typing import Any

from docversion.errors import DocumentStructureError
from docversion.formats.blocks import Block, Para, Row, Where, paras_of
from docversion.formats.markup import has_words, strip_marks
from docversion.formats.report import Report
from docversion.formats.structure.labels import (
    COMPETENCY_KINDS,
    IDENTIFICATION_LABELS,
    RELATION_LABELS,
    SECTION_LABELS,
    fold,
    is_placeholder,
    label_key,
    looks_like_period_label,
    periodicity,
)
from docversion.formats.structure.lists import list_items, sentences, start_marker, strip_marker
from docversion.formats.structure.sections import Heading, Section, group_labelled, split_sections
from docversion.formats.structure.values import Values
from docversion.i18n import N_, _, current
from docversion.labels import field_name

KEY_FUNCTION_HEADERS = frozenset({"funciones claves", "funciones clave", "funcion", "funciones", "funcion clave",
                                  "% tiempo asignado", "tiempo asignado",
                                  "% de tiempo asignado", "resultados esperados", "resultado esperado"})
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")
_COUNT = re.compile(r"^[\s\ufdd0\ufdd1]*(\d+)\b\.?")
_NUMBER_WORDS = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
                 "doce", "trece", "catorce", "quince")
_COUNT_WORD = re.compile(rf"^[\s\ufdd0\ufdd1]*({'|'.join(_NUMBER_WORDS)}|una)\b\s*(?:\(\d+\))?\.?(?=\s|$)",
                         re.IGNORECASE)


def _count(written: str) -> int:
    """A count written in digits (``2``) or in words (``Dos``)."""
    if written.isdigit():
        return int(written)
    word = written.casefold()
    return 1 if word == "una" else _NUMBER_WORDS.index(word)


def read_position(blocks: list[Block], headings: list[Heading | None], values: Values) -> dict[str, Any]:
    """The fields of one position (without its id), heading I first; ``headings`` are its blocks'."""
    report = values.report
    sections = split_sections(blocks, headings, report)
    data: dict[str, Any] = _identification(sections["I"], values)
    data["key_functions"] = _key_functions(sections["II"], values)
    data["periodic_functions"] = _periodic(sections["III"], values)
    relations = group_labelled(sections["IV"], RELATION_LABELS, report)
    data["relations"] = {name: _list(found, f"relations.{name}", values) for name, found in relations.items()}
    for numeral in ("V", "VI"):
        for name, found in group_labelled(sections[numeral], SECTION_LABELS[numeral], report).items():
            data[name] = _list(found, name, values)
    abilities = group_labelled(sections["VII"], SECTION_LABELS["VII"], report)
    data["skills"] = _list(abilities.get("skills", []), "skills", values)
    competencies = _competencies(abilities.get("competencies", []), values)
    for name, found in abilities.items():
        if name.startswith("competencies."):
            kind = name.split(".")[1]
            if kind in competencies:
                where = found[0].where if found else sections["VII"].heading.where
                raise report.fail(where, _("the competency {kind} is given twice, under COMPETENCIAS and with a "
                                           "label of its own").format(kind=_competency(kind)),
                                  _("keep one of the two lists"))
            competencies[kind] = _list(found, name, values)
    data["competencies"] = competencies
    data["marked"] = list(values.marks)
    return data


def _competency(kind: str) -> str:
    """A kind of competency as a message names it: ``technical`` in English, its label in Spanish."""
    return field_name(f"competencies.{kind}") if current() == "es" else kind


def _list(paras: list[Para], path: str, values: Values, *, is_nested: bool = False) -> tuple[str, ...]:
    """A list's items; an item indented under another (only COMPETENCIAS nests its items, under
    "Técnica." and the like) is read as an item of the list, and said."""
    report = values.report
    if not is_nested:
        for para in paras:
            if para.is_item and para.level > 0:
                report.judge(para.where, "list_level", _("an item indented under another was read as an item of "
                                                         "its own"))
    return values.items(list_items(paras, report.judge, report.unplaced), path, sources=tuple(paras))


def _identification(section: Section, values: Values) -> dict[str, Any]:
    fields = group_labelled(section, IDENTIFICATION_LABELS, values.report)
    data: dict[str, Any] = {}
    for name, found in fields.items():
        if name == "direct_reports":
            continue
        if not found:
            raise values.report.fail(section.heading.where, _("{field} is empty").format(field=field_name(name)),
                                     _("write the text after its label"), field=name)
        joined = found[0].with_text(" ".join(para.text for para in found))
        if name == "reports_to" and len(sentences(joined)) > 1:
            values.report.judge(joined.where, "several_roles", _("REPORTA A names more than one role; read as one"))
        data[name] = values.text(joined, name, is_name=name != "objective", sources=tuple(found))
    data.update(_direct_reports(fields["direct_reports"], section, values))
    return data


def _direct_reports(found: list[Para], section: Section, values: Values) -> dict[str, Any]:
    """``PUESTOS DIRECTAMENTE BAJO SU CARGO: 2`` followed by the list, or N/A (also as the count)."""
    where = found[0].where if found else section.heading.where
    values.note("direct_reports_count", where)
    values.report.place(*found)
    if not found:
        return {"direct_reports_count": 0, "direct_reports": ()}
    first = found[0]
    count_match = _COUNT.match(first.text) or _COUNT_WORD.match(first.text)
    rest = [first.with_text(first.text[count_match.end():]), *found[1:]] if count_match else found
    rest = [para for para in rest if has_words(para.text)]
    if count_match and strip_marks(first.text[: count_match.end()]) != first.text[: count_match.end()]:
        values.whole(first.with_text(first.text[: count_match.end()]), "direct_reports_count")
    stated = _count(count_match.group(1)) if count_match else None
    if not rest or (len(rest) == 1 and not rest[0].is_item and is_placeholder(rest[0].text)):
        if rest:
            values.whole(rest[0], "direct_reports")
        return {"direct_reports_count": stated or 0, "direct_reports": ()}
    items = list_items(rest, values.report.judge, values.report.unplaced)
    if len(items) == 1 and stated != 1:
        items = sentences(items[0]) or items  # names written as sentences in one cell
    names = values.items(items, "direct_reports", is_name=True)
    return {"direct_reports_count": stated if stated is not None else len(names), "direct_reports": names}


def _key_functions(section: Section, values: Values) -> list[dict[str, Any]]:
    report = values.report
    for cell in section.header_cells:
        for para in cell:
            if fold(para.text).strip(" .:") in KEY_FUNCTION_HEADERS:
                report.furnish(para)
            else:
                report.unplaced(para, _("in the FUNCIONES CLAVES heading"))
    functions: list[dict[str, Any]] = []
    for block in section.body:
        if isinstance(block, Para):
            if is_placeholder(block.text) and not functions:
                values.whole(block, "key_functions")
            else:
                report.unplaced(block, _("in FUNCIONES CLAVES outside its table"))
            continue
        cells = block.filled()
        if all(fold(p.text).strip(" .:") in KEY_FUNCTION_HEADERS for cell in cells for p in cell):
            report.furnish(*block.paras())
            continue
        if len(cells) == 1 and len(cells[0]) == 1 and is_placeholder(cells[0][0].text):
            values.whole(cells[0][0], "key_functions")
            continue
        if len(cells) != 3:
            raise report.fail(block.where, _("a FUNCIONES CLAVES row needs 3 cells (function, % time, expected "
                                             "result); found {found}").format(found=len(cells)),
                              _("put each function, its percentage and its result in one row"))
        functions.extend(_key_row(block, cells, len(functions), values))
    return functions


def _key_row(row: Row, cells: list[tuple[Para, ...]], offset: int, values: Values) -> list[dict[str, Any]]:
    percents = _percents(cells[1], offset, values)
    texts = _column(list(cells[0]), len(percents), N_("functions"), values)
    results = _column(list(cells[2]), len(percents), N_("expected results"), values)
    found: list[dict[str, Any]] = []
    for text, percent, result in zip(texts, percents, results, strict=True):
        index = offset + len(found)
        found.append({"text": values.text(text, f"key_functions.{index}.text"), "percent": percent,
                      "expected_result": values.text(result, f"key_functions.{index}.expected_result")})
    values.report.place(*row.paras())
    return found


def _column(paras: list[Para], count: int, what: str, values: Values) -> list[Para]:
    """The items of one column of the key-function table, which must number ``count``; ``what``
    names the column's items (marked with ``N_``)."""
    items = list_items(paras, values.report.judge, values.report.unplaced)
    is_marked = any(p.is_item or start_marker(p.text) is not None for p in paras)
    sentence_count: int | None = None
    if len(items) != count and not is_marked:
        by_sentence = [s for item in items for s in sentences(item)]
        if len(by_sentence) == count:
            items = by_sentence
        else:
            sentence_count = len(by_sentence)
    if len(items) != count:
        facts = {"found": len(items), "what": _(what), "count": count, "sentences": sentence_count}
        message = _("FUNCIONES CLAVES: {found} {what} for {count} percentages; which percentage goes with which "
                    "cannot be decided") if sentence_count is None else \
            _("FUNCIONES CLAVES: {found} {what} (in {sentences} sentences) for {count} percentages; which "
              "percentage goes with which cannot be decided")
        raise values.report.fail(paras[0].where, message.format(**facts),
                                 _("give each function its own percentage (one per bullet) and its expected result"))
    return items


def _percents(cell: tuple[Para, ...], offset: int, values: Values) -> list[int]:
    found: list[int] = []
    for para in cell:
        plain = strip_marks(para.text)
        numbers = _PERCENT.findall(plain)
        leftover = _PERCENT.sub("", plain).strip(" •-.")
        if leftover and not values.report.is_lenient:
            raise values.report.fail(para.where, _("{text!r} in the % TIEMPO ASIGNADO column is no percentage").format(
                text=leftover), _("write each function's share in digits, as 30%, one per function"))
        if leftover:
            values.report.unplaced(para, _("in the % TIEMPO ASIGNADO column"))
        for value in numbers:
            if not value.isdigit():
                raise values.report.fail(para.where, _("percentage {value} is not a whole number").format(
                    value=f"{value}%"), _("round it to a whole percentage"))
            if para.text != plain:
                values.whole(para, f"key_functions.{offset + len(found)}.percent")
            found.append(int(value))
        values.report.place(para)
    return found


def _periodic(section: Section, values: Values) -> dict[str, tuple[str, ...]]:
    """FUNCIONES PERIÓDICAS: a periodicity label (``Diaria.``) then its items or N/A."""
    report = values.report
    groups: dict[str, list[Para]] = {}
    labels: dict[str, Where] = {}
    current: str | None = None
    for para in _periodic_paras(section, values):
        found = periodicity(para.text) if not para.is_item and not is_placeholder(para.text) else None
        if found is not None:
            current, word, rest = found
            if current in groups:
                raise report.fail(para.where, _("periodicity {word} appears twice (first at {first})").format(
                    word=word, first=labels[current]), _("merge the two lists, or, if one of them is an item that "
                                                         "starts with the word, number it or reword it"))
            labels[current] = para.where
            report.place(para)
            groups[current] = [para.with_text(rest)] if has_words(rest) else []
        elif current is not None:
            groups[current].append(para)
        elif looks_like_period_label(para.text) and start_marker(para.text) is None:
            raise _unknown_periodicity(para, report)
        else:
            report.unplaced(para, _("in FUNCIONES PERIÓDICAS before the first periodicity (Diaria., Semanal. …)"))
    for para in (p for paras in groups.values() for p in paras):
        if not para.is_item and start_marker(para.text) is None and looks_like_period_label(para.text) \
                and not is_placeholder(para.text):
            raise _unknown_periodicity(para, report)
    return {name: _list(paras, f"periodic_functions.{name}", values) for name, paras in groups.items()}


def _unknown_periodicity(para: Para, report: Report) -> DocumentStructureError:
    return report.fail(para.where, _("unknown periodicity {text}").format(text=strip_marks(para.text).strip()),
                       _("use Diaria, Semanal, Mensual, Trimestral, Semestral, Anual or Eventual"))


def _periodic_paras(section: Section, values: Values) -> list[Para]:
    """Section III's paragraphs; a row of two or more cells whose first is no periodicity label is a
    table among the list items: refused (a warning with --lenient), never read as an item."""
    found: list[Para] = []
    for block in section.blocks():
        if isinstance(block, Row) and len(block.filled()) >= 2 and found and \
                periodicity(block.filled()[0][0].text) is None:
            for para in block.paras():
                values.report.unplaced(para, _("in section III: a table row among the items of a list"))
            continue
        found.extend(paras_of([block]))
    return found


def _competencies(paras: list[Para], values: Values) -> dict[str, tuple[str, ...]]:
    """COMPETENCIAS: ``- Técnica.`` and the like, each followed by its items."""
    groups: dict[str, list[Para]] = {}
    starts: dict[str, Para] = {}
    current: str | None = None
    for para in paras:
        text, _is_marked = strip_marker(para.text)
        head, colon, rest = text.partition(":")
        kind = COMPETENCY_KINDS.get(label_key(text)) or (COMPETENCY_KINDS.get(label_key(head)) if colon else None)
        if para.level > 0 and current is not None:
            kind = None  # an indented line is an item of the kind above it, whatever word it starts with
        if kind is not None:
            if kind in starts:
                message = _("the competency {kind} is given twice (first at {first})")
                raise values.report.fail(para.where, message.format(kind=head.strip(" ."), first=starts[kind].where),
                                         _("merge the two lists of items"))
            starts[kind] = para
            current = kind
            values.report.place(para)
            groups.setdefault(kind, [])
            if colon and has_words(rest) and COMPETENCY_KINDS.get(label_key(text)) is None:
                groups[kind].append(para.with_text(rest))
        elif current is None:
            values.report.unplaced(para, _("under COMPETENCIAS before Técnica, Metodológica, Social or Participativa"))
        else:
            groups[current].append(para)
    return {kind: _list(found, f"competencies.{kind}", values, is_nested=True) for kind, found in groups.items()}
