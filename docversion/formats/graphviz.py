"""SVG from DOT: the organisation chart drawn by Graphviz's ``dot``.

docversion writes the chart's DOT itself (:func:`docversion.render.org_chart.dot_source`) and
lets ``dot`` lay it out. Like :mod:`docversion.formats.pdf`, this module touches the outside
world (one process, given an argument list, never a shell string, and stopped after a timeout)
behind one function that takes text and returns text.
"""

from __future__ import annotations

import shutil
import subprocess

from docversion.errors import ExternalToolError, ToolNotInstalledError
from docversion.i18n import _

PROGRAM = "dot"
QUOTED = 2_000  # at most this many characters of dot's messages in an error


def find_dot(dot: str | None = None) -> str | None:
    """The path of Graphviz's ``dot`` (``dot`` a name or a path, else ``dot`` on PATH), None when
    it is not installed."""
    return shutil.which(dot or PROGRAM)


def dot_to_svg(source: str, *, dot: str | None = None, timeout: float = 60) -> str:
    """The SVG ``dot -Tsvg`` draws from the DOT text ``source``.

    Raises ToolNotInstalledError when Graphviz is not installed, ExternalToolError naming what
    dot said when it fails or does not finish within ``timeout`` seconds.
    """
    program = find_dot(dot)
    if program is None:
        raise ToolNotInstalledError(_(
            "Graphviz is not installed (no 'dot' program on PATH), so the chart cannot be drawn as SVG: install "
            "the graphviz package (Debian/Ubuntu: apt install graphviz), or choose --format mermaid, dot, html or "
            "text"))
    try:
        done = subprocess.run([program, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,  # noqa: S603
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExternalToolError(_("Graphviz did not draw the chart within {seconds:g} s ({program} was "
                                  "stopped)").format(seconds=timeout, program=program)) from exc
    except OSError as exc:
        raise ExternalToolError(_("cannot run {program}: {reason}").format(
            program=program, reason=exc.strerror)) from exc
    if done.returncode != 0 or not done.stdout.strip():
        said = " ".join(done.stderr.decode("utf-8", errors="replace").split())[:QUOTED] or _("no output")
        raise ExternalToolError(_("Graphviz could not draw the chart ({program} exited {code}): {output}").format(
            program=program, code=done.returncode, output=said))
    return done.stdout.decode("utf-8", errors="replace")
