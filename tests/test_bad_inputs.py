"""Bad inputs: every one is refused with the right error, naming the place, exit 5, nothing written.

Each case builds one bad document in ``tmp_path`` from the seed (the text format) or from the
seed's canonical directory, and says what a correct refusal looks like: the most specific
:class:`~docversion.errors.InvalidInputError` subclass, the file it must name, and the exact
line (computed from the edit) or the model field at fault.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docversion.cli import cli
from docversion.errors import (
    CanonicalFormError,
    DocumentStructureError,
    EncodingError,
    InvalidInputError,
    ModelValidationError,
    UnsupportedFormatError,
)
from docversion.files import read_document, write_manual_dir
from docversion.model import Manual

MANUAL_DIR = "900-0935"
JEFE = "positions/jefe-area-de-servicios-en-linea.yaml"
PROMOTOR = "positions/promotor-de-servicios-en-linea.yaml"
ASISTENTE = "positions/asistente-de-soporte-de-servicios-en-linea.yaml"


@dataclass(frozen=True)
class Bad:
    """A bad input on disk and what a correct refusal of it says."""

    path: Path
    error: type[InvalidInputError]
    name: str
    """The file (or directory) name the error must name."""
    line: int | None = None
    """The exact 1-based line at fault, or None where no line is knowable."""
    field: str | None = None
    """The model field at fault (the end of the dotted path), or None when not checked."""


Builder = Callable[[Path, str, Manual], Bad]
CASES: list[Builder] = []


def case(builder: Builder) -> Builder:
    """Register a bad-input builder in the table every test runs over."""
    CASES.append(builder)
    return builder


# ---------------------------------------------------------------------------------------------
# Helpers to edit the seed's text by lines (line numbers are 1-based, as errors report them).


def line_of(lines: list[str], start: str, after: int = 1) -> int:
    """The number of the first line at or after line ``after`` that starts with ``start``."""
    for number in range(after, len(lines) + 1):
        if lines[number - 1].startswith(start):
            return number
    raise AssertionError(f"no line starts with {start!r} after line {after}")


def line_containing(lines: list[str], needle: str, after: int = 1) -> int:
    """The number of the first line at or after line ``after`` that contains ``needle``."""
    for number in range(after, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    raise AssertionError(f"no line holds {needle!r} after line {after}")


def position_starts(lines: list[str]) -> list[int]:
    """The lines of the three ``I. IDENTIFICACIÓN`` headings."""
    return [n for n in range(1, len(lines) + 1) if lines[n - 1].startswith("I. IDENTIFICACIÓN")]


def write_text(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def canonical_dir(tmp_path: Path, manual: Manual) -> Path:
    directory = tmp_path / MANUAL_DIR
    write_manual_dir(manual, directory)
    return directory


def edit_file(path: Path, old: str, new: str) -> int:
    """Replace the one line equal to ``old`` with ``new``; return that line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(old) + 1
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


# ---------------------------------------------------------------------------------------------
# The seed's text format.


@case
def truncated_in_second_position(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    cut = line_of(lines, "- Media, de acuerdo", after=position_starts(lines)[1])
    kept = [*lines[: cut - 1], lines[cut - 1][:20]]
    return Bad(write_text(tmp_path, "truncated.txt", kept), DocumentStructureError, "truncated.txt",
               line=cut)


@case
def missing_section_iii(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    first = position_starts(lines)[0]
    start = line_of(lines, "III. FUNCIONES PERIÓDICAS", after=first)
    end = line_of(lines, "IV. RELACIONES DEL PUESTO", after=start)
    kept = lines[: start - 1] + lines[end - 1 :]
    # The IV heading now stands where III stood.
    return Bad(write_text(tmp_path, "no-section-iii.txt", kept), DocumentStructureError,
               "no-section-iii.txt", line=start)


@case
def unknown_section_viii(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    second = position_starts(lines)[1]
    kept = [*lines[: second - 1], "VIII. OTROS", "", "- Sin otros datos.", "", *lines[second - 1 :]]
    return Bad(write_text(tmp_path, "section-viii.txt", kept), DocumentStructureError,
               "section-viii.txt", line=second)


@case
def sections_iv_and_v_swapped(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    first = position_starts(lines)[0]
    iv = line_of(lines, "IV. RELACIONES DEL PUESTO", after=first)
    v = line_of(lines, "V. RESPONSABILIDADES", after=iv)
    vi = line_of(lines, "VI. PERFIL REQUERIDO", after=v)
    kept = lines[: iv - 1] + lines[v - 1 : vi - 1] + lines[iv - 1 : v - 1] + lines[vi - 1 :]
    # Section V's heading now stands where IV's stood.
    return Bad(write_text(tmp_path, "swapped.txt", kept), DocumentStructureError, "swapped.txt", line=iv)


@case
def percentage_over_100(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_containing(lines, ">60%<")
    lines[number - 1] = lines[number - 1].replace(">60%<", ">150%<")
    return Bad(write_text(tmp_path, "percent-150.txt", lines), ModelValidationError, "percent-150.txt",
               line=number, field="key_functions.0.percent")


@case
def percentages_sum_over_100(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_containing(lines, "<p>30%</p> <p>30%</p> <p>20%</p>")
    lines[number - 1] = lines[number - 1].replace("<p>30%</p> <p>30%</p>", "<p>60%</p> <p>30%</p>")
    # 60 + 30 + 20 = 110, all on the Jefe's FUNCIONES CLAVES row.
    return Bad(write_text(tmp_path, "percent-sum.txt", lines), ModelValidationError, "percent-sum.txt",
               line=number)


@case
def empty_file(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    return Bad(write_bytes(tmp_path, "empty.txt", b""), DocumentStructureError, "empty.txt")


@case
def only_whitespace(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    return Bad(write_bytes(tmp_path, "blank.txt", b" \n\t\n\r\n   \n"), DocumentStructureError, "blank.txt")


@case
def binary_png_bytes(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06" + bytes(range(256))
    nul_line = data[: data.index(b"\x00")].count(b"\n") + 1
    return Bad(write_bytes(tmp_path, "picture.txt", data), EncodingError, "picture.txt", line=nul_line)


@case
def latin1_encoded(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    first_non_ascii = next(n for n in range(1, len(lines) + 1) if not lines[n - 1].isascii())
    return Bad(write_bytes(tmp_path, "cp1252.txt", seed.encode("cp1252")), EncodingError, "cp1252.txt",
               line=first_non_ascii)


@case
def utf16_encoded(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    return Bad(write_bytes(tmp_path, "utf16.txt", seed.encode("utf-16")), EncodingError, "utf16.txt", line=1)


@case
def ten_megabytes(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    data = seed.encode("utf-8") + b"\n"
    data += b"-" * (10 * 1024 * 1024 - len(data))
    return Bad(write_bytes(tmp_path, "huge.txt", data), UnsupportedFormatError, "huge.txt")


@case
def control_character_mid_line(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_of(lines, "BREVE DESCRIPCIÓN GENERAL")
    middle = len(lines[number - 1]) // 2
    lines[number - 1] = lines[number - 1][:middle] + "\x07" + lines[number - 1][middle:]
    return Bad(write_text(tmp_path, "bell.txt", lines), EncodingError, "bell.txt", line=number)


@case
def impossible_date(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_containing(lines, "Fecha de vigencia: 02 de enero de 2018")
    lines[number - 1] = lines[number - 1].replace("02 de enero de 2018", "31 de febrero de 2018")
    return Bad(write_text(tmp_path, "feb-31.txt", lines), ModelValidationError, "feb-31.txt",
               line=number, field="cover.in_force")


@case
def direct_reports_count_disagrees(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_of(lines, "PUESTOS DIRECTAMENTE BAJO SU CARGO: 2")
    lines[number - 1] = lines[number - 1].replace("CARGO: 2", "CARGO: 3")
    return Bad(write_text(tmp_path, "reports.txt", lines), ModelValidationError, "reports.txt", line=number)


@case
def revision_table_missing(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    table = line_of(lines, "MODIFICACIONES REALIZADAS", after=position_starts(lines)[-1])
    kept = lines[: table - 1]
    while not kept[-1].strip():
        kept.pop()
    # The document now ends on its last line of text, where the table should follow.
    return Bad(write_text(tmp_path, "no-table.txt", kept), DocumentStructureError, "no-table.txt",
               line=len(kept))


@case
def unknown_label_in_section_v(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_of(lines, "MEDIDAS DE SEGURIDAD REQUERIDAS:")
    kept = [*lines[: number - 1], "OTROS RECURSOS:", "", "- Una computadora portátil.", "",
            *lines[number - 1 :]]
    return Bad(write_text(tmp_path, "label.txt", kept), DocumentStructureError, "label.txt", line=number)


@case
def index_disagrees_with_titles(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_of(lines, "Promotor de Servicios en Línea.....")
    lines[number - 1] = "Promotor de Ventas.....6"
    return Bad(write_text(tmp_path, "index.txt", lines), DocumentStructureError, "index.txt", line=number)


@case
def cover_without_autorizado(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    lines = seed.split("\n")
    number = line_of(lines, "Autorizado:")
    kept = lines[: number - 1] + lines[number:]
    return Bad(write_text(tmp_path, "unsigned.txt", kept), DocumentStructureError, "unsigned.txt",
               field="cover.authorized_by")


# ---------------------------------------------------------------------------------------------
# The canonical YAML directory.


@case
def wrong_type_in_position(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    number = edit_file(directory / PROMOTOR, "  percent: 60", "  percent: thirty")
    return Bad(directory, CanonicalFormError, Path(PROMOTOR).name, line=number,
               field="key_functions.0.percent")


@case
def unknown_key_in_position(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    path = directory / JEFE
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "salary: 1000\n", encoding="utf-8")
    return Bad(directory, CanonicalFormError, Path(JEFE).name, line=text.count("\n") + 1, field="salary")


@case
def duplicate_key_in_manual_yaml(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    path = directory / "manual.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "format: docversion-manual/1\n", encoding="utf-8")
    return Bad(directory, CanonicalFormError, "manual.yaml", line=text.count("\n") + 1)


@case
def tab_indentation(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    number = edit_file(directory / "manual.yaml", "  code: 900 0935", "\tcode: 900 0935")
    return Bad(directory, CanonicalFormError, "manual.yaml", line=number)


@case
def alias_bomb_in_position(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    path = directory / ASISTENTE
    text = path.read_text(encoding="utf-8")
    bomb = ["lol:", "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb.append(f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    path.write_text(text + "\n".join(bomb) + "\n", encoding="utf-8")
    first_alias = text.count("\n") + 3  # "lol:" is line n+1, "a: &a" n+2, "b: [*a, …]" n+3
    return Bad(directory, CanonicalFormError, Path(ASISTENTE).name, line=first_alias)


@case
def revision_versions_not_increasing(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    number = edit_file(directory / "manual.yaml", "- version: 3", "- version: 2")
    return Bad(directory, ModelValidationError, "manual.yaml", line=number)


@case
def position_file_not_listed(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    (directory / "positions" / "otro-puesto.yaml").write_bytes((directory / PROMOTOR).read_bytes())
    return Bad(directory, CanonicalFormError, "otro-puesto.yaml")


@case
def listed_position_file_missing(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    (directory / PROMOTOR).unlink()
    lines = (directory / "manual.yaml").read_text(encoding="utf-8").split("\n")
    number = lines.index("- promotor-de-servicios-en-linea") + 1
    return Bad(directory, CanonicalFormError, "manual.yaml", line=number, field="positions.1")


@case
def wrong_format_marker(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    number = edit_file(directory / "manual.yaml", "format: docversion-manual/1", "format: docversion-manual/2")
    return Bad(directory, CanonicalFormError, "manual.yaml", line=number, field="format")


@case
def docx_truncated(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    """A .docx cut short: the zip's first bytes and nothing after."""
    data = b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + bytes(64)
    return Bad(write_bytes(tmp_path, "manual.docx", data), EncodingError, "manual.docx")


@case
def single_yaml_file_path(tmp_path: Path, seed: str, manual: Manual) -> Bad:
    directory = canonical_dir(tmp_path, manual)
    return Bad(directory / PROMOTOR, UnsupportedFormatError, Path(PROMOTOR).name)


# ---------------------------------------------------------------------------------------------
# The tests: every case, every check.

IDS = [builder.__name__ for builder in CASES]


@pytest.fixture(scope="module")
def seed_text(seed_bytes: bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture
def bad(request: pytest.FixtureRequest, tmp_path: Path, seed_text: str, seed_manual: Manual) -> Bad:
    """The bad input of the current case, built in this test's ``tmp_path``."""
    builder: Builder = request.param
    return builder(tmp_path, seed_text, seed_manual)


every_bad_input = pytest.mark.parametrize("bad", CASES, ids=IDS, indirect=True)


def refusal(path: Path) -> InvalidInputError:
    """The error ``read_document`` raises for ``path``; fail on acceptance or a crash."""
    try:
        read_document(path)
    except InvalidInputError as error:
        return error
    except Exception as error:
        pytest.fail(f"read_document crashed with {type(error).__name__}: {error}")
    pytest.fail("read_document accepted the bad input")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


class TestTable:
    """The table covers at least 24 distinct bad inputs."""

    def test_at_least_24_distinct_cases(self) -> None:
        assert len(set(IDS)) == len(IDS) >= 24


@every_bad_input
class TestLibraryRefuses:
    """read_document raises the most specific InvalidInputError naming the file and the line or field."""

    def test_most_specific_error_class(self, bad: Bad) -> None:
        error = refusal(bad.path)
        assert type(error) is bad.error, f"{type(error).__name__}: {error}"

    def test_names_the_file(self, bad: Bad) -> None:
        error = refusal(bad.path)
        assert error.source is not None and bad.name in error.source, str(error)

    def test_names_the_line_and_field(self, bad: Bad) -> None:
        error = refusal(bad.path)
        if bad.line is not None:
            assert error.line == bad.line, str(error)
        if bad.field is not None:
            assert error.field is not None, str(error)
            assert error.field == bad.field or error.field.endswith(f".{bad.field}"), str(error)


@every_bad_input
class TestConvertRefuses:
    """convert exits 5 with a message naming the file and writes no output directory."""

    def test_exit_5_names_file_writes_nothing(self, bad: Bad, tmp_path: Path) -> None:
        result = invoke("convert", str(bad.path), "-o", str(tmp_path / "out"))
        assert result.exit_code == 5, (result.exit_code, result.output, result.exception)
        assert bad.name in result.stderr, result.stderr
        assert not (tmp_path / "out").exists()
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]


@every_bad_input
class TestValidateJson:
    """validate --json prints one JSON document with ok false and exit_code 5, and exits 5."""

    def test_one_json_document(self, bad: Bad) -> None:
        result = invoke("validate", str(bad.path), "--json")
        assert result.exit_code == 5, (result.exit_code, result.output, result.exception)
        document = json.loads(result.stdout)
        assert document["ok"] is False and document["schema_version"] == 1
        assert document["error"]["exit_code"] == 5
        assert bad.name in (document["error"]["source"] or "")
        assert bad.name in result.stderr
