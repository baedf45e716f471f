"""Finding a position's seven sections in the seed's text, in order, with nothing left over."""

from __future__ import annotations

import re

from docversion.formats.markup import Block, split_blocks, strip_marks
from docversion.formats.seed_collect import Collector
from docversion.formats.seed_items import fold, label_key
from docversion.model import SECTIONS

_HEADING = re.compile(r"^\s*([IVXL]+)\.\s+(\S.*?)\s*$")
NUMERALS = tuple(numeral for numeral, _, _ in SECTIONS)
_NAME_BY_KEY = {label_key(name): numeral for numeral, name, _ in SECTIONS}
_NAME_BY_NUMERAL = {numeral: name for numeral, name, _ in SECTIONS}


def heading_of(block: Block) -> tuple[str, str] | None:
    """``(numeral, name)`` when the block's first cell is a section heading such as
    ``III. FUNCIONES PERIÓDICAS``: a Roman numeral, a full stop and upper-case words."""
    first = strip_marks(block.text.split("\t")[0])
    match = _HEADING.match(first)
    if match is None or any(char.islower() for char in match.group(2)):
        return None
    return match.group(1), match.group(2)


def is_identification_heading(block: Block) -> bool:
    """True for the ``I. IDENTIFICACIÓN`` heading that starts every position."""
    heading = heading_of(block)
    return heading is not None and heading[0] == "I" and label_key(heading[1]) == label_key(
        _NAME_BY_NUMERAL["I"]
    )


class Section:
    """One section of a position: its heading block, the cells after the heading, its body."""

    def __init__(self, numeral: str, heading: Block) -> None:
        self.numeral = numeral
        self.heading = heading
        cells = heading.text.split("\t")[1:]
        self.heading_cells = [Block(heading.line, cell) for cell in cells if strip_marks(cell).strip()]
        self.body: list[Block] = []

    def cells(self) -> list[Block]:
        """Every non-empty cell after the heading, one block per tab-separated cell."""
        found = list(self.heading_cells)
        for block in self.body:
            found.extend(Block(block.line, cell) for cell in block.text.split("\t")
                         if strip_marks(cell).strip())
        return found

    def blocks(self) -> list[Block]:
        """Every non-empty piece of the section, split on tabs and block tags."""
        found: list[Block] = []
        for cell in self.cells():
            found.extend(split_blocks(cell))
        return found


def split_sections(blocks: list[Block], ctx: Collector) -> dict[str, Section]:
    """Sections I to VII of one position, which must all appear once and in order."""
    sections: dict[str, Section] = {}
    current: Section | None = None
    for block in blocks:
        heading = heading_of(block)
        if heading is None:
            if current is None:
                ctx.unplaced(block, "before the position's first section")
            elif strip_marks(block.text).strip():
                current.body.append(block)
            continue
        numeral = _check_heading(heading, block, sections, ctx)
        current = Section(numeral, block)
        sections[numeral] = current
    if len(sections) < len(NUMERALS):
        missing = NUMERALS[len(sections)]
        last = blocks[-1].line if blocks else None
        raise ctx.fail(
            last,
            f"the position ends before section {missing}. {_NAME_BY_NUMERAL[missing]}",
            "the document may be truncated; restore the missing sections",
        )
    return sections


def _check_heading(heading: tuple[str, str], block: Block, sections: dict[str, Section],
                   ctx: Collector) -> str:
    numeral, name = heading
    known = _NAME_BY_KEY.get(label_key(name))
    if known is None:
        raise ctx.fail(block.line, f"unknown section {numeral}. {name}",
                       "the sections are " + ", ".join(f"{n}. {t}" for n, t, _ in SECTIONS))
    if known != numeral:
        raise ctx.fail(block.line, f"section {name} is numbered {numeral}, expected {known}",
                       f"number it {known}.")
    expected = NUMERALS[len(sections)]
    if known in sections:
        raise ctx.fail(block.line, f"section {known}. {name} appears twice in one position",
                       "a new position starts with I. IDENTIFICACIÓN; merge or remove the copy")
    if known != expected:
        if NUMERALS.index(known) < len(sections):
            raise ctx.fail(block.line, f"section {known}. {name} comes after section "
                           f"{NUMERALS[len(sections) - 1]}", "put the sections in order I to VII")
        raise ctx.fail(block.line, f"section {expected}. {_NAME_BY_NUMERAL[expected]} is missing "
                       f"before {known}. {name}", "restore the missing section")
    return known


def labelled_fields(section: Section, labels: dict[str, str], ctx: Collector,
                    blocks: list[Block] | None = None) -> dict[str, list[Block]]:
    """Group a section's blocks under the labels that head them (``CON:``, ``VALORES:``…).

    ``labels`` maps each label as printed to its field. Every label must appear, once;
    text before the first label cannot be placed; an upper-case label docversion does not
    know is refused rather than read as text.
    """
    keys = {label_key(printed): name for printed, name in labels.items()}
    fields: dict[str, list[Block]] = {}
    current: str | None = None
    for block in blocks if blocks is not None else section.blocks():
        label, rest = split_label(block)
        if label is not None and label_key(label) in keys:
            current = keys[label_key(label)]
            if current in fields:
                raise ctx.fail(block.line, f"label {label.strip()} appears twice in section "
                               f"{section.numeral}", "merge the two lists")
            fields[current] = [Block(block.line, rest)] if strip_marks(rest).strip() else []
        elif label is not None and _looks_like_label(label):
            raise ctx.fail(block.line, f"unknown label {label.strip()}: in section {section.numeral}",
                           "the labels here are " + ", ".join(sorted(labels)))
        elif current is None:
            ctx.unplaced(block, f"in section {section.numeral} before its first label")
        else:
            fields[current].append(block)
    for printed, name in labels.items():
        if name not in fields:
            raise ctx.fail(section.heading.line, f"section {section.numeral} has no {printed}: label",
                           "add the label, with N/A when nothing applies")
    return fields


def split_label(block: Block) -> tuple[str | None, str]:
    """``("CON", rest)`` for a block that starts with a label and a colon."""
    text = block.text
    colon = text.find(":")
    if colon <= 0 or not strip_marks(text[:colon]).strip()[:1].isalpha():
        return None, text
    return strip_marks(text[:colon]), text[colon + 1 :]


def _looks_like_label(text: str) -> bool:
    words = strip_marks(text).strip()
    return bool(words) and len(words) <= 60 and words.upper() == words and any(
        char.isalpha() for char in words
    )


def is_fold(text: str, *candidates: str) -> bool:
    """True when ``text`` folds (accents, case, marks, full stop) to one of ``candidates``."""
    return fold(text).strip(" .:“”\"'") in candidates
