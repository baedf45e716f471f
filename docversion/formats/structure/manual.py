"""A manual from a stream of blocks: cover, index, positions, revision table, all accounted for."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from docversion.formats.blocks import Block, Para, Where, number_blocks, paras_of
from docversion.formats.markup import strip_marks
from docversion.formats.report import ReadingCounts, Report
from docversion.formats.structure.cover import is_index_heading, read_cover
from docversion.formats.structure.furniture import Furniture
from docversion.formats.structure.index import check_index
from docversion.formats.structure.labels import fold, is_fold
from docversion.formats.structure.position import read_position
from docversion.formats.structure.revisions import read_revisions
from docversion.formats.structure.sections import Heading, heading_of, is_identification
from docversion.formats.structure.values import Values
from docversion.i18n import N_, _
from docversion.model import Manual, Position, describe_error
from docversion.text import slugify


def read_blocks(blocks: list[Block], report: Report) -> tuple[Manual, ReadingCounts]:
    """The manual ``blocks`` hold; raises naming the place of whatever cannot be read."""
    blocks = number_blocks(blocks)
    first = next((n for n, block in enumerate(blocks) if is_identification(block)), None)
    if first is None:
        table = [p for p in paras_of(blocks) if is_fold(p.text, "modificaciones realizadas")]
        raise report.fail(table[-1].where if table else None,
                          _("no position found: the document has no 'I. IDENTIFICACIÓN' heading"),
                          _("check that this is a job-description manual, with each position's sections "
                            "headed I. IDENTIFICACIÓN to VII. HABILIDADES Y COMPETENCIAS"))
    index_at = next((n for n, block in enumerate(blocks[:first]) if is_index_heading(block)), None)
    cover_end = first if index_at is None else index_at
    head = Values(report)
    cover = read_cover(blocks[:cover_end], head)
    furniture = Furniture(cover["code"], cover["title"], report)
    if index_at is not None:
        report.furnish(*paras_of([blocks[index_at]]))
    body = furniture.strip(blocks[cover_end + (index_at is not None):])
    headings = [heading_of(block) for block in body]  # once per block: the sections reuse them
    starts = [n for n, heading in enumerate(headings) if heading is not None and heading.starts_position]
    titled = _title_headings(body, headings, starts)
    if titled:
        heading_places = {place for place, _para in titled.values()}
        keep = [n for n in range(len(body)) if n not in heading_places]
        body, headings = [body[n] for n in keep], [headings[n] for n in keep]
        starts = [n for n, heading in enumerate(headings) if heading is not None and heading.starts_position]
    table_at = _revision_table_start(body, starts[-1], report)
    bounds = list(zip(starts, [*starts[1:], table_at], strict=True))
    positions = [_position(body[a:b], headings[a:b], report) for a, b in bounds]
    _check_title_headings(titled, positions, report)
    titles = [position.title for position in positions]
    places = [cover["area"], *(p.unit for p in positions), *(p.department for p in positions)]
    check_index(body[: starts[0]], titles, places, report)
    report.place(*paras_of([body[table_at]]))
    signoff_at = next((n for n in range(table_at + 1, len(body)) if _is_signoff_page(body[n])), len(body))
    if signoff_at < len(body):
        report.furnish(*paras_of(body[signoff_at:]))
        report.judge(paras_of([body[signoff_at]])[0].where, "signoff_page", _(
            "the sign-off page (REGISTRO DE FIRMAS) was not read: a version's sign-offs are the store's record"))
    revisions = read_revisions(body[table_at + 1:signoff_at], head)
    _check_cover_against_table(cover, revisions, head)
    report.check_accounted(blocks)
    fields = {"cover": cover, "positions": assign_ids(positions), "revisions": revisions, "marked": head.marks}
    manual: Manual = _validate(Manual, fields, head, paras_of([body[table_at]])[0].where)
    return manual, report.counts()


def _is_signoff_page(block: Block) -> bool:
    """The heading of the sign-off page an export prints after the revision table."""
    return isinstance(block, Para) and is_fold(strip_marks(block.text), "registro de firmas")


def _title_headings(body: list[Block], headings: list[Heading | None],
                    starts: list[int]) -> dict[int, tuple[int, Para]]:
    """The paragraphs that head a position with its title: a heading (in the source's own word, a
    Word heading style) just before I. IDENTIFICACIÓN that is no section heading; by the number
    of the position it heads, with its place in ``body``."""
    found: dict[int, tuple[int, Para]] = {}
    for number, start in enumerate(starts):
        block = body[start - 1] if start > 0 else None
        if isinstance(block, Para) and block.is_heading and not block.is_item and headings[start - 1] is None:
            found[number] = (start - 1, block)
    return found


def _check_title_headings(found: dict[int, tuple[int, Para]], positions: list[Position], report: Report) -> None:
    """A position's title heading is layout when it is the title PUESTO FUNCIONAL gives; otherwise
    the title is still PUESTO FUNCIONAL's, and that is said."""
    for number, (_place, para) in found.items():
        report.furnish(para)
        heading = " ".join(strip_marks(para.text).split())
        if fold(heading).rstrip(".") != fold(positions[number].title).rstrip("."):
            report.judge(para.where, "title_heading", _(
                "the heading {heading!r} is not the title of the position it heads ({title!r}, from PUESTO "
                "FUNCIONAL), which is the one read").format(heading=heading, title=positions[number].title))


def _check_cover_against_table(cover: dict[str, Any], revisions: list[dict[str, Any]], values: Values) -> None:
    """The cover's version and in-force date are the last row's: when they differ, the document
    contradicts itself, and the reader cannot tell which is right (a draft's cover may run ahead)."""
    if not revisions:
        return
    last = revisions[-1]
    for name, label in (("version", N_("version")), ("in_force", N_("in-force date"))):
        if cover[name] != last[name]:
            where = values.where_of(f"cover.{name}", None) or Where()
            row = values.where_of(f"revisions.{len(revisions) - 1}.{name}", None)
            facts = {"what": _(label), "cover": cover[name], "last": last[name], "row": row}
            values.report.judge(where, "cover_and_table", (
                _("the cover's {what} ({cover}) is not the last revision row's ({last}, {row})") if row else
                _("the cover's {what} ({cover}) is not the last revision row's ({last})")).format(**facts))


def _revision_table_start(body: list[Block], last_position: int, report: Report) -> int:
    for number in range(len(body) - 1, last_position, -1):
        block = body[number]
        if isinstance(block, Para) and heading_of(block) is None and is_fold(block.text, "modificaciones realizadas"):
            return number
    last = paras_of(body)[-1].where if body else None
    raise report.fail(last, _("the document ends before MODIFICACIONES REALIZADAS"),
                      _("the file may be truncated; restore the revision table at its end"))


def _position(chunk: list[Block], headings: list[Heading | None], report: Report) -> Position:
    values = Values(report)
    data = read_position(chunk, headings, values)
    data["id"] = "pending"  # ids are given once every title is known
    first = paras_of(chunk)[0].where
    position: Position = _validate(Position, data, values, first)
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


def _validate(model: type[BaseModel], data: dict[str, Any], values: Values, where: Where) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        path, message, _is_rule = describe_error(exc)
        field = ".".join(str(part) for part in path) or None
        place = values.where_of(field, where) if field else where
        raise values.report.invalid(place, message, field, _("correct the value in the document")) from None
