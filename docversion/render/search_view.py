"""The view of a search: its hits grouped by manual, then by position, each with its field, the
versions its text stands in and the text with the phrase marked (bold and reversed; without
colour between ``[[`` and ``]]``)."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from docversion.i18n import _, current, ngettext
from docversion.render.hanging import Hanging
from docversion.search.fields import hit_label, label_of
from docversion.search.hits import part_of
from docversion.search.records import SearchHit, SearchResult, SearchScope
from docversion.search.units import FIELDS

MATCH = "bold reverse"


def versions_phrase(first: int, last: int) -> str:
    """The versions a text stands in: "v5", or "v2–v5"."""
    return f"v{first}" if first == last else f"v{first}–v{last}"


def scope_phrase(scope: SearchScope) -> str:
    """Which versions were searched, in words: "the versions in force on 2014-01-01", "every published
    version", with the manual and the fields when the search was restricted to them."""
    if scope.kind == "all":
        words = _("every published version")
    else:
        day = scope.day.isoformat() if scope.day else ""
        words = (_("the versions in force today ({day})") if scope.kind == "in_force"
                 else _("the versions in force on {day}")).format(day=day)
    if scope.code:
        words += " " + _("of manual {code}").format(code=scope.code)
    if scope.fields:
        labels = [label_of(field) if current() == "es" else field for field in FIELDS if field in scope.fields]
        words += " " + ngettext("in the field {fields}", "in the fields {fields}", len(labels)).format(
            fields=", ".join(labels))
    return words


def marked_text(hit: SearchHit, is_plain: bool) -> Text:
    """The hit's text with each match marked."""
    text = Text()
    at = 0
    for start, end in hit.matches:
        text.append(hit.text[at:start])
        if is_plain:
            text.append(f"[[{hit.text[start:end]}]]")
        else:
            text.append(hit.text[start:end], style=MATCH)
        at = end
    text.append(hit.text[at:])
    return text


def _part_heading(hit: SearchHit) -> Text:
    part = part_of(hit)
    if part == "cover":
        return Text(_("Cover"), style="bold")
    if part == "revisions":
        return Text(_("Revision table"), style="bold")
    return Text.assemble((hit.position_title or "", "bold"), f" [{hit.position_id}]")


class SearchView:
    """A search's answer: a heading with the phrase, the scope and the counts, then each manual
    (code and area), each position (title and id) and its hits; a sentence when nothing matched."""

    def __init__(self, result: SearchResult) -> None:
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        result = self.result
        searched = ngettext("{n} manual searched", "{n} manuals searched", len(result.manuals)).format(
            n=len(result.manuals))
        if not result.hits:
            yield Hanging("", _("Nothing matches “{query}” in {scope}; {searched}.").format(
                query=result.query, scope=scope_phrase(result.scope), searched=searched))
            return
        codes = len({hit.code for hit in result.hits})
        yield Hanging("", Text(_("“{query}” in {scope}: {hits} in {manuals} ({searched})").format(
            query=result.query, scope=scope_phrase(result.scope), searched=searched,
            hits=ngettext("{n} hit", "{n} hits", len(result.hits)).format(n=len(result.hits)),
            manuals=ngettext("{n} manual", "{n} manuals", codes).format(n=codes)), style="bold"))
        is_plain = console.no_color or console.color_system is None
        for code, in_manual in groupby(result.hits, key=lambda hit: hit.code):
            hits = list(in_manual)
            yield Text()
            yield Hanging(Text(f"{code} · ", style="bold"), Text(hits[-1].area, style="bold"))
            for _part, in_part in groupby(hits, key=part_of):
                part = list(in_part)
                yield Hanging("  ", _part_heading(part[-1]))
                for hit in part:
                    yield Hanging("    ", f"{hit_label(hit.path)} · {versions_phrase(hit.first, hit.last)}")
                    yield Hanging("      ", marked_text(hit, is_plain))
