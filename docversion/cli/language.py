"""The command line in the user's language, and its global options anywhere on the line.

Help texts are written in English in the code (a command's docstring, an option's ``help``)
and translated when help is shown, so the language can be chosen after the commands are
defined: by ``--lang``, else ``DOCVERSION_LANG``, else the locale. Click's own texts ("Usage:",
"No such option") come from the same catalogue. ``--store``, ``--no-color`` and ``--lang`` may
be written before the command or after it, as people do.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from docversion import i18n
from docversion.i18n import _

GLOBAL_VALUED = ("--store", "--lang")
GLOBAL_FLAGS = ("--no-color",)
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils",
                  "_termui_impl", "shell_completion")


def speak_click() -> None:
    """Click's own messages through docversion's catalogue (English unless Spanish is chosen)."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def choose(context: click.Context, _param: click.Parameter, value: str | None) -> str:
    """``--lang``'s callback (eager, so it runs before help or any error is shown): the language
    for this invocation (:meth:`SpokenGroup.main` makes it English again once it is over, after
    click has shown the invocation's error, its usage and its hint in it)."""
    if value is not None and i18n.language_of(value) is None:
        raise click.BadParameter(_("docversion speaks en and es, not {value!r}").format(value=value))
    language = i18n.chosen_language(value, os.environ)
    i18n.use(language)
    return language


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the arguments, if it is there and names a language."""
    for at, word in enumerate(args):
        if word == "--":
            break
        value = word.split("=", 1)[1] if word.startswith("--lang=") else (
            args[at + 1] if word == "--lang" and at + 1 < len(args) else None)
        if value is not None and i18n.language_of(value) is not None:
            return value
    return None


def globals_first(args: Sequence[str]) -> list[str]:
    """``args`` with the global options found after the command moved before it (``diff A B
    --no-color`` is ``--no-color diff A B``); nothing after ``--`` is touched."""
    before: list[str] = []
    at = 0
    while at < len(args) and args[at].startswith("-") and args[at] != "--":
        before.append(args[at])
        if args[at] in GLOBAL_VALUED and at + 1 < len(args):
            before.append(args[at + 1])
            at += 1
        at += 1
    moved: list[str] = []
    rest: list[str] = []
    tail = list(args[at:])
    index = 0
    while index < len(tail):
        word = tail[index]
        if word == "--":
            rest += tail[index:]
            break
        if word in GLOBAL_FLAGS or (word.split("=", 1)[0] in GLOBAL_VALUED and "=" in word):
            moved.append(word)
        elif word in GLOBAL_VALUED and index + 1 < len(tail):
            moved += [word, tail[index + 1]]
            index += 1
        else:
            rest.append(word)
        index += 1
    return before + moved + rest


@contextmanager
def _translated(params: Sequence[click.Parameter]) -> Iterator[None]:
    """Each option's help in the current language while help is written."""
    saved = [(param, param.help) for param in params if isinstance(param, click.Option) and param.help]
    for param, text in saved:
        param.help = _(text) if text else text
    try:
        yield
    finally:
        for param, text in saved:
            param.help = text


def _help_of(command: click.Command) -> str:
    """The command's help as the catalogue knows it: its docstring cleaned, up to a form feed."""
    return inspect.cleandoc(command.help or "").partition("\f")[0]


class SpokenCommand(click.Command):
    """A command whose help, options' help and epilog are shown in the current language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _help_of(self)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(text))

    def get_short_help_str(self, limit: int = 45) -> str:
        saved = self.help
        self.help = _(_help_of(self)) if self.help else self.help
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = saved

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self.get_params(ctx)):
            super().format_options(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            saved = self.epilog
            self.epilog = _(saved)
            try:
                super().format_epilog(ctx, formatter)
            finally:
                self.epilog = saved


class SpokenGroup(SpokenCommand, click.Group):
    """A group of spoken commands, which also accepts the global options after the command."""

    command_class = SpokenCommand
    group_class: Any = type

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, globals_first(args) if ctx.parent is None else args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; English again afterwards, whether it ended well or not. (Click
        shows a usage error after the context has closed, so the language must outlive it.)"""
        import sys

        given = kwargs.get("args", args[0] if args else None)
        words = list(given) if given is not None else sys.argv[1:]
        i18n.use(i18n.chosen_language(_lang_in(words), os.environ))  # before --help, which is eager too
        try:
            return super().main(*args, **kwargs)
        finally:
            i18n.use("en")
