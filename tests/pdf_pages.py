"""What a PDF says, page by page: the text poppler's ``pdftotext -layout`` reads from each page.

The layout tests ask which page holds a heading, a position's title or a revision row; this
reads them as a reader of the printed manual would, from the PDF LibreOffice made, not from
the .docx it was made from.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PDFTOTEXT = shutil.which("pdftotext")  # poppler-utils


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of ``pdf``, in order (pdftotext separates pages with a form feed)."""
    if PDFTOTEXT is None:
        raise RuntimeError("pdftotext is not installed: install poppler-utils")
    with tempfile.TemporaryDirectory(prefix="pdf-pages-") as work:
        source = Path(work) / "document.pdf"
        source.write_bytes(pdf)
        done = subprocess.run([PDFTOTEXT, "-layout", "-enc", "UTF-8", str(source), "-"], capture_output=True,
                              timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pdftotext failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages  # the last page ends with one too


def flattened(text: str) -> str:
    """``text`` with every run of spaces and line breaks made one space: a title that a table cell
    wraps onto two lines, or that the layout pads with spaces, reads as written."""
    return " ".join(text.split())


def pages_with(pages: list[str], text: str) -> list[int]:
    """The numbers (from 1) of the pages that hold ``text``, spaces and line breaks aside."""
    wanted = flattened(text)
    return [number for number, page in enumerate(pages, start=1) if wanted in flattened(page)]

