"""The stream of logical blocks every document source produces and the one structure reads.

A source (the text conversion, a Word document) knows its format and nothing about manuals; it
turns its input into :class:`Para` and :class:`Row` blocks, each with its text (revision marks
held as two sentinel characters, see :mod:`docversion.formats.markup`) and where it came from.
The structure (:mod:`docversion.formats.structure`) knows manuals and nothing about formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docversion.i18n import _

MARK_OPEN = "\ufdd0"
MARK_CLOSE = "\ufdd1"


@dataclass(frozen=True, slots=True)
class Where:
    """Where a block came from: a line (and column) of text, or a paragraph or cell of Word."""

    line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def __str__(self) -> str:
        """The place in the current language (``line 4``, ``table 2, row 3, cell 1``)."""
        if self.line is not None:
            return _("line {line}").format(line=self.line)
        if self.table is not None:
            if self.row is not None and self.cell is not None:
                return _("table {table}, row {row}, cell {cell}").format(table=self.table, row=self.row,
                                                                        cell=self.cell)
            if self.row is not None:
                return _("table {table}, row {row}").format(table=self.table, row=self.row)
            if self.cell is not None:
                return _("table {table}, cell {cell}").format(table=self.table, cell=self.cell)
            return _("table {table}").format(table=self.table)
        if self.paragraph is not None:
            return _("paragraph {paragraph}").format(paragraph=self.paragraph)
        return _("the document")


@dataclass(slots=True)
class Para:
    """One paragraph (a line of text, a piece of a cell, a Word paragraph).

    ``text`` keeps mark sentinels and is not cleaned yet; ``is_item`` is the source's own word
    that this is a list item (Word numbering, a list style, ``<li>``); ``level`` its indentation
    (0 at the margin); ``label`` the length of a bold run at its start that ends in a colon
    (a label the writer set in bold), 0 when there is none; ``is_heading`` the source's word that
    this is a heading (a Word heading style or outline level).
    """

    text: str
    where: Where
    is_item: bool = False
    level: int = 0
    label: int = 0
    number: int = field(default=0, compare=False)
    is_heading: bool = False

    def paras(self) -> list[Para]:
        """The paragraph itself, so a block of either kind gives its paragraphs alike."""
        return [self]

    def with_text(self, text: str) -> Para:
        """The same block holding other text (a piece of it)."""
        return Para(text, self.where, self.is_item, self.level, 0, self.number)


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its cells, each a tuple of paragraphs (empty for an empty or merged cell)."""

    cells: tuple[tuple[Para, ...], ...]
    where: Where

    def paras(self) -> list[Para]:
        """Every paragraph of the row, cell by cell."""
        return [para for cell in self.cells for para in cell]

    def filled(self) -> list[tuple[Para, ...]]:
        """The cells that hold text, in order."""
        return [cell for cell in self.cells if cell]


Block = Para | Row


def paras_of(blocks: list[Block]) -> list[Para]:
    """Every paragraph of ``blocks``, rows flattened cell by cell."""
    return [para for block in blocks for para in block.paras()]


def number_blocks(blocks: list[Block]) -> list[Block]:
    """Give every paragraph its place in the document (for the reading's accounting)."""
    for number, para in enumerate(paras_of(blocks), start=1):
        para.number = number
    return blocks
