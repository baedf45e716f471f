"""A corpus of Word manuals typed the way analysts type them (tests/corpus/docx/builders.py), never
by docversion's writer: each must read back as exactly the manual it was typed from (marks left
out unless the file underlines them, ids the slugs of the titles), or, for the bad ones, be
refused with an InvalidInputError (exit code 5) — never a manual with zero positions. The slow
test re-saves every file with LibreOffice and expects the very same reading.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from docversion.errors import InvalidInputError
from docversion.files import read_manual_dir
from docversion.formats.docx.reader import read_docx
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

from .conftest import REPO, SEED_PATH
from .corpus.docx.builders import COMMENT_TEXT, CORPUS, Entry

ENTRIES = {entry.name: entry for entry in CORPUS}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIBREOFFICE_TIMEOUT = 240


@cache
def manual(name: str) -> Manual:
    return read_manual_dir(REPO / "manuals" / name)


@cache
def built(name: str) -> bytes:
    entry = ENTRIES[name]
    return entry.build(manual(entry.manual))


def expectation(entry: Entry) -> dict[str, Any]:
    """What reading the entry's file must give, as JSON."""
    if entry.expect == "seed-text":
        return read_seed_text(SEED_PATH.read_bytes(), str(SEED_PATH)).manual.model_dump(mode="json")
    data = manual(entry.manual).model_dump(mode="json")
    if not entry.underlines:
        data["marked"] = []
        for position in data["positions"]:
            position["marked"] = []
    return data


def differences(actual: Any, expected: Any, path: str = "") -> list[str]:
    """Every path where ``actual`` differs from ``expected``, with both values."""
    if isinstance(actual, dict) and isinstance(expected, dict):
        found: list[str] = []
        for key in [*expected, *(k for k in actual if k not in expected)]:
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                found.append(f"{where}: missing (expected {expected[key]!r:.200})")
            elif key not in expected:
                found.append(f"{where}: unexpected {actual[key]!r:.200}")
            else:
                found += differences(actual[key], expected[key], where)
        return found
    if isinstance(actual, list) and isinstance(expected, list):
        found = []
        for index in range(max(len(actual), len(expected))):
            where = f"{path}.{index}"
            if index >= len(actual):
                found.append(f"{where}: missing (expected {expected[index]!r:.200})")
            elif index >= len(expected):
                found.append(f"{where}: unexpected {actual[index]!r:.200}")
            else:
                found += differences(actual[index], expected[index], where)
        return found
    return [] if actual == expected else [f"{path}: got {actual!r:.200}, expected {expected!r:.200}"]


def check_reading(entry: Entry, data: bytes, source: str) -> None:
    """Read ``data`` and hold it to the entry's expectation."""
    if entry.expect == "error":
        try:
            result = read_docx(data, source)
        except InvalidInputError as exc:
            assert exc.exit_code == 5
            message = str(exc)
            assert source in message
            missing = [word for word in entry.error if word not in message]
            assert not missing, f"the error does not name {missing}: {message}"
            return
        pytest.fail(f"{source} was read as a manual with {len(result.manual.positions)} positions instead of "
                    "being refused")
    result = read_docx(data, source)
    found = differences(result.manual.model_dump(mode="json"), expectation(entry))
    shown = "\n  ".join(found[:30]) + (f"\n  … and {len(found) - 30} more" if len(found) > 30 else "")
    assert not found, f"{source} reads differently at {len(found)} paths:\n  {shown}"
    if entry.warning:
        warnings = [str(w) for w in result.warnings]
        assert any(text in w for w in warnings for text in entry.warning), (
            f"no warning names the comment ({entry.warning[0]!r}); warnings: {warnings}")


@pytest.mark.parametrize("name", ENTRIES)
def test_reads_as_typed(name: str) -> None:
    check_reading(ENTRIES[name], built(name), f"{name}.docx")


# ----------------------------------------------------------------------------------------------
# The files are what their builders claim (so that a failure above is the reader's, not the corpus's).


def parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith((".xml", ".rels"))}


def body_texts(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


CLAIMS: dict[str, list[str]] = {
    # builder: strings its document.xml / numbering.xml / comments.xml must hold
    "analyst_typed_seed": ["<w:u ", "<w:numPr>", "PUESTO FUNCIONAL: ", "Jefe de Área.", "“Este documento"],
    "word_numbered_headings": ['w:val="upperRoman"', ">IDENTIFICACIÓN<", ">FUNCIONES CLAVES<"],
    "merged_cells": ["<w:gridSpan ", "<w:vMerge "],
    "numbered_everywhere_no_styles": ['w:type="page"', "<w:numPr>", '<w:startOverride w:val="1"/>'],
    "with_comment": ["<w:commentRangeStart ", COMMENT_TEXT],
    "bad_heading_numbers_without_text": ['w:val="upperRoman"'],
}


@pytest.mark.parametrize("name", ENTRIES)
def test_the_file_is_built_as_claimed(name: str) -> None:
    data = built(name)
    xml = parts(data)
    everything = "".join(xml.values())
    assert "docversion-position-ids" not in everything  # no ids: the reader must make them from titles
    document = xml["word/document.xml"]
    missing = [claim for claim in CLAIMS.get(name, []) if claim not in everything]
    assert not missing, missing
    texts = body_texts(data)
    if name in ("word_numbered_headings", "bad_heading_numbers_without_text", "bad_headings_missing"):
        assert not any(t.startswith(("I. ", "II. ", "VII. ")) for t in texts)  # no numeral typed
    if name == "bad_heading_numbers_without_text":
        assert "IDENTIFICACIÓN" not in document
    if name == "bad_headings_missing":
        assert "IDENTIFICACIÓN" not in document and "upperRoman" not in xml["word/numbering.xml"]
    if name == "numbered_everywhere_no_styles":
        from docx import Document

        doc = Document(io.BytesIO(data))
        assert {p.style.name for p in doc.paragraphs} == {"Normal"}
        assert texts.count("") > 50
    if name == "pasted_seed_text":
        assert texts == SEED_PATH.read_text(encoding="utf-8").split("\n")
        assert "<w:tab/>" in document
    if name == "period_and_na_on_one_line":
        assert "Semanal. N/A" in texts
    if name == "code_without_colon":
        assert "CÓDIGO 900 0935" in texts
    if name == "typed_numbers":
        assert {t[:3] for t in texts if t[:1] == "1" and t[1:2] in ".)"} >= {"1. ", "1) ", "1.-"}
    if name == "competencies_by_kind":
        assert "Técnica." in texts and "COMPETENCIAS:" in texts
    if name == "relations_as_paragraphs":
        assert "CON:" in texts and "PARA / FRECUENCIA:" in texts


# ----------------------------------------------------------------------------------------------
# Re-saved by LibreOffice, the same reading.


def resave_with_libreoffice(sources: list[Path], outdir: Path) -> list[Path]:
    """``sources`` re-saved by LibreOffice as Word documents, in one ``soffice`` run (its start-up
    is most of the cost of converting one file)."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    profile = Path(tempfile.mkdtemp(prefix="lo-"))  # its own profile: calls never share or lock one
    try:
        done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir),
                               *map(str, sources)],
                              capture_output=True, text=True, timeout=LIBREOFFICE_TIMEOUT * len(sources),
                              check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = [outdir / source.name for source in sources]
    missing = [path.name for path in converted if not path.is_file()]
    assert done.returncode == 0 and not missing, f"soffice failed on {missing}: {done.stdout}\n{done.stderr}"
    return converted


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Every entry as built and as LibreOffice saved it again, by name."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    directory = tmp_path_factory.mktemp("libreoffice")
    (directory / "out").mkdir()
    sources = []
    for name in ENTRIES:
        source = directory / f"{name}.docx"
        source.write_bytes(built(name))
        sources.append(source)
    converted = resave_with_libreoffice(sources, directory / "out")
    return {name: (source.read_bytes(), path.read_bytes())
            for name, source, path in zip(ENTRIES, sources, converted, strict=True)}


@pytest.mark.slow
@pytest.mark.parametrize("name", ENTRIES)
def test_reads_the_same_after_libreoffice_saves_it(name: str, resaved: dict[str, tuple[bytes, bytes]]) -> None:
    original, again = resaved[name]
    assert again != original
    check_reading(ENTRIES[name], again, f"{name}.docx")
