"""The search command: a phrase in every manual's published versions, without regard to case or accents."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    cli,
    emit_json,
    html_option,
    json_option,
    pass_context,
    reports_errors,
    show_view,
)
from docversion.cli.completion import complete_code
from docversion.cli.params import DAY
from docversion.errors import InvalidInputError
from docversion.i18n import N_, _

if TYPE_CHECKING:
    from docversion.search.records import SearchResult


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("text")
@click.option("--code", metavar="CODE", shell_complete=complete_code,
              help=N_("Search this manual only (its code as stored or as printed, such as 900 0935)."))
@click.option("--as-of", "as_of", type=DAY,
              help=N_("Search the version of each manual in force on this day (2018-01-02, 02/01/2018 or '02 de "
                      "enero de 2018'). Default: today."))
@click.option("--all-versions", "all_versions", is_flag=True,
              help=N_("Search every published version: a text that stands in several is one hit, from the first "
                      "version to the last."))
@click.option("--field", "field", metavar="FIELD",
              help=N_("Search one field (or group or section) only, by its label in the document (Semanal, FUNCIONES "
                      "CLAVES, REPORTA A) or its name (periodic_functions.weekly, key_functions, reports_to)."))
@html_option
@json_option
@pass_context
@reports_errors
def search(context: StoreContext, text: str, code: str | None, as_of: date | None, all_versions: bool,
           field: str | None, html: Path | None, as_json: bool) -> None:
    """Find TEXT in the manuals: its words in order, without regard to case or accents ("gestion de
    tramites" finds "Gestión de Trámites"), by default in the version of each manual in force today.

    Each hit names the manual, the position, the field by its label and the versions the text
    stands in unchanged ("v2–v5", the position followed by its id), and shows the text with the
    phrase marked. Drafts are not searched. The index it reads (docversion-search.sqlite in the git
    directory) is derived from the store, brought up to date by each search and never pushed.
    """
    from docversion.search.fields import resolve_field
    from docversion.search.phrase import Phrase
    from docversion.store.searching import search as search_store

    try:
        Phrase.of(text)
    except InvalidInputError as error:
        raise click.UsageError(f"{error.message}; {error.hint}") from error
    if as_of is not None and all_versions:
        raise click.UsageError(_("give either --as-of or --all-versions, not both"))
    fields: frozenset[str] = frozenset()
    if field is not None:
        try:
            fields = resolve_field(field)
        except InvalidInputError as error:
            raise click.BadParameter(f"{error.message}; {error.hint}", param_hint="--field") from error
    store = context.store()
    found = search_store(store, text, today=date.today(), code=store.known_code(code) if code else None, as_of=as_of,
                         is_all_versions=all_versions, fields=fields)
    if as_json:
        emit_json(search_json(found))
        return
    from docversion.render.search_view import SearchView

    show_view(context, SearchView(found), html)


def search_json(result: SearchResult) -> dict[str, Any]:
    """The --json document of a search (``docversion schema --for search``)."""
    from docversion.search.fields import hit_label

    scope = result.scope
    return {
        "query": result.query, "words": list(result.words),
        "scope": {"versions": scope.kind, "day": scope.day.isoformat() if scope.day else None, "code": scope.code,
                  "fields": list(scope.fields) or None},
        "index": result.index,
        "manuals": [{"code": manual.code, "versions": list(manual.versions)} for manual in result.manuals],
        "hits": [{"code": hit.code, "area": hit.area, "position_id": hit.position_id,
                  "position_title": hit.position_title, "field": hit.path, "label": hit_label(hit.path),
                  "version": hit.version, "commit": hit.commit, "versions": {"from": hit.first, "to": hit.last},
                  "text": hit.text, "matches": [{"start": start, "end": end} for start, end in hit.matches]}
                 for hit in result.hits],
    }
