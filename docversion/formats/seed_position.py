"""Reading one position of the seed's text: sections I to VII into the fields of the model."""

from __future__ import annotations

import re
from typing import Any

from docversion.formats.markup import Block, split_blocks, strip_marks
from docversion.formats.seed_collect import Collector
from docversion.formats.seed_items import (
    cut,
    fold,
    is_not_applicable,
    item_blocks,
    label_key,
    sentence_spans,
    strip_dash,
)
from docversion.formats.seed_sections import Section, labelled_fields, split_label, split_sections

IDENTIFICATION = {
    "PUESTO FUNCIONAL": "title",
    "PUESTO GENÉRICO": "generic_title",
    "DEPENDENCIA": "department",
    "UNIDAD/ÁREA": "unit",
    "REPORTA A": "reports_to",
    "PUESTOS DIRECTAMENTE BAJO SU CARGO": "direct_reports",
    "BREVE DESCRIPCIÓN GENERAL DEL OBJETIVO DEL PUESTO": "objective",
}
PERIODICITIES = {
    "diaria": "daily", "diario": "daily", "semanal": "weekly", "mensual": "monthly",
    "trimestral": "quarterly", "semestral": "semiannual", "anual": "annual",
    "eventual": "eventual",
}
RELATIONS = {"CON": "with_whom", "PARA / FRECUENCIA": "purposes"}
RESPONSIBILITIES = {
    "VALORES": "values", "BIENES": "assets", "TOMA DE DECISIONES": "decision_making",
    "AUTORIZACIONES CLAVES PARA": "key_authorizations",
    "INSUMOS Y RECURSOS": "inputs_and_resources",
    "MEDIDAS DE SEGURIDAD REQUERIDAS": "security_measures",
}
PROFILE = {"EDUCACIÓN, FORMACIÓN Y OTROS CONOCIMIENTOS": "education",
           "EXPERIENCIA LABORAL": "experience"}
ABILITIES = {"HABILIDADES": "skills", "COMPETENCIAS": "competencies"}
COMPETENCY_KINDS = {"tecnica": "technical", "metodologica": "methodological",
                    "social": "social", "participativa": "participative"}
KEY_FUNCTION_HEADERS = ("% tiempo asignado", "resultados esperados")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")
_PERIOD_LABEL = re.compile(r"^[\s\ufdd0\ufdd1]*([^\W\d_]+)[\ufdd0\ufdd1]*\s*[.:]?[\ufdd0\ufdd1]*(?=\s|$)")


def parse_position(blocks: list[Block], ctx: Collector) -> dict[str, Any]:
    """The fields of one position (without its id) from its blocks, heading I first."""
    sections = split_sections(blocks, ctx)
    data: dict[str, Any] = _identification(sections["I"], ctx)
    data["key_functions"] = _key_functions(sections["II"], ctx)
    data["periodic_functions"] = _periodic(sections["III"], ctx)
    relations = labelled_fields(sections["IV"], RELATIONS, ctx)
    data["relations"] = {name: _list(blocks, name, ctx, f"relations.{name}")
                         for name, blocks in relations.items()}
    for labels, numeral in ((RESPONSIBILITIES, "V"), (PROFILE, "VI")):
        for name, found in labelled_fields(sections[numeral], labels, ctx).items():
            data[name] = _list(found, name, ctx, name)
    abilities = labelled_fields(sections["VII"], ABILITIES, ctx)
    data["skills"] = _list(abilities["skills"], "skills", ctx, "skills")
    data["competencies"] = _competencies(abilities["competencies"], ctx)
    data["marked"] = list(ctx.marks)
    return data


def _list(blocks: list[Block], name: str, ctx: Collector, path: str) -> tuple[str, ...]:
    if blocks:
        ctx.note_line(path, blocks[0].line)
    return ctx.items(item_blocks(blocks), path)


def _identification(section: Section, ctx: Collector) -> dict[str, Any]:
    fields = labelled_fields(section, IDENTIFICATION, ctx, blocks=section.cells())
    data: dict[str, Any] = {}
    for name, found in fields.items():
        if name == "direct_reports":
            continue
        if not found:
            raise ctx.fail(section.heading.line, f"{name} is empty", "write the text after its label")
        joined = Block(found[0].line, " ".join(block.text for block in found))
        data[name] = ctx.text(joined, name, is_name=name != "objective")
    data.update(_direct_reports(fields["direct_reports"], section, ctx))
    return data


def _direct_reports(found: list[Block], section: Section, ctx: Collector) -> dict[str, Any]:
    """``PUESTOS DIRECTAMENTE BAJO SU CARGO: 2`` followed by the list (or N/A)."""
    line = found[0].line if found else section.heading.line
    ctx.note_line("direct_reports_count", line)
    text = " ".join(block.text for block in found)
    count_match = re.match(r"[\s\ufdd0\ufdd1]*(\d+)\b", text)
    rest = text[count_match.end():] if count_match else text
    if not strip_marks(rest).strip() or is_not_applicable(rest):
        count = int(count_match.group(1)) if count_match else 0
        if strip_marks(rest).strip():
            ctx.whole(Block(line, rest), "direct_reports")
        return {"direct_reports_count": count, "direct_reports": ()}
    pieces = split_blocks(Block(line, rest))
    items = item_blocks(pieces)
    stated = int(count_match.group(1)) if count_match else None
    if len(items) == 1 and stated != 1:
        items = cut(pieces, sentence_spans) or items  # names written as sentences in one cell
    names = ctx.items(items, "direct_reports", is_name=True)
    count = stated if stated is not None else len(names)
    return {"direct_reports_count": count, "direct_reports": names}


def _column(cell: Block, count: int, what: str, ctx: Collector) -> list[Block]:
    """The items of one column of the key-function table, which must number ``count``."""
    pieces = split_blocks(cell)
    items = item_blocks(pieces)
    if len(items) != count:
        by_sentence = cut(pieces, sentence_spans) or []
        if len(by_sentence) == count:
            items = by_sentence
    if len(items) != count:
        raise ctx.fail(cell.line, f"FUNCIONES CLAVES: {len(items)} {what} for {count} percentages",
                       "put a bullet (•) before each item so each lines up with one percentage")
    return items


def _percents(cell: Block, offset: int, ctx: Collector) -> list[int]:
    values: list[int] = []
    for block in split_blocks(cell):
        found = _PERCENT.findall(strip_marks(block.text))
        leftover = _PERCENT.sub("", strip_marks(block.text)).strip()
        if leftover:
            ctx.unplaced(block, "in the % TIEMPO ASIGNADO column")
        for value in found:
            if not re.fullmatch(r"\d+", value):
                raise ctx.fail(block.line, f"percentage {value}% is not a whole number",
                               "round it to a whole percentage")
            if "\ufdd0" in block.text or "\ufdd1" in block.text:
                ctx.whole(block, f"key_functions.{offset + len(values)}.percent")
            values.append(int(value))
    return values


def _key_functions(section: Section, ctx: Collector) -> list[dict[str, Any]]:
    for cell in section.heading_cells:
        if fold(cell.text) not in KEY_FUNCTION_HEADERS:
            ctx.unplaced(cell, "in the FUNCIONES CLAVES heading")
    functions: list[dict[str, Any]] = []
    for row in section.body:
        cells = [Block(row.line, cell) for cell in row.text.split("\t")]
        while cells and not strip_marks(cells[-1].text).strip():
            cells.pop()
        if len(cells) == 1 and is_not_applicable(cells[0].text):
            continue
        if len(cells) != 3:
            raise ctx.fail(row.line, f"a FUNCIONES CLAVES row needs 3 cells separated by tabs "
                           f"(function, % time, expected result); found {len(cells)}",
                           "put each function, its percentage and its result in one row")
        percents = _percents(cells[1], len(functions), ctx)
        texts = _column(cells[0], len(percents), "functions", ctx)
        results = _column(cells[2], len(percents), "expected results", ctx)
        for text, percent, result in zip(texts, percents, results, strict=True):
            index = len(functions)
            functions.append({
                "text": ctx.text(text, f"key_functions.{index}.text"),
                "percent": percent,
                "expected_result": ctx.text(result, f"key_functions.{index}.expected_result"),
            })
    return functions


def _periodic(section: Section, ctx: Collector) -> dict[str, tuple[str, ...]]:
    """FUNCIONES PERIÓDICAS: a periodicity label (``Diaria.``) then its items or N/A."""
    groups: dict[str, list[Block]] = {}
    current: str | None = None
    for block in section.blocks():
        match = _PERIOD_LABEL.match(block.text)
        word = fold(match.group(1)) if match else ""
        rest = block.text[match.end():] if match else block.text
        if word in PERIODICITIES:
            current = PERIODICITIES[word]
            if current in groups:
                raise ctx.fail(block.line, f"periodicity {match.group(1) if match else ''} appears twice",
                               "merge the two lists")
            groups[current] = [Block(block.line, rest)] if strip_marks(rest).strip() else []
        elif match and not strip_marks(rest).strip() and match.group(1)[0].isupper():
            raise ctx.fail(block.line, f"unknown periodicity {strip_marks(block.text).strip()}",
                           "use Diaria, Semanal, Mensual, Trimestral, Semestral, Anual or Eventual")
        elif current is None:
            ctx.unplaced(block, "in FUNCIONES PERIÓDICAS before the first periodicity")
        else:
            groups[current].append(block)
    return {name: ctx.items(item_blocks(blocks), f"periodic_functions.{name}")
            for name, blocks in groups.items()}


def _competencies(blocks: list[Block], ctx: Collector) -> dict[str, tuple[str, ...]]:
    """COMPETENCIAS: ``- Técnica.`` and the like, each followed by its indented items."""
    groups: dict[str, list[Block]] = {}
    current: str | None = None
    for block in blocks:
        text, _ = strip_dash(block.text)
        kind = COMPETENCY_KINDS.get(label_key(text))
        if kind is not None:
            current = kind
            groups.setdefault(kind, [])
        elif current is None:
            ctx.unplaced(block, "under COMPETENCIAS before Técnica, Metodológica, Social or Participativa")
        else:
            groups[current].append(block)
    return {kind: ctx.items(item_blocks(found), f"competencies.{kind}")
            for kind, found in groups.items()}


__all__ = ["parse_position", "split_label"]
