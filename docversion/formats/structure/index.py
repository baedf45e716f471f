"""The ÍNDICE: one line per position, in order, with its page (layout, not kept).

A line names a position (its title), a unit or area of the manual (a heading of the index),
or MODIFICACIONES REALIZADAS; its leader and page number (dots of any count, ``…``, a tab,
``. . .``, or none) are layout. A line that names none of them is reported, naming the line.
"""

from __future__ import annotations

import re

from docversion.formats.blocks import Block, Para
from docversion.formats.markup import strip_marks
from docversion.formats.report import Report
from docversion.formats.structure.furniture import is_rule
from docversion.formats.structure.labels import fold
from docversion.i18n import _

_LEADER = re.compile(r"^(?P<title>.*?)[\s.…·_\-]*(?:\s|\.|…|_)(?P<page>\d{1,4})\s*$")
_PAGE_HEADER = re.compile(r"^(?:p[aá]gina|p[aá]g\.?)\s*(?:no\.?|n[uú]mero|#)?\s*$", re.IGNORECASE)


def index_lines(blocks: list[Block]) -> list[tuple[Para, str]]:
    """The index's lines as (first paragraph, title without leader or page)."""
    lines: list[tuple[Para, str]] = []
    for block in blocks:
        paras = block.paras()
        if not paras:
            continue
        text = " ".join(strip_marks(p.text) for p in paras).strip()
        match = _LEADER.match(text)
        title = match.group("title") if match and match.group("title").strip() else text
        lines.append((paras[0], " ".join(title.split()).rstrip(" .…")))
    return lines


def check_index(blocks: list[Block], titles: list[str], places: list[str], report: Report) -> None:
    """Every line of the index names, in order, a position, a unit or area, or the revision table."""
    folded_titles = [fold(title) for title in titles]
    folded_places = {fold(place).rstrip(".") for place in places}
    next_title = 0
    for block in blocks:
        report.furnish(*block.paras())
    for para, title in index_lines(blocks):
        key = fold(title)
        if not key or is_rule(title) or key in ("indice", "pagina no", "pagina", "pag", "pag.") or \
                _PAGE_HEADER.match(title):
            continue
        if key == "modificaciones realizadas":
            continue
        if next_title < len(folded_titles) and key == folded_titles[next_title]:
            next_title += 1
        elif key in folded_titles[:next_title] and key not in folded_titles[next_title:]:
            raise report.fail(para.where, _("the index lists {title!r} twice").format(title=title),
                              _("delete the repeated line"))
        elif key in folded_titles:
            expected = titles[next_title] if next_title < len(titles) else _("nothing more")
            raise report.fail(para.where, _("the index lists {title!r} out of order: {expected!r} comes first").format(
                title=title, expected=expected), _("list the positions in the order of the document"))
        elif key in folded_places:
            continue
        else:
            expected = titles[next_title] if next_title < len(titles) else _("no further position")
            raise report.fail(para.where, _("the index line {title!r} names no position of the document "
                                            "(the next position is {expected!r})").format(title=title,
                                                                                          expected=expected),
                              _("make the index and PUESTO FUNCIONAL agree, or delete the line"))
    if 0 < next_title < len(titles):
        raise report.fail(index_lines(blocks)[-1][0].where if blocks else None,
                          _("the index lists {listed} positions but the document has {count}").format(
                              listed=next_title, count=len(titles)),
                          _("add the missing positions to the index"))
