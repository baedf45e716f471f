"""The Spanish catalogue: extracted from the code with Babel, merged, compiled.

    .venv/bin/python -m tests.catalogue update    # new messages into docversion.po (untranslated)
    .venv/bin/python -m tests.catalogue compile   # docversion.po -> docversion.mo (shipped)
    .venv/bin/python -m tests.catalogue missing   # messages with no Spanish yet
    .venv/bin/python -m tests.catalogue merge F.po…  # take the Spanish of fragment catalogues

The messages are docversion's own (``_``, ``N_``, ``ngettext``), the help of each command (its
docstring, as ``SpokenCommand`` shows it) and click's (its usage, help and error texts, which the
command line shows in the user's language too).
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

import docversion
from docversion.i18n import DOMAIN

PACKAGE = Path(docversion.__file__).parent
PO = PACKAGE / "locale" / "es" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}
CLICK_MODULES = ("core.py", "decorators.py", "exceptions.py", "formatting.py", "parser.py", "types.py",
                 "termui.py", "utils.py", "_termui_impl.py", "shell_completion.py")


def extracted() -> Catalog:
    """Every message of docversion and of click's modules the command line shows."""
    catalog = Catalog(locale="es", domain=DOMAIN, project="docversion")
    for directory, keep in ((PACKAGE, lambda name: True), (Path(click.__file__).parent,
                                                            lambda name: name in CLICK_MODULES)):
        for filename, lineno, message, comments, context in extract_from_dir(
                directory, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            if keep(Path(filename).name):
                catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for lineno, text in command_helps(path):
            catalog.add(text, None, [(str(path.relative_to(PACKAGE)), lineno)])
    return catalog


def _is_command(decorator: ast.expr) -> bool:
    """``@cli.command(...)``, ``@trust.group(...)``, ``@click.group(...)``: a call of a ``command`` or ``group``."""
    return (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ("command", "group"))


def command_helps(path: Path) -> Iterator[tuple[int, str]]:
    """(line, help) of each click command or group defined in ``path``: its docstring cleaned, up to a
    form feed, exactly as ``SpokenCommand`` looks it up in the catalogue (``docversion/cli/language.py``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(map(_is_command, node.decorator_list)):
            text = inspect.cleandoc(ast.get_docstring(node, clean=False) or "").partition("\f")[0]
            if text:
                yield node.lineno, text


def read() -> Catalog:
    """The Spanish catalogue as it stands."""
    with PO.open("rb") as handle:
        return read_po(handle, locale="es", domain=DOMAIN)


def update() -> int:
    """Merge the messages of the code into the catalogue: new ones untranslated, gone ones dropped."""
    template = extracted()
    catalog = read() if PO.exists() else Catalog(locale="es", domain=DOMAIN, project="docversion")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return len(missing(catalog))


def compiled(catalog: Catalog) -> bytes:
    """The ``.mo`` the catalogue compiles to."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_mo() -> None:
    MO.write_bytes(compiled(read()))


def missing(catalog: Catalog) -> list[str]:
    """The messages with no Spanish, or only a fuzzy guess."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            found.append(message.id if isinstance(message.id, str) else message.id[0])
    return found


def merge(fragments: list[Path]) -> int:
    """Fill the catalogue's untranslated messages from fragment catalogues; returns how many."""
    catalog = read()
    taken = 0
    for fragment in fragments:
        with fragment.open("rb") as handle:
            found = read_po(handle, locale="es", domain=DOMAIN)
        for message in found:
            if not message.id or not message.string:
                continue
            ours = catalog.get(message.id, context=message.context)
            if ours is not None and not (ours.string if isinstance(ours.string, str) else all(ours.string)):
                ours.string = message.string
                ours.flags.discard("fuzzy")
                taken += 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return taken


def main(argv: list[str]) -> None:
    action = argv[0] if argv else "missing"
    if action == "update":
        print(f"{update()} messages still need Spanish")
    elif action == "merge":
        print(f"took {merge([Path(name) for name in argv[1:]])} translations")
    elif action == "compile":
        compile_mo()
        print(f"compiled {MO}")
    else:
        for message in missing(read()):
            print(message)


if __name__ == "__main__":
    main(sys.argv[1:])
