"""The command line's shared parts: the group, its options, JSON output and error handling.

Exit codes: 0 ok; 1 error; 2 usage; 3 conflict; 4 verification failed; 5 invalid input.
With ``--json`` a command prints exactly one JSON document on stdout (with ``schema_version``)
and keeps human messages on stderr.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from docversion import __version__
from docversion.cli.language import SpokenGroup, choose, speak_click
from docversion.errors import DocversionError, InvalidInputError
from docversion.i18n import N_, _

if TYPE_CHECKING:
    from docversion.store import Store

speak_click()
SCHEMA_VERSION = 1
F = TypeVar("F", bound=Callable[..., Any])

# Every command's epilog, translated when help is shown (docversion/cli/language.py).
EXIT_CODES_HELP = N_("""\b
Exit codes: 0 ok, 1 error, 2 usage, 3 conflict with another writer,
4 verification failed, 5 invalid input.""")


def emit_json(payload: dict[str, Any]) -> None:
    """Print the one JSON document of a command."""
    import json

    click.echo(json.dumps({"schema_version": SCHEMA_VERSION, **payload}, ensure_ascii=False, indent=2))


def _error_payload(error: DocversionError) -> dict[str, Any]:
    details: dict[str, Any] = {"type": type(error).__name__, "message": str(error),
                               "exit_code": error.exit_code}
    if isinstance(error, InvalidInputError):
        details.update(source=error.source, line=error.line, field=error.field, hint=error.hint)
    return {"ok": False, "error": details}


def reports_errors(command: F) -> F:
    """Turn a DocversionError into its message on stderr (and JSON on stdout) and exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocversionError as error:
            if kwargs.get("as_json"):
                emit_json(_error_payload(error))
            click.echo(_("error: {error}").format(error=error), err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def warn(warnings: tuple[Any, ...]) -> None:
    """Print a lenient read's warnings on stderr."""
    for warning in warnings:
        click.echo(_("warning: {warning}").format(warning=warning), err=True)


@dataclass
class StoreContext:
    """The group's context object: where the store is (opened on first use), and how to print."""

    path: Path | None
    is_no_color: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        """The store named by --store, $DOCVERSION_STORE, or the repository around the current directory."""
        if self._store is None:
            from docversion.store import Store

            self._store = Store.open(self.path or Path.cwd())
        return self._store


pass_context = click.make_pass_decorator(StoreContext, ensure=True)
json_option = click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON document on stdout."))
lenient_option = click.option(
    "--lenient", is_flag=True,
    help=N_("Keep going past text that has no place in the model, reporting it as warnings."))
accept_changes_option = click.option(
    "--accept-changes", "accept_changes", is_flag=True,
    help=N_("Read a Word document with tracked changes as if every change were accepted (without it, "
            "such a document is refused, naming the first change)."))
document_argument = click.argument("document", type=click.Path(path_type=Path))


# The order of the work: record, compare, change control, read, share, look after the store.
COMMAND_ORDER = ("init", "import", "list", "log", "history", "blame", "show", "diff", "lint", "propose", "sentences",
                 "submit", "review", "authorize", "publish", "withdraw", "status", "verify", "table", "signoffs",
                 "due", "reviewed", "org", "export", "search", "push", "pull", "doctor", "trust", "policy", "keys",
                 "convert", "validate", "schema")


# Where each command is defined: a command's module is imported only when the command runs (or
# help lists them all), so `--version`, completion and each command start with little imported.
COMMAND_MODULES = {
    "init": "store", "import": "store", "list": "store", "log": "store", "show": "store", "diff": "store",
    "export": "export", "lint": "lint", "propose": "workflow", "sentences": "workflow", "submit": "workflow",
    "review": "workflow", "authorize": "workflow", "publish": "workflow", "withdraw": "workflow",
    "status": "workflow", "verify": "workflow", "table": "workflow", "signoffs": "workflow", "push": "remote",
    "pull": "remote", "doctor": "remote", "trust": "trust", "policy": "trust", "keys": "trust",
    "convert": "files", "validate": "files", "schema": "files", "due": "review", "reviewed": "review",
    "history": "lineage", "blame": "lineage", "org": "org", "search": "search",
}


class WorkOrderGroup(SpokenGroup):
    """A group whose help lists commands in the order of the work, not alphabetically, and whose
    commands' modules are imported when first needed."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(f"docversion.cli.{COMMAND_MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib

        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(f"docversion.cli.{module}")
        names = super().list_commands(ctx)
        return [n for n in COMMAND_ORDER if n in names] + [n for n in names if n not in COMMAND_ORDER]


@click.group(cls=WorkOrderGroup, epilog=EXIT_CODES_HELP)
@click.version_option(version=__version__, prog_name="docversion")  # no importlib.metadata at start-up
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="DOCVERSION_STORE",
              help=N_("The store (a git repository). Default: $DOCVERSION_STORE, else the repository "
                      "around the current directory."))
@click.option("--no-color", is_flag=True,
              help=N_("No colours or styles: changes read [-deleted-]{+inserted+}."))
@click.option("--lang", "language", is_eager=True, expose_value=False, callback=choose, metavar="en|es",
              help=N_("The language of messages and help: en or es. Default: $DOCVERSION_LANG, else the "
                      "locale ($LC_ALL, $LC_MESSAGES, $LANG: es_* is Spanish), else English."))
@click.pass_context
def cli(context: click.Context, store_path: Path | None, no_color: bool) -> None:
    """Keep job-description manuals under formal change control."""
    context.obj = StoreContext(store_path, is_no_color=no_color)


html_option = click.option("--html", "html", type=click.Path(path_type=Path, dir_okay=False),
                           help=N_("Write the view to this file as one self-contained HTML page instead."))


def show_view(context: StoreContext, view: Any, html: Path | None = None) -> None:
    """Print a rich view: to an HTML file, through a pager when long and interactive, or as it is."""
    import io
    import os

    from rich.console import Console

    if html is not None:
        recorder = Console(file=io.StringIO(), record=True, width=120, force_terminal=True,
                           color_system="truecolor", soft_wrap=False)
        recorder.print(view)
        try:
            html.write_text(recorder.export_html(inline_styles=True), encoding="utf-8")
        except OSError as exc:
            raise DocversionError(_("cannot write {file}: {reason}").format(file=html, reason=exc.strerror)) from exc
        click.echo(_("wrote {file}").format(file=html), err=True)
        return
    is_plain = context.is_no_color or bool(os.environ.get("NO_COLOR"))
    options: dict[str, Any] = {"color_system": None} if is_plain else {}
    console = Console(soft_wrap=False, highlight=False, **options)
    if console.is_terminal and len(console.render_lines(view, pad=False)) > console.height:
        os.environ.setdefault("LESS", "FRX")
        with console.pager(styles=not is_plain):
            console.print(view)
        return
    console.print(view)


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Callable[[str], None]]:
    """A progress bar (or spinner, without ``total``) on stderr while the work runs.

    Yields ``advance(label)``. Shown only when stderr is a terminal, and gone when done, so
    scripts and --json output never see it.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda label: None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(label: str) -> None:
            bar.update(task, advance=1, description=f"{description} {label}")

        yield advance
