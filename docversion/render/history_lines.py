"""A manual's history as plain lines, for ``log`` when its output is not a terminal.

A script, a pipe or a file gets the same facts as the rich view in the same words and order,
one line each, never wrapped, without importing rich: a thousand versions print as fast as
git lists them. A fact of several lines (a version's reviewers, its sentences) continues under
its value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from docversion.i18n import _
from docversion.records import LogEntry, RequestHistory
from docversion.render.phrases import event_phrase, log_heading, record_facts, request_heading, sentences_heading


def history_lines(code: str, entries: Sequence[LogEntry], request: RequestHistory | None = None) -> Iterator[str]:
    """The lines of ``docversion log CODE``, newest first, as the rich view shows them."""
    yield _("History of {code}, newest first").format(code=code)
    if request is not None:
        yield from _request(request)
    for entry in entries:
        yield f"── {log_heading(entry)}"
        if entry.record is None:
            yield f"   {entry.summary.removeprefix(f'{code}: ')}"
            continue
        facts = record_facts(entry.record)
        width = max((len(label) for label, _value in facts), default=0)
        for label, value in facts:
            first, *rest = value.split("\n")
            yield f"   {label:<{width}}  {first}"
            yield from (f"   {'':<{width}}  {line}" for line in rest)
    if not entries:
        yield _("No snapshot recorded yet.")


def _request(request: RequestHistory) -> Iterator[str]:
    yield f"── {request_heading(request)}"
    yield f"   {_('Prepared by')} {request.preparer} ({request.label})"
    if request.sentences:
        yield f"   {sentences_heading(True, request.are_sentences_written)}"
        yield from (f"     {sentence}" for sentence in request.sentences)
    if request.events:
        yield "   " + _("Change control, newest first:")
        yield from (f"     {event.time.strftime('%Y-%m-%d %H:%M')}  {event_phrase(event)}" for event in request.events)
