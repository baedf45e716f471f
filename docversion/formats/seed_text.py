"""The reader for the seed's text format: a Word manual converted to text, quirks and all.

The document is cut into its parts (cover, index, positions, revision table), each part is
read by its own module, and the result is validated as a :class:`~docversion.model.Manual`.
Nothing is dropped in silence: text that has no place raises :class:`DocumentStructureError`
naming the line, or, with ``is_lenient``, becomes a :class:`ReadWarning`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from docversion.errors import DocumentStructureError, ModelValidationError
from docversion.formats.markup import Block, decode_document, logical_lines
from docversion.formats.seed_collect import Collector, ReadWarning
from docversion.formats.seed_head import check_index, parse_cover, parse_index, parse_revisions
from docversion.formats.seed_items import fold
from docversion.formats.seed_position import parse_position
from docversion.formats.seed_sections import heading_of, is_fold, is_identification_heading
from docversion.model import Manual, Position, describe_error
from docversion.text import slugify


@dataclass(frozen=True)
class ReadResult:
    """A manual read from a document, with the warnings of a lenient read."""

    manual: Manual
    warnings: tuple[ReadWarning, ...] = ()
    has_ids: bool = False
    """True when the document carries its positions' ids (the canonical form); text does not."""


def read_seed_text(data: bytes, source: str, *, is_lenient: bool = False) -> ReadResult:
    """Read a manual in the seed's text format from ``data``; ``source`` names it in errors."""
    blocks = logical_lines(decode_document(data, source))
    warnings: list[ReadWarning] = []
    head = Collector(source, is_lenient, warnings)
    starts = [n for n, block in enumerate(blocks) if is_identification_heading(block)]
    if not starts:
        raise DocumentStructureError("no position found: the document has no 'I. IDENTIFICACIÓN' "
                                     "heading", source=source,
                                     hint="check that this is a job-description manual")
    index_at = next((n for n, b in enumerate(blocks[: starts[0]]) if is_fold(b.text, "indice")), None)
    cover_end = starts[0] if index_at is None else index_at
    cover = parse_cover(blocks[:cover_end], head)
    header = fold(f"{cover['code']} {cover['title']}")
    body = [b for b in blocks[cover_end:] if not _is_page_header(b, header)]
    starts = [n for n, block in enumerate(body) if is_identification_heading(block)]
    table_at = _revision_table_start(body, starts[-1], head)
    index = parse_index(body[: starts[0]], head)
    chunks = [body[a:b] for a, b in zip(starts, [*starts[1:], table_at], strict=True)]
    positions = [_position(chunk, source, is_lenient, warnings) for chunk in chunks]
    titles = [position.title for position in positions]
    places = [cover["area"], *(p.unit for p in positions), *(p.department for p in positions)]
    check_index(index, titles, places, head)
    if index.entries and not index.lists_revisions:
        head.unplaced(index.entries[-1][0], "the index does not list MODIFICACIONES REALIZADAS")
    revisions = parse_revisions(body[table_at + 1 :], head)
    fields = {"cover": cover, "positions": positions, "revisions": revisions, "marked": head.marks}
    manual: Manual = _validate(Manual, fields, head, body[table_at].line)
    return ReadResult(manual, tuple(warnings))


def _is_page_header(block: Block, header: str) -> bool:
    """The page header repeated where Word broke the page: "900 0935 MANUAL DE …"."""
    if len(block.text) > 4 * len(header) + 40:  # a page header is one short line
        return False
    text = fold(block.text)
    return text == header or (text.startswith(header) and "pagina" in text[len(header):])


def _revision_table_start(body: list[Block], last_position: int, head: Collector) -> int:
    for number in range(last_position, len(body)):
        if heading_of(body[number]) is None and is_fold(body[number].text, "modificaciones realizadas"):
            return number
    raise head.fail(body[-1].line, "the document ends before MODIFICACIONES REALIZADAS",
                    "the file may be truncated; restore the revision table at its end")


def _position(chunk: list[Block], source: str, is_lenient: bool,
              warnings: list[ReadWarning]) -> Position:
    ctx = Collector(source, is_lenient, warnings)
    data = parse_position(chunk, ctx)
    data["id"] = "pending"  # ids are given once every title is known
    position: Position = _validate(Position, data, ctx, chunk[0].line)
    return position


def assign_ids(positions: list[Position]) -> list[Position]:
    """Give each position an id made from its title, unique within the manual."""
    used: set[str] = set()
    result = []
    for position in positions:
        base = slugify(position.title)
        candidate, suffix = base, 2
        while candidate in used:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        used.add(candidate)
        result.append(position.model_copy(update={"id": candidate}))
    return result


def _validate(model: type[BaseModel], data: dict[str, Any], ctx: Collector, line: int) -> Any:
    if model is Manual:
        data = {**data, "positions": assign_ids(data["positions"])}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        path, message, _ = describe_error(exc)
        field = ".".join(str(part) for part in path) or None
        where = ctx.line_of(field, line) if field else line
        raise ModelValidationError(message, source=ctx.source, line=where, field=field,
                                   hint="correct the value in the document") from None

