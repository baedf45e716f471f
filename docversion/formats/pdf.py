"""PDF: the Word export, printed by LibreOffice.

docversion writes the .docx itself (:func:`docversion.formats.docx.writer.write_docx`) and lets
``soffice`` print it: LibreOffice lays the pages out and updates the document's fields on the way
(page numbers, PAGEREF), which the Word layout relies on. This is the one module of formats/ that
touches the outside world (a temporary directory and a process), where the rest of the layer
takes values and returns values: LibreOffice converts only files. So it is done here, behind one
function that takes bytes and returns bytes, with the directory removed whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docversion.errors import DocversionError, ExternalToolError, ToolNotInstalledError
from docversion.i18n import _

PROGRAMS = ("soffice", "libreoffice")  # the names LibreOffice's program is installed under
QUOTED = 2_000  # at most this many characters of soffice's output in an error


def find_soffice(soffice: str | None = None) -> str:
    """The path of LibreOffice's program: ``soffice`` (a name or a path) when given, else the
    first of soffice and libreoffice on PATH."""
    for name in (soffice,) if soffice else PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise ToolNotInstalledError(_(
        "LibreOffice is not installed: install the libreoffice-writer package (Debian/Ubuntu: apt install "
        "libreoffice-writer-nogui) or export --format docx"))


def docx_to_pdf(docx: bytes, *, soffice: str | None = None, timeout: float = 120) -> bytes:
    """The PDF LibreOffice prints from the Word document ``docx``.

    LibreOffice runs headless with a profile of its own in a fresh temporary directory, so it
    never shares or locks the user's profile (or a running LibreOffice's), and is stopped after
    ``timeout`` seconds. Raises ToolNotInstalledError when it is not installed, ExternalToolError
    naming its output when it fails, times out or writes no PDF.
    """
    program = find_soffice(soffice)
    with tempfile.TemporaryDirectory(prefix="docversion-pdf-", ignore_cleanup_errors=True) as work:
        folder = Path(work)
        source, target = folder / "manual.docx", folder / "manual.pdf"
        try:
            source.write_bytes(docx)
        except OSError as exc:
            raise DocversionError(_("cannot write {file}: {reason}").format(file=source, reason=exc.strerror)) from exc
        command = [program, "--headless", "--norestore",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        returncode, output = _run(command, timeout)
        if returncode != 0:
            raise ExternalToolError(_("LibreOffice could not convert the document to PDF ({program} exited {code}): "
                                      "{output}").format(program=program, code=returncode, output=output))
        if not target.is_file():
            raise ExternalToolError(_("LibreOffice wrote no PDF ({program}): {output}").format(
                program=program, output=output))
        return target.read_bytes()


def _run(command: list[str], timeout: float) -> tuple[int, str]:
    """Run ``command`` (an argument list, never a shell string): its exit status and its output
    (stdout then stderr), shortened. On timeout the whole process group is killed: ``soffice`` is a
    launcher whose office process would outlive it."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,  # noqa: S603
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise ExternalToolError(_("cannot run {program}: {reason}").format(
            program=command[0], reason=exc.strerror)) from exc
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # it ended between the timeout and the kill
            os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        raise ExternalToolError(_("LibreOffice did not finish converting the document to PDF within {seconds:g} s "
                                  "({program} was stopped): {output}").format(
            seconds=timeout, program=command[0], output=_quote(out, err))) from None
    return process.returncode, _quote(out, err)


def _quote(out: bytes, err: bytes) -> str:
    """What soffice printed, as one line of at most QUOTED characters ("no output" when silent)."""
    text = " ".join(b" ".join((out, err)).decode("utf-8", errors="replace").split())
    if not text:
        return _("no output")
    return text if len(text) <= QUOTED else text[:QUOTED] + "…"
