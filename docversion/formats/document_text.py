"""A version as Markdown and as one self-contained, print-ready HTML page.

Both follow the printed layout (cover, index, the seven sections of each position, the revision
table); marked spans are underlined (``<u>``). HTML escapes every text; its CSS is inline, sized
for A4 (or the paper a :class:`~docversion.records.Printing` names), with each position starting a
new page when printed.

A :class:`~docversion.records.Printing` adds what a copy from the record prints: its stamp at the
top and at the head of each position, of the revision table and of the sign-off page (in HTML
also a banner that print repeats on every page), the sign-off page after the revision table, and
the cover's conformity statement only when the record allows it. Without one, the text alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence

from docversion.formats.docx.writer import marks_of
from docversion.formats.layout import (
    IDENTIFICATION,
    KEY_FUNCTION_HEADERS,
    LABELLED_LISTS,
    NOT_APPLICABLE,
    PERIODS,
    RELATION_HEADERS,
    REVISION_HEADERS,
    Marks,
    marked_pieces,
)
from docversion.formats.signature_page import html_page, markdown_page, signature_page
from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import SECTIONS, Manual, Position, resolve_path
from docversion.records import Printing

_CSS_PAPERS = {"a4": "A4", "letter": "letter"}  # CSS's names of the papers of layout.PAPERS
_TITLES = {numeral: title for numeral, title, _ in SECTIONS}
_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: Calibri, Arial, sans-serif; font-size: 11pt; max-width: 52em; margin: 2em auto; color: #111; }
h1, h2, h3 { font-weight: bold; } h1 { font-size: 14pt; text-align: center; } h2 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #444; padding: .25em .5em; vertical-align: top; text-align: left; }
.cover td { border: none; } .position { page-break-before: always; } u { text-decoration: underline; }
"""
_PRINTING_CSS = """.page { page-break-before: always; }
.stamp { border: 2px solid #a00; color: #a00; font-weight: bold; text-align: center; padding: .25em; margin: 0 0 1em; }
.stamp-running { display: none; }
@media print { .stamp-running { display: block; position: fixed; top: 0; left: 0; right: 0; background: #fff; }
  .stamp-page { visibility: hidden; } }
"""


def _marked(text: str, path: str | None, marks: Marks, escape: Callable[[str], str]) -> str:
    pieces = marked_pieces(text, marks.get(path, ()) if path else ())
    return "".join(f"<u>{escape(piece)}</u>" if is_marked else escape(piece) for piece, is_marked in pieces)


def _md_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\`*_{}[]<>#|" else c for c in text)


class _Doc:
    """The layout walked once, written by a format's small set of pieces."""

    def __init__(self, manual: Manual, marks: Marks, escape: Callable[[str], str],
                 printing: Printing | None = None) -> None:
        self.manual, self.marks, self.escape, self.printing = manual, marks, escape, printing
        self.stamp = escape(printing.stamp.text) if printing is not None and printing.stamp is not None else ""
        self.states_conformity = printing is None or printing.states_conformity

    def t(self, text: str, path: str | None = None) -> str:
        return _marked(text, path, self.marks, self.escape)

    def items(self, values: Sequence[str], path: str) -> list[str]:
        return [self.t(v, f"{path}.{n}") for n, v in enumerate(values)] or [self.t(NOT_APPLICABLE, path)]


def to_markdown(manual: Manual, underline: Marks | None = None, printing: Printing | None = None) -> str:
    """The manual as Markdown (underlines as ``<u>``), printed as ``printing`` says (the stamp as a
    bold line)."""
    doc = _Doc(manual, marks_of(manual) if underline is None else underline, _md_escape, printing)
    return "\n".join(_markdown(doc)) + "\n"


def _markdown(doc: _Doc) -> Iterator[str]:
    cover = doc.manual.cover
    if doc.stamp:
        yield f"**{doc.stamp}**\n"
    yield f"# {doc.t(cover.title, 'cover.title')} · {doc.t(cover.code, 'cover.code')}"
    yield f"\n**{doc.t(cover.area, 'cover.area')}**\n"
    yield "| | |\n|---|---|"
    yield f"| Autorizado | {doc.t(cover.authorized_by, 'cover.authorized_by')} |"
    yield f"| Revisado | {'<br>'.join(doc.t(r, f'cover.reviewed_by.{n}') for n, r in enumerate(cover.reviewed_by))} |"
    yield f"| Responsable de Proceso | {doc.t(cover.process_owner, 'cover.process_owner')} |\n"
    if cover.conformity_statement and doc.states_conformity:
        yield f"*{doc.t(cover.conformity_statement, 'cover.conformity_statement')}*\n"
    yield (f"Fecha de creación: {format_spanish_date(cover.created)} · Fecha de vigencia: "
           f"{format_spanish_date(cover.in_force)} · Versión: {cover.version:02d}\n")
    yield "## ÍNDICE\n"
    yield from (f"{n}. {doc.t(p.title)}" for n, p in enumerate(doc.manual.positions, start=1))
    yield "\nMODIFICACIONES REALIZADAS"
    for position in doc.manual.positions:
        yield from _markdown_position(doc, position)
    yield from _markdown_stamp(doc)
    yield "\n## MODIFICACIONES REALIZADAS\n"
    yield "| " + " | ".join(REVISION_HEADERS) + " |\n|---|---|---|"
    for cells in _revision_cells(doc):
        yield "| " + " | ".join("<br>".join(cell) for cell in cells) + " |"
    if doc.printing is not None:
        yield from _markdown_stamp(doc)
        yield from markdown_page(signature_page(doc.printing.signatures), doc.escape)


def _markdown_stamp(doc: _Doc) -> Iterator[str]:
    """The stamp before a part that starts a printed page."""
    if doc.stamp:
        yield f"\n**{doc.stamp}**"


def _markdown_position(doc: _Doc, position: Position) -> Iterator[str]:
    base = f"positions.{position.id}"
    yield from _markdown_stamp(doc)
    yield f"\n## {doc.t(position.title, f'{base}.title')}\n\n### I. {_TITLES['I']}\n"
    for field, label in IDENTIFICATION:
        if field == "direct_reports":
            reports = [str(position.direct_reports_count), *(doc.t(r, f"{base}.direct_reports.{n}")
                                                            for n, r in enumerate(position.direct_reports))]
            yield f"- **{label}:** " + "; ".join(reports)
        else:
            yield f"- **{label}:** {doc.t(getattr(position, field), f'{base}.{field}')}"
    yield f"\n### II. {_TITLES['II']}\n\n| " + " | ".join(KEY_FUNCTION_HEADERS) + " |\n|---|---|---|"
    for n, function in enumerate(position.key_functions):
        yield (f"| {doc.t(function.text, f'{base}.key_functions.{n}.text')} | {function.percent}% | "
               f"{doc.t(function.expected_result, f'{base}.key_functions.{n}.expected_result')} |")
    yield f"\n### III. {_TITLES['III']}"
    for field, word in PERIODS:
        yield f"\n**{word}.**\n"
        values = getattr(position.periodic_functions, field)
        rendered = doc.items(values, f"{base}.periodic_functions.{field}")
        yield from (f"{n}. {v}" for n, v in enumerate(rendered, start=1)) if values else rendered
    yield f"\n### IV. {_TITLES['IV']}\n"
    for field, header in RELATION_HEADERS:
        yield f"**{header}:**\n"
        yield from (f"- {v}" for v in doc.items(getattr(position.relations, field), f"{base}.relations.{field}"))
        yield ""
    for numeral, fields in LABELLED_LISTS.items():
        yield f"### {numeral}. {_TITLES[numeral]}\n"
        for field, label in fields:
            yield f"**{label}:**\n"
            yield from (f"- {v}" for v in doc.items(resolve_path(position, field), f"{base}.{field}"))
            yield ""


def _revision_cells(doc: _Doc) -> Iterator[list[list[str]]]:
    for n, row in enumerate(doc.manual.revisions):
        path = f"revisions.{n}"
        reference = [doc.t(row.authorized_by, f"{path}.authorized_by")]
        if row.last_modified is not None:
            reference.append("Fecha de última modificación: " + doc.t(format_spanish_date(row.last_modified),
                                                                       f"{path}.last_modified"))
        reference.append("Fecha de vigencia: " + doc.t(format_spanish_date(row.in_force), f"{path}.in_force"))
        description = [doc.t(c, f"{path}.changes.{m}") for m, c in enumerate(row.changes)]
        description.append(f"{doc.escape(row.prepared_by_label)}: {doc.t(row.prepared_by, f'{path}.prepared_by')}")
        yield [reference, [f"{row.version:02d}"], description]


def to_html(manual: Manual, underline: Marks | None = None, printing: Printing | None = None) -> str:
    """The manual as one self-contained HTML page, ready to print as ``printing`` says."""
    doc = _Doc(manual, marks_of(manual) if underline is None else underline, lambda s: html.escape(s, quote=True),
               printing)
    cover = manual.cover
    body = "\n".join(_html_body(doc))
    title = html.escape(f"{cover.title} {cover.code} v{cover.version:02d}")
    css = _CSS if printing is None else (_CSS.replace("size: A4;", f"size: {_CSS_PAPERS[printing.paper]};")
                                         + _PRINTING_CSS)
    return (f"<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n"
            f"<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _html_stamp(doc: _Doc) -> str:
    """The stamp at the head of a part that starts a printed page (print shows the banner instead)."""
    return f"<div class=\"stamp stamp-page\">{doc.stamp}</div>" if doc.stamp else ""


def _ul(values: list[str], numbered: bool = False) -> str:
    tag = "ol" if numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{v}</li>" for v in values) + f"</{tag}>"


def _html_body(doc: _Doc) -> Iterator[str]:
    cover = doc.manual.cover
    if doc.stamp:
        yield f"<div class=\"stamp stamp-running\">{doc.stamp}</div>{_html_stamp(doc)}"
    yield f"<p><b>CÓDIGO: {doc.t(cover.code, 'cover.code')}</b></p>"
    yield f"<h1>{doc.t(cover.title, 'cover.title')}<br>{doc.t(cover.area, 'cover.area')}</h1>"
    reviewed = "<br>".join(doc.t(r, f"cover.reviewed_by.{n}") for n, r in enumerate(cover.reviewed_by))
    yield (f"<table class=\"cover\"><tr><th>Autorizado:</th><td>{doc.t(cover.authorized_by, 'cover.authorized_by')}"
           f"</td></tr><tr><th>Revisado:</th><td>{reviewed}</td></tr><tr><th>Responsable de Proceso:</th><td>"
           f"{doc.t(cover.process_owner, 'cover.process_owner')}</td></tr></table>")
    if cover.conformity_statement and doc.states_conformity:
        yield f"<p><i>{doc.t(cover.conformity_statement, 'cover.conformity_statement')}</i></p>"
    yield (f"<table><tr><td>Fecha de creación: {format_spanish_date(cover.created)}</td><td>Fecha de vigencia: "
           f"{format_spanish_date(cover.in_force)}</td><td>Versión: {cover.version:02d}</td></tr></table>")
    yield "<h2>ÍNDICE</h2>" + _ul([doc.t(p.title) for p in doc.manual.positions] + ["MODIFICACIONES REALIZADAS"])
    for position in doc.manual.positions:
        yield from _html_position(doc, position)
    heading = ("<h2 class=\"position\">" if doc.printing is None
               else f"<section class=\"page revisions\">{_html_stamp(doc)}<h2>")
    yield heading + "MODIFICACIONES REALIZADAS</h2><table><tr>" + "".join(
        f"<th>{h}</th>" for h in REVISION_HEADERS) + "</tr>"
    for cells in _revision_cells(doc):
        yield "<tr>" + "".join(f"<td>{'<br>'.join(cell)}</td>" for cell in cells) + "</tr>"
    yield "</table>"
    if doc.printing is not None:
        yield "</section>"
        yield f"<section class=\"page signatures\">{_html_stamp(doc)}"
        yield from html_page(signature_page(doc.printing.signatures), doc.escape)
        yield "</section>"


def _html_position(doc: _Doc, position: Position) -> Iterator[str]:
    base = f"positions.{position.id}"
    yield f"<section class=\"position\">{_html_stamp(doc)}<h2>{doc.t(position.title, f'{base}.title')}</h2>"
    yield f"<h3>I. {_TITLES['I']}</h3><table>"
    for field, label in IDENTIFICATION:
        if field == "direct_reports":
            value = f"{position.direct_reports_count}" + (_ul(doc.items(position.direct_reports,
                                                                        f"{base}.direct_reports"))
                                                          if position.direct_reports else "")
        else:
            value = doc.t(getattr(position, field), f"{base}.{field}")
        yield f"<tr><th>{label}:</th><td>{value}</td></tr>"
    yield f"</table><h3>II. {_TITLES['II']}</h3><table><tr>" + "".join(f"<th>{h}</th>" for h in KEY_FUNCTION_HEADERS)
    yield "</tr>" + "".join(
        f"<tr><td>{doc.t(f.text, f'{base}.key_functions.{n}.text')}</td><td>{f.percent}%</td>"
        f"<td>{doc.t(f.expected_result, f'{base}.key_functions.{n}.expected_result')}</td></tr>"
        for n, f in enumerate(position.key_functions)) + "</table>"
    yield f"<h3>III. {_TITLES['III']}</h3>"
    for field, word in PERIODS:
        values = getattr(position.periodic_functions, field)
        rendered = doc.items(values, f"{base}.periodic_functions.{field}")
        yield f"<p><b>{word}.</b></p>" + (_ul(rendered, numbered=True) if values else f"<p>{rendered[0]}</p>")
    yield f"<h3>IV. {_TITLES['IV']}</h3><table><tr>" + "".join(f"<th>{h}:</th>" for _, h in RELATION_HEADERS)
    yield "</tr><tr>" + "".join(f"<td>{_ul(doc.items(getattr(position.relations, f), f'{base}.relations.{f}'))}</td>"
                                for f, _ in RELATION_HEADERS) + "</tr></table>"
    for numeral, fields in LABELLED_LISTS.items():
        yield f"<h3>{numeral}. {_TITLES[numeral]}</h3>"
        for field, label in fields:
            yield f"<p><b>{label}:</b></p>" + _ul(doc.items(resolve_path(position, field), f"{base}.{field}"))
    yield "</section>"
