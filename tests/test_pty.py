"""End to end in a real pseudo-terminal: what a person running ``docversion diff`` sees.

The store is the README's example, built by the command line itself in subprocesses (``init
--bare``, then ``import --historical`` of the illustrative history v1 to v5); ``diff 900-0935 4
5`` then runs under pexpect in a 120 x 200 terminal, in colour and with colour turned off.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import HISTORY

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SGR = re.compile(r"\x1b\[([0-9;]*)m")
RENAME_SENTENCE = ("Renombramiento del puesto Auxiliar de Servicios en Línea por Asistente de Soporte de "
                   "Servicios en Línea.")


def docversion(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docversion", *args], capture_output=True, text=True,
                          env=terminal_env(), timeout=120)


def terminal_env(**extra: str) -> dict[str, str]:
    """The environment of a person's terminal: 120 columns, 200 lines, a pager that prints."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "DOCVERSION_STORE")}
    env.update(COLUMNS="120", LINES="200", TERM="xterm-256color", PAGER="cat", **extra)
    return env


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's example store: the history of 900 0935, versions 1 to 5, imported."""
    store = tmp_path_factory.mktemp("pty") / "example.git"
    assert docversion("init", "--bare", str(store)).returncode == 0
    done = docversion("--store", str(store), "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))
    assert done.returncode == 0, done.stderr
    return store


def in_terminal(*args: str, **env: str) -> str:
    """Run docversion in a pseudo-terminal until it exits; what the terminal received (no CRs)."""
    child = pexpect.spawn(sys.executable, ["-m", "docversion", *args], env=terminal_env(**env),
                          dimensions=(200, 120), encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    output = child.before
    assert isinstance(output, str)
    return output.replace("\r\n", "\n")


def readable(output: str) -> str:
    """The text a person reads: escape codes removed, white space runs made single."""
    return " ".join(ANSI.sub("", output).split())


class TestDiffInATerminal:
    """diff 900-0935 4 5 in a terminal: the counted header, the rename, the sentence, in colour."""

    def test_colour(self, example: Path) -> None:
        output = in_terminal("--store", str(example), "diff", "900-0935", "4", "5")
        text = readable(output)
        assert re.search(r"^900-0935 4 -> 5: \d+ cover and table changes, 13 items edited, .*13 items added", text)
        assert "Renamed everywhere" not in text, "a rename followed in one other place is told on its own line"
        assert "(4 cosmetic or revision-mark changes hidden; --all shows them)" in text
        assert RENAME_SENTENCE in text
        assert "[-" not in output and "{+" not in output, "a terminal shows colour, not textual markers"
        rename = next(line for line in output.splitlines() if "Renamed:" in line)
        assert re.search(r"Renamed: \x1b\[(?:\d+;)*9(?:;\d+)*mAuxiliar\x1b\[0m \x1b\[(?:\d+;)*4(?:;\d+)*m"
                         r"Asistente de Soporte\x1b\[0m de Servicios en Línea", rename), repr(rename)
        codes = {code for group in SGR.findall(output) for code in group.split(";")}
        assert {"9", "31", "4", "32"} <= codes, "struck red deletions, underlined green insertions"

    def test_the_sentence_is_one_line(self, example: Path) -> None:
        lines = [ANSI.sub("", line).strip() for line in in_terminal("--store", str(example), "diff", "900-0935", "4",
                                                                     "5").splitlines()]
        assert RENAME_SENTENCE in lines
        assert any(line.startswith("* Renamed: Auxiliar Asistente de Soporte de Servicios en Línea") for line in lines), \
            "where strikethrough does not show, the deleted and inserted words still read apart"


@pytest.fixture(scope="module", params=["--no-color", "NO_COLOR"])
def without_colour(request: pytest.FixtureRequest, example: Path) -> str:
    """diff 4 5 in a terminal with colour turned off by the option or by the NO_COLOR variable."""
    if request.param == "--no-color":
        return in_terminal("--no-color", "--store", str(example), "diff", "900-0935", "4", "5")
    return in_terminal("--store", str(example), "diff", "900-0935", "4", "5", NO_COLOR="1")


class TestDiffWithoutColour:
    """With colour off, edits read [-deleted-] {+inserted+} and nothing else changes."""

    def test_textual_markers(self, without_colour: str) -> None:
        text = readable(without_colour)
        assert "Renamed: [-Auxiliar-] {+Asistente de Soporte+} de Servicios en Línea" in text
        assert "Elaborar el plan de trabajo [-anual-] {+y el presupuesto+} del área." in text
        assert RENAME_SENTENCE in text

    def test_no_escape_codes(self, without_colour: str) -> None:
        """README: with --no-color (or NO_COLOR set) no escape codes are written, not even bold."""
        assert "\x1b[" not in without_colour, sorted(set(SGR.findall(without_colour)))


def test_piped_output_is_plain(example: Path) -> None:
    """Without a terminal (a pipe), the same diff has markers and no escape codes."""
    done = docversion("--store", str(example), "diff", "900-0935", "4", "5")
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    assert "[-Auxiliar-] {+Asistente de Soporte+}" in done.stdout
