"""Writers of the layouts a person's manual arrives in, for tests: the seed's text format (a Word
manual converted to text) and that text pasted into Word, one paragraph per line.

They mimic the seed (``tests/fixtures/seed-900-0935-v05.txt``): the cover's lines, the signer
rows with tabs, the index with dotted leaders, each position's seven sections with their tables
as tab-separated rows holding the conversion's HTML lists, and the revision table. Marks are not
written: these are for manuals without them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document

from docversion.formats.layout import IDENTIFICATION, KEY_FUNCTION_HEADERS, LABELLED_LISTS, PERIODS, REVISION_HEADERS
from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import SECTIONS, Manual, Position

UL = '<ul style="list-style-type: none">'
OL = '<ol style="list-style-type: none">'
NA = "N/A"
_HEADINGS = {numeral: f"{numeral}. {title}" for numeral, title, _ in SECTIONS}
_LABEL = dict(IDENTIFICATION)
_COMPETENCY_KINDS = (("technical", "Técnica"), ("methodological", "Metodológica"), ("social", "Social"),
                     ("participative", "Participativa"))


def to_seed_text(manual: Manual, *, one_row_per_function: bool = False) -> bytes:
    """``manual`` in the seed's text format, as UTF-8 bytes."""
    return ("\n".join(seed_lines(manual, one_row_per_function=one_row_per_function)) + "\n").encode()


def to_docx_paragraphs(manual: Manual, *, one_row_per_function: bool = False) -> bytes:
    """The seed's text pasted into Word: one paragraph per line, tabs kept as tab characters."""
    document = Document()
    for line in seed_lines(manual, one_row_per_function=one_row_per_function):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_lines(manual: Manual, *, one_row_per_function: bool = False) -> list[str]:
    """The lines of the seed's text format for ``manual``."""
    lines = list(_cover(manual))
    lines += _index(manual)
    for position in manual.positions:
        lines += _position(position, one_row_per_function)
    lines += _revisions(manual)
    return lines


def _name(text: str) -> str:
    """A name as the form prints it in a field: with a final full stop."""
    return text if text.endswith(".") else f"{text}."


def _cover(manual: Manual) -> Iterator[str]:
    cover = manual.cover
    yield from ("", "", f"CÓDIGO {cover.code}", "", cover.title, "", cover.area, "")
    yield f"Autorizado:\t{cover.authorized_by}"
    reviewers = cover.reviewed_by or (NA,)
    yield f"Revisado:\t{reviewers[0]}"
    yield from (f"\t{reviewer}" for reviewer in reviewers[1:])
    yield f"Responsable de Proceso:\t{cover.process_owner}"
    yield ""
    if cover.conformity_statement is not None:
        yield f"“{cover.conformity_statement}”"
        yield ""
    yield (f"Fecha de creación: {format_spanish_date(cover.created)}\t"
           f"Fecha de vigencia: {format_spanish_date(cover.in_force)}\tVersión: {cover.version:02d}")
    yield "--\t--\t-----------------------"
    yield ""


def _index(manual: Manual) -> Iterator[str]:
    yield from ("ÍNDICE", "", "Página No.", "", manual.cover.area.title(), "")
    page = 3
    for position in manual.positions:
        yield f"{position.title}.....{page}"
        yield ""
        page += 3
    yield f"MODIFICACIONES REALIZADAS.....{page}"
    yield ""


def _position(position: Position, one_row_per_function: bool) -> Iterator[str]:
    yield f"{_HEADINGS['I']}\t\t"
    yield f"{_LABEL['title']}: {_name(position.title)}\t{_LABEL['generic_title']}: {_name(position.generic_title)}\t"
    yield f"{_LABEL['department']}: {_name(position.department)}\t{_LABEL['unit']}: {_name(position.unit)}\t"
    yield f"{_LABEL['reports_to']}: {_name(position.reports_to)}\t\t"
    if position.direct_reports:
        names = " ".join(_name(name) for name in position.direct_reports)
        yield f"{_LABEL['direct_reports']}: {position.direct_reports_count}\t{UL} {names} \t"
    else:
        yield f"{_LABEL['direct_reports']}: {NA}.\t\t"
    yield f"{_LABEL['objective']}: {position.objective}\t\t"
    yield from _key_functions(position, one_row_per_function)
    yield from _periodic(position)
    yield ""
    yield _HEADINGS["IV"]
    yield ""
    yield from _labelled("CON", position.relations.with_whom)
    yield from _labelled("PARA / FRECUENCIA", position.relations.purposes)
    for numeral in ("V", "VI"):
        yield _HEADINGS[numeral]
        yield ""
        for field, label in LABELLED_LISTS[numeral]:
            yield from _labelled(label, getattr(position, field))
    yield _HEADINGS["VII"]
    yield ""
    yield from _labelled("HABILIDADES", position.skills)
    yield "COMPETENCIAS:"
    yield ""
    for field, kind in _COMPETENCY_KINDS:
        yield f"- {kind}."
        yield from (f" - {item}" for item in getattr(position.competencies, field) or (f"{NA}.",))
    yield ""


def _key_functions(position: Position, one_row_per_function: bool) -> Iterator[str]:
    yield "\t".join((_HEADINGS["II"], *KEY_FUNCTION_HEADERS[1:]))
    functions = position.key_functions
    if not functions:
        yield f"{NA}\t\t"
        return
    groups = [(function,) for function in functions] if one_row_per_function else [functions]
    for group in groups:
        texts = " ".join(f"• {function.text}" for function in group)
        percents = " ".join(f"<p>{function.percent}%</p>" for function in group)
        results = " ".join(f"• {function.expected_result}" for function in group)
        yield f"{UL} {texts} \t{percents}\t{UL} {results}"


def _periodic(position: Position) -> Iterator[str]:
    yield f"{_HEADINGS['III']}\t\t"
    for index, (field, word) in enumerate(PERIODS):
        items = getattr(position.periodic_functions, field)
        if not items:
            yield from (f"{word}.\t\t", f"{NA}\t\t") if index % 2 == 0 else (f"{word}.", "", f"{NA}.", "")
        elif index % 2 == 0:  # the first pages' layout: a table row holding the numbered list
            numbered = " ".join(f"{number}. {item}" for number, item in enumerate(items, start=1))
            yield from (f"{word}.\t\t", f"{OL} {numbered} \t\t")
        else:  # the later pages' layout: a numbered line per item
            yield from (f"{word}.", "")
            yield from (f"{number}. {item}" for number, item in enumerate(items, start=1))
            yield ""


def _labelled(label: str, items: tuple[str, ...]) -> Iterator[str]:
    yield f"{label}:"
    yield ""
    for item in items or (f"{NA}.",):
        yield f"- {item}"
        yield ""


def _revisions(manual: Manual) -> Iterator[str]:
    yield "MODIFICACIONES REALIZADAS"
    yield ""
    yield "\t".join(REVISION_HEADERS)
    for row in manual.revisions:
        dates = [f"Fecha de vigencia: {format_spanish_date(row.in_force)}."]
        if row.last_modified is not None:
            dates.insert(0, f"Fecha de última modificación: {format_spanish_date(row.last_modified)}.")
        authority = f"{row.authorized_by} {UL} {' '.join(dates)} "
        preparer = f"{row.prepared_by_label}: {_name(row.prepared_by)}"
        if len(row.changes) == 1:
            description = f"{row.changes[0]} {preparer}"
        else:
            description = f"{UL} {' '.join(row.changes)} {preparer}"
        yield f"{authority}\t{row.version}.\t{description}"
