"""A position's seven sections, found by their headings, in order, with nothing left over."""

from __future__ import annotations

from dataclasses import dataclass, field

from docversion.formats.blocks import Block, Para, Row, paras_of
from docversion.formats.markup import has_words
from docversion.formats.report import Report
from docversion.formats.structure.labels import (
    NUMERALS,
    SECTION_NAMES,
    looks_like_label,
    section_heading,
    split_label,
    unknown_heading,
)
from docversion.formats.structure.lists import start_marker
from docversion.i18n import _

_ALL_SECTIONS = ", ".join(f"{n}. {t}" for n, t in SECTION_NAMES.items())


@dataclass
class Section:
    """One section of a position: its heading, the cells that share the heading's row, its body."""

    numeral: str
    heading: Para
    header_cells: list[tuple[Para, ...]] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        """The section's blocks: the cells beside its heading (as a row), then its body."""
        head: list[Block] = [Row(tuple(self.header_cells), self.heading.where)] if self.header_cells else []
        return [*head, *self.body]


@dataclass(frozen=True)
class Heading:
    """A block that is a section heading: the paragraph, the numeral written, the section's numeral."""

    para: Para
    written: str | None
    numeral: str
    rest: list[tuple[Para, ...]]

    @property
    def starts_position(self) -> bool:
        """True for ``I. IDENTIFICACIÓN``, which starts every position."""
        return self.numeral == "I" and self.written in (None, "I")


def heading_of(block: Block) -> Heading | None:
    """The section heading ``block`` is (a paragraph, or the first cell of a row), if any."""
    if isinstance(block, Row):
        cells = block.filled()
        if not cells:
            return None
        first = cells[0][0]
        found = section_heading(first.text) if not first.is_item or len(first.text) < 60 else None
        if found is None:
            return None
        rest = ([cells[0][1:]] if len(cells[0]) > 1 else []) + cells[1:]
        return Heading(first, found[0], found[1], rest)
    found = section_heading(block.text)
    if found is None:
        return None
    return Heading(block, found[0], found[1], [])


def is_identification(block: Block) -> bool:
    """True for the ``I. IDENTIFICACIÓN`` heading that starts every position."""
    heading = heading_of(block)
    return heading is not None and heading.starts_position


def split_sections(blocks: list[Block], headings: list[Heading | None], report: Report) -> dict[str, Section]:
    """Sections I to VII of one position (``headings``: each block's, as :func:`heading_of` found it),
    which must all appear once and in order."""
    sections: dict[str, Section] = {}
    current: Section | None = None
    for block, heading in zip(blocks, headings, strict=True):
        if heading is None:
            _check_unknown(block, report)
            if current is None:
                for para in paras_of([block]):
                    report.unplaced(para, _("before the position's first section"))
            else:
                current.body.append(block)
            continue
        if current is not None and heading.numeral == current.numeral and not current.body:
            report.furnish(heading.para)  # the heading repeated as a table's header row
            current.header_cells += heading.rest
            continue
        numeral = _check_heading(heading, sections, report)
        report.place(heading.para)
        current = Section(numeral, heading.para, list(heading.rest))
        sections[numeral] = current
    if len(sections) < len(NUMERALS):
        missing = NUMERALS[len(sections)]
        last = paras_of(blocks)[-1].where if blocks else None
        raise report.fail(last, _("the position ends before section {numeral}. {name}").format(
            numeral=missing, name=SECTION_NAMES[missing]),
                          _("the document may be truncated, or the heading is misspelt; restore the section"))
    return sections


def _check_unknown(block: Block, report: Report) -> None:
    first = block if isinstance(block, Para) else next(iter(block.paras()), None)
    if first is None:
        return
    text = unknown_heading(first.text)
    if text is not None and looks_like_label(first.text) is None:
        raise report.fail(first.where, _("unknown section heading {text!r}").format(text=text),
                          _("a position's sections are {sections}").format(sections=_ALL_SECTIONS))


def _check_heading(heading: Heading, sections: dict[str, Section], report: Report) -> str:
    numeral = heading.numeral
    name = SECTION_NAMES[numeral]
    where = heading.para.where
    if heading.written is not None and heading.written != numeral:
        raise report.fail(where, _("section {name} is numbered {written}, expected {numeral}").format(
            name=name, written=heading.written, numeral=numeral), _("number it {numeral}.").format(numeral=numeral))
    if numeral in sections:
        raise report.fail(where, _("section {numeral}. {name} appears twice in one position").format(
            numeral=numeral, name=name), _("a new position starts with I. IDENTIFICACIÓN; merge or remove the copy"))
    expected = NUMERALS[len(sections)]
    if numeral != expected:
        if NUMERALS.index(numeral) < len(sections):
            raise report.fail(where, _("section {numeral}. {name} comes after section {previous}").format(
                numeral=numeral, name=name, previous=NUMERALS[len(sections) - 1]),
                              _("put the sections in order I to VII"))
        raise report.fail(where, _("section {expected}. {expected_name} is missing before {numeral}. {name}").format(
            expected=expected, expected_name=SECTION_NAMES[expected], numeral=numeral, name=name),
                          _("restore the missing section, or correct its heading"))
    return numeral


def group_labelled(section: Section, labels: dict[str, str], report: Report) -> dict[str, list[Para]]:
    """A section's paragraphs under the labels that head them (``CON:``, ``VALORES:``…).

    Rows whose cells are all labels head columns: the cells of the rows after them belong to
    their column's label. Every label must appear, once; text before the first label cannot
    be placed; a label in capitals that docversion does not know is refused, not read as text.
    """
    fields: dict[str, list[Para]] = {}
    current: str | None = None
    columns: list[str] | None = None
    for block in section.blocks():
        if isinstance(block, Row):
            heads = [split_label(cell[0].text, labels) if cell else None for cell in block.cells]
            filled = [h for h, cell in zip(heads, block.cells, strict=True) if cell]
            if len(filled) >= 2 and all(h is not None and not has_words(h[2]) for h in filled):
                columns = [h[0] if h else "" for h in heads]
                for (name, printed, _rest), cell in ((h, c) for h, c in zip(heads, block.cells, strict=True) if h):
                    _open(fields, name, printed, cell[0], section, report)
                    report.place(cell[0])
                    fields[name].extend(cell[1:])  # the column's first items, under its label
                continue
            if columns is not None and len(block.cells) <= len(columns) and not any(filled):
                for cell, name in zip(block.cells, columns, strict=False):
                    if name:
                        fields[name].extend(cell)
                continue
            if section.numeral != "I" and not any(filled) and len(block.filled()) >= 2 and current is not None:
                for para in block.paras():  # a table among list items: no item is a row of cells
                    report.unplaced(para, _("in section {numeral}: a table row among the items of a list").format(
                        numeral=section.numeral))
                continue
            paras = block.paras()
        else:
            paras = [block]
            columns = None
        for para in paras:
            current = _place(para, labels, fields, current, section, report)
    for printed, name in labels.items():
        if name not in fields and _is_required(name, fields):
            raise report.fail(section.heading.where, _("section {numeral} has no {label}: label").format(
                numeral=section.numeral, label=printed), _("add the label, with N/A when nothing applies"))
    return fields


def _is_required(name: str, fields: dict[str, list[Para]]) -> bool:
    """Every label but those of one layout of COMPETENCIAS (``COMPETENCIAS TÉCNICA:`` or
    ``COMPETENCIAS:`` with its kinds beneath) must appear."""
    if "." in name:
        return False
    return not (name == "competencies" and any(other.startswith("competencies.") for other in fields))


def _open(fields: dict[str, list[Para]], name: str, printed: str, para: Para, section: Section,
          report: Report) -> None:
    if name in fields:
        raise report.fail(para.where, _("label {label} appears twice in section {numeral}").format(
            label=printed, numeral=section.numeral), _("merge the two lists"))
    fields[name] = []


def _place(para: Para, labels: dict[str, str], fields: dict[str, list[Para]], current: str | None,
           section: Section, report: Report) -> str | None:
    if para.is_item and current is not None:
        fields[current].append(para)  # a Word list item is an item, whatever it says
        return current
    found = split_label(para.text, labels)
    if found is not None:
        name, printed, rest = found
        _open(fields, name, printed, para, section, report)
        report.place(para)
        if has_words(rest):
            fields[name].append(para.with_text(rest))
        return name
    unknown = looks_like_label(para.text)
    if unknown is not None and not para.is_item and start_marker(para.text) is None:
        raise report.fail(para.where, _("unknown label {label}: in section {numeral}").format(
            label=unknown, numeral=section.numeral), _("the labels here are {labels}").format(
                labels=", ".join(sorted(labels))))
    if current is None:
        report.unplaced(para, _("in section {numeral} before its first label").format(numeral=section.numeral))
        return None
    fields[current].append(para)
    return current

