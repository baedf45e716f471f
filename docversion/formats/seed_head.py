"""Reading the parts of the seed's text around the positions: cover, index, revision table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docversion.formats.markup import Block, split_blocks, strip_marks
from docversion.formats.seed_collect import Collector
from docversion.formats.seed_items import cut, fold, item_blocks, label_key, sentence_spans
from docversion.formats.seed_sections import is_fold, split_label
from docversion.formats.spanish_dates import DATE_PATTERN, SpanishDateError, parse_spanish_date

COVER_LABELS = {
    "autorizado": "authorized_by", "revisado": "reviewed_by",
    "responsabledeproceso": "process_owner", "fechadecreacion": "created",
    "fechadevigencia": "in_force", "version": "version",
}
CONFORMITY = "este documento es conforme al original firmado"
_RULE = re.compile(r"^[\s\-=_|+]*$")
_CODE = re.compile(r"^\s*c[oó]digo\s*:?\s*", re.IGNORECASE)
_INDEX_ENTRY = re.compile(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$")
_DATE_LABEL = re.compile(
    r"fecha\s+de\s+(?P<kind>[úu]ltima\s+modificaci[óo]n|vigencia)\s*:", re.IGNORECASE
)
_PREPARER = re.compile(
    r"(?P<label>Analista|Elaborado\s*/\s*actualizado\s+por|Elaborado\s+por|Actualizado\s+por"
    r"|Preparado\s+por)[\ufdd0\ufdd1]*\s*:",
    re.IGNORECASE,
)
REVISION_HEADERS = ("referencia de autorizacion", "version", "descripcion de la modificacion")


def is_rule(block: Block) -> bool:
    """A table rule such as ``--\\t--\\t-----`` left by the conversion: layout, no words."""
    return bool(_RULE.match(block.text))


def parse_cover(blocks: list[Block], ctx: Collector) -> dict[str, Any]:
    """The cover: code, title and area lines, the sign-off roles, dates and version."""
    cover: dict[str, Any] = {"reviewed_by": []}
    loose: list[Block] = []
    last: str | None = None
    for block in blocks:
        if is_rule(block) or not strip_marks(block.text).strip():
            continue
        if _CODE.match(strip_marks(block.text)):
            cover["code"] = ctx.text(Block(block.line, _CODE.sub("", block.text, count=1)), "cover.code")
            continue
        if is_fold(block.text, CONFORMITY):
            cover["conformity_statement"] = ctx.text(
                Block(block.line, block.text.strip().strip("“”\"'")), "cover.conformity_statement")
            continue
        cells = block.text.split("\t")
        if not strip_marks(cells[0]).strip() and last == "reviewed_by":
            continuation = [Block(block.line, c) for c in cells[1:] if strip_marks(c).strip()]
            cover["reviewed_by"].extend(continuation)
            continue
        labelled = _cover_cells(block, cells, cover, ctx)
        if labelled is None:
            loose.append(block)
        else:
            last = labelled
    return _finish_cover(cover, loose, blocks, ctx)


def _cover_cells(block: Block, cells: list[str], cover: dict[str, Any], ctx: Collector) -> str | None:
    """Read the labelled cells of a cover line; None when the line carries no label."""
    last: str | None = None
    for cell in cells:
        if not strip_marks(cell).strip():
            continue
        label, rest = split_label(Block(block.line, cell))
        name = COVER_LABELS.get(label_key(label)) if label is not None else None
        if name is None:
            if last is None:
                return None
            awaiting = last == "reviewed_by" or not strip_marks(cover[last].text).strip()
            if not awaiting:
                ctx.unplaced(Block(block.line, cell), f"on the cover after {last}")
                continue
            name, rest = last, cell
        last = name
        if name == "reviewed_by":
            if strip_marks(rest).strip():
                cover["reviewed_by"].append(Block(block.line, rest))
        else:
            cover[name] = Block(block.line, rest)
    return last


def _finish_cover(cover: dict[str, Any], loose: list[Block], blocks: list[Block],
                  ctx: Collector) -> dict[str, Any]:
    first_line = blocks[0].line if blocks else 1
    if len(loose) < 2:
        raise ctx.fail(first_line, "the cover needs the manual's title and area on lines of their own",
                       "put the title (MANUAL DE DESCRIPCIÓN DE PUESTOS) and the area under CÓDIGO")
    for extra in loose[2:]:
        ctx.unplaced(extra, "on the cover")
    result: dict[str, Any] = {
        "title": ctx.text(loose[0], "cover.title"),
        "area": ctx.text(loose[1], "cover.area"),
    }
    for name in ("code", "authorized_by", "process_owner", "created", "in_force", "version"):
        if name not in cover:
            label = {v: k for k, v in COVER_LABELS.items()}.get(name, "CÓDIGO")
            raise ctx.fail(first_line, f"the cover has no {name} ({label})",
                           "add the label and its value to the cover", field=f"cover.{name}")
    result["code"] = cover["code"]
    result["authorized_by"] = ctx.text(cover["authorized_by"], "cover.authorized_by", is_name=True)
    result["process_owner"] = ctx.text(cover["process_owner"], "cover.process_owner", is_name=True)
    result["reviewed_by"] = ctx.items(cover["reviewed_by"], "cover.reviewed_by", is_name=True)
    for name in ("created", "in_force"):
        result[name] = _date(cover[name], f"cover.{name}", ctx)
    result["version"] = _version(cover["version"], "cover.version", ctx)
    if "conformity_statement" in cover:
        result["conformity_statement"] = cover["conformity_statement"]
    return result


def _date(block: Block, path: str, ctx: Collector) -> Any:
    text = ctx.whole(block, path)
    try:
        value = parse_spanish_date(text)
    except SpanishDateError as exc:
        raise ctx.invalid(block.line, str(exc), path, "write the date as '02 de enero de 2018'") from None
    leftover = re.sub(r"[\s.,;]", "", text.replace(_matched_date(text), "", 1))
    if leftover:
        ctx.unplaced(block, f"after the date in {path}")
    return value


def _matched_date(text: str) -> str:
    found = DATE_PATTERN.search(text)
    return found.group(0) if found else ""


def _version(block: Block, path: str, ctx: Collector) -> int:
    text = ctx.whole(block, path)
    match = re.fullmatch(r"\s*(\d{1,4})\s*\.?\s*", text)
    if match is None:
        raise ctx.fail(block.line, f"{path}: {text!r} is not a version number", "write it as 05")
    return int(match.group(1))


@dataclass
class Index:
    """The ÍNDICE: position titles with pages, headings, and whether it lists the table."""

    entries: list[tuple[Block, str]] = field(default_factory=list)
    headings: list[tuple[Block, str]] = field(default_factory=list)
    lists_revisions: bool = False


def parse_index(blocks: list[Block], ctx: Collector) -> Index:
    """Entries of the index; page numbers are layout and are not kept."""
    index = Index()
    for block in blocks:
        text = strip_marks(block.text).strip()
        if not text or is_rule(block) or is_fold(text, "indice") or fold(text).startswith("pagina"):
            continue
        entry = _INDEX_ENTRY.match(text)
        title = " ".join((entry.group(1) if entry else text).split()).rstrip(".")
        if entry and is_fold(title, "modificaciones realizadas"):
            index.lists_revisions = True
        elif entry:
            index.entries.append((block, title))
        else:
            index.headings.append((block, title))
    return index


def check_index(index: Index, titles: list[str], places: list[str], ctx: Collector) -> None:
    """The index must list the positions' titles in order; headings must name a unit or area."""
    for position, (block, title) in enumerate(index.entries):
        if position >= len(titles):
            ctx.unplaced(block, "in the index: no position has this title")
        elif fold(title) != fold(titles[position]):
            raise ctx.fail(block.line, f"the index lists {title!r} where the document has "
                           f"{titles[position]!r}", "make the index and PUESTO FUNCIONAL agree")
    if index.entries and len(index.entries) < len(titles):
        raise ctx.fail(index.entries[-1][0].line, f"the index lists {len(index.entries)} positions "
                       f"but the document has {len(titles)}", "add the missing positions to the index")
    folded_places = {fold(place).rstrip(".") for place in places}
    for block, heading in index.headings:
        if fold(heading) not in folded_places:
            ctx.unplaced(block, "in the index: it names no unit or area of the manual")


def parse_revisions(blocks: list[Block], ctx: Collector) -> list[dict[str, Any]]:
    """Rows of MODIFICACIONES REALIZADAS: authorisation and dates, version, changes and preparer."""
    rows: list[list[Block]] = []
    for block in blocks:
        cells = block.text.split("\t")
        if not strip_marks(block.text).strip() or is_rule(block):
            continue
        if tuple(fold(c) for c in cells) == REVISION_HEADERS:
            continue
        if len(cells) >= 3:
            rows.append([Block(block.line, cells[0]), Block(block.line, cells[1]),
                         Block(block.line, " ".join(cells[2:]))])
        elif rows:
            last = rows[-1][2]
            rows[-1][2] = Block(last.line, f"{last.text} {block.text}")
        else:
            ctx.unplaced(block, "in MODIFICACIONES REALIZADAS before its first row")
    return [_revision(row, number, ctx) for number, row in enumerate(rows)]


def _revision(row: list[Block], number: int, ctx: Collector) -> dict[str, Any]:
    authority, version, description = row
    path = f"revisions.{number}"
    labels = list(_DATE_LABEL.finditer(authority.text))
    if not labels:
        raise ctx.fail(authority.line, "the row has no 'Fecha de vigencia:'",
                       "write 'Fecha de vigencia: 02 de enero de 2018' after the authorising role")
    result: dict[str, Any] = {
        "authorized_by": ctx.text(Block(authority.line, authority.text[: labels[0].start()]),
                                  f"{path}.authorized_by", is_name=True),
        "version": _version(version, f"{path}.version", ctx),
    }
    ends = [m.start() for m in labels[1:]] + [len(authority.text)]
    for label, end in zip(labels, ends, strict=True):
        name = "in_force" if fold(label.group("kind")) == "vigencia" else "last_modified"
        result[name] = _date(Block(authority.line, authority.text[label.end():end]), f"{path}.{name}", ctx)
    if "in_force" not in result:
        raise ctx.fail(authority.line, "the row has no 'Fecha de vigencia:'", "add the in-force date")
    preparers = list(_PREPARER.finditer(description.text))
    if not preparers:
        raise ctx.fail(description.line, "the row names no preparer",
                       "end the description with 'Elaborado por: NAME' or 'Analista: NAME'")
    found = preparers[-1]
    changes = split_blocks(Block(description.line, description.text[: found.start()]))
    sentences = [piece for block in item_blocks(changes) for piece in cut([block], sentence_spans) or []]
    result["changes"] = ctx.items(sentences, f"{path}.changes")
    result["prepared_by_label"] = " ".join(strip_marks(found.group("label")).split())
    result["prepared_by"] = ctx.text(Block(description.line, description.text[found.end():]),
                                     f"{path}.prepared_by", is_name=True)
    return result
