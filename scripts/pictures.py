"""The README's pictures, made by docversion itself from the bundled history, so they stay true.

    .venv/bin/python scripts/pictures.py [--out docs/pictures]

It builds a store in a temporary directory as the README does (``docversion init --bare``, then
``import --historical manuals/history-900-0935/v*.txt``) and writes:

    export-page.png     ``export 900-0935@5 --format pdf``: the cover and the first position's page
                        (pdftoppm at 80 dpi), side by side
    terminal-diff.png   ``docversion diff 900-0935 4 5`` as a colour terminal of 100 columns shows it
                        (rich's SVG of the same DiffView the command prints)

It needs LibreOffice (soffice), poppler-utils (pdftoppm, pdftotext) and a program that turns SVG
into PNG: rsvg-convert (Debian/Ubuntu: librsvg2-bin), else ImageMagick. LibreOffice Writer alone
cannot: without Draw it opens an SVG as text.
"""

from __future__ import annotations

import argparse
import base64
import io
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HISTORY = REPO / "manuals" / "history-900-0935"
CODE = "900-0935"
WIDTH = 100  # terminal columns of the diff picture
# A monospace cell's width over its height. rich places each run of text at its column assuming
# 0.61 (and says how long it is, which librsvg ignores); the font drawn is Fira Code if installed
# (0.600), else the fallback monospace, DejaVu Sans Mono (0.602): placed at 0.61, a long styled run
# ends short of the next and leaves a gap.
FONT_ASPECT = 0.602
DPI = 80  # resolution of the page pictures
MARGIN = 24  # pixels around and between the pages of the export picture

if str(REPO) not in sys.path:  # run as a file: tests/pdf_pages.py is imported from the checkout
    sys.path.insert(0, str(REPO))


class PictureError(RuntimeError):
    """A picture could not be made: a program is missing or failed (the message says which)."""


def run(command: list[str], what: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` (an argument list, never a shell string); a failure names ``what`` and its output."""
    done = subprocess.run(command, capture_output=True, timeout=300, check=False)  # noqa: S603
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace").strip()
        raise PictureError(f"{what} failed ({' '.join(command)}, exit {done.returncode}): {output}")
    return done


def program(name: str, package: str) -> str:
    """The path of ``name`` on PATH, or an error naming the package that installs it."""
    found = shutil.which(name)
    if found is None:
        raise PictureError(f"{name} is not installed: install {package}")
    return found


def docversion(*args: str) -> None:
    """``docversion ARGS`` in a process of its own, with this Python (the project's virtualenv)."""
    run([sys.executable, "-m", "docversion", "--lang", "en", *args], f"docversion {args[0]}")


def build_store(folder: Path) -> Path:
    """A store in ``folder`` holding versions 1 to 5 of 900-0935, made as the README makes it."""
    store = folder / "example.git"
    docversion("init", "--bare", str(store))
    docversion("--store", str(store), "import", "--historical", *map(str, sorted(HISTORY.glob("v*.txt"))))
    return store


def export_page(store: Path, target: Path) -> Path:
    """``target``: the PDF export of 900-0935 v5, its cover and its first position's page side by side."""
    from tests.pdf_pages import pages_with, pdf_pages

    with tempfile.TemporaryDirectory(prefix="pictures-") as work:
        folder = Path(work)
        pdf = folder / "manual.pdf"
        docversion("--store", str(store), "export", f"{CODE}@5", "--format", "pdf", "-o", str(pdf))
        pages = pdf_pages(pdf.read_bytes())
        cover, position = (_first(pages_with(pages, text), text)
                           for text in ("MANUAL DE DESCRIPCIÓN DE PUESTOS", "PUESTO FUNCIONAL"))
        pictures = [_page_png(pdf, number, folder / f"page-{number}") for number in (cover, position)]
    svg_to_png(side_by_side(pictures), target)
    return target


def _first(numbers: list[int], text: str) -> int:
    if not numbers:
        raise PictureError(f"no page of the export holds {text!r}")
    return numbers[0]


def _page_png(pdf: Path, number: int, prefix: Path) -> bytes:
    """Page ``number`` of ``pdf`` as a PNG, drawn by pdftoppm."""
    pdftoppm = program("pdftoppm", "poppler-utils")
    run([pdftoppm, "-png", "-r", str(DPI), "-f", str(number), "-l", str(number), "-singlefile", str(pdf),
         str(prefix)], "pdftoppm")
    return prefix.with_suffix(".png").read_bytes()


def png_size(png: bytes) -> tuple[int, int]:
    """The width and height of a PNG, from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise PictureError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def side_by_side(pictures: list[bytes]) -> str:
    """An SVG that lays PNG pages left to right on a grey ground, each with a thin edge and a shadow."""
    sizes = [png_size(picture) for picture in pictures]
    width = MARGIN + sum(w + MARGIN for w, _ in sizes)
    height = 2 * MARGIN + max(h for _, h in sizes)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">', f'<rect width="{width}" height="{height}" fill="#d9dce1"/>']
    x = MARGIN
    for picture, (w, h) in zip(pictures, sizes, strict=True):
        data = base64.b64encode(picture).decode("ascii")
        parts += [f'<rect x="{x + 4}" y="{MARGIN + 4}" width="{w}" height="{h}" fill="#9aa0a8"/>',
                  f'<image x="{x}" y="{MARGIN}" width="{w}" height="{h}" href="data:image/png;base64,{data}"/>',
                  f'<rect x="{x}" y="{MARGIN}" width="{w}" height="{h}" fill="none" stroke="#80868f"/>']
        x += w + MARGIN
    return "\n".join([*parts, "</svg>"])


def terminal_diff(store: Path, target: Path) -> Path:
    """``target``: ``docversion diff 900-0935 4 5`` in colour at 100 columns, as the command prints it."""
    from rich.console import Console

    from docversion.diff.engine import diff
    from docversion.i18n import _
    from docversion.render.diff_view import DiffView
    from docversion.store import Store

    opened = Store.open(str(store))
    changeset = diff(opened.load(CODE, "4"), opened.load(CODE, "5"))
    view = DiffView(changeset, title=f"{CODE} 4 -> 5", is_showing_all=False, hidden_hint=_("--all shows them"))
    console = Console(record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=io.StringIO(),
                      soft_wrap=False, highlight=False)
    console.print(view)
    svg = console.export_svg(title=f"docversion diff {CODE} 4 5", font_aspect_ratio=FONT_ASPECT)
    # rich spaces its text with no-break spaces, which SVG drops at the start of a run unless told
    # to keep them: without this a styled word's leading space is lost ("Soportede Servicios").
    svg_to_png(svg.replace("<svg ", '<svg xml:space="preserve" ', 1), target)
    return target


def svg_to_png(svg: str, target: Path) -> None:
    """Draw ``svg`` into the PNG ``target`` with rsvg-convert, else ImageMagick."""
    with tempfile.TemporaryDirectory(prefix="pictures-") as work:
        source = Path(work) / "picture.svg"
        source.write_text(svg, encoding="utf-8")
        rsvg, magick = shutil.which("rsvg-convert"), _imagemagick()
        if rsvg is not None:
            run([rsvg, "--format", "png", "--output", str(target), str(source)], "rsvg-convert")
        elif magick is not None:
            run([magick, str(source), str(target)], "ImageMagick")
        else:
            raise PictureError("nothing here turns SVG into PNG: install librsvg2-bin (rsvg-convert) or ImageMagick")


def _imagemagick() -> str | None:
    """ImageMagick's program, if installed (a ``convert`` that is not ImageMagick's does not count)."""
    for name in ("magick", "convert"):
        found = shutil.which(name)
        if found is not None:
            done = subprocess.run([found, "-version"], capture_output=True, timeout=30, check=False)  # noqa: S603
            if done.returncode == 0 and done.stdout.startswith(b"Version: ImageMagick"):
                return found
    return None


def make_pictures(out: Path) -> list[Path]:
    """Both pictures in ``out`` (made if missing), from a store built for them and then removed."""
    program("soffice", "libreoffice-writer-nogui")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pictures-store-") as work:
        store = build_store(Path(work))
        return [export_page(store, out / "export-page.png"), terminal_diff(store, out / "terminal-diff.png")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the README's pictures from the bundled history.")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "pictures",
                        help="where to write the PNG files (default: docs/pictures)")
    options = parser.parse_args(argv)
    try:
        written = make_pictures(options.out)
    except PictureError as error:
        print(f"pictures: {error}", file=sys.stderr)
        return 1
    for path in written:
        width, height = png_size(path.read_bytes())
        print(f"wrote {path} ({width} x {height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
