"""PDF export (``export --format pdf``, docversion/formats/pdf.py): the Word export printed by LibreOffice.

The printed manual holds, page by page, what the document holds; without LibreOffice the export
names the package to install and writes nothing; a converter that fails, writes nothing or hangs
is reported in its own words, and leaves neither a file nor a process behind.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import jsonschema
import pytest

from docversion.errors import ExternalToolError, ToolNotInstalledError
from docversion.formats.docx.reader import read_docx
from docversion.formats.pdf import docx_to_pdf, find_soffice
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from tests.conftest import HISTORY
from tests.json_schemas import SCHEMAS
from tests.pdf_pages import PDFTOTEXT, pages_with, pdf_pages
from tests.record_cli import CODE, dv, ok

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Skipped only on a developer machine without them: .ci/run installs LibreOffice and poppler-utils.
needs_libreoffice = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                       reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
V5: Manual = read_seed_text((HISTORY / "v5.txt").read_bytes(), "v5").manual

# A stand-in for soffice: records its arguments and what it was given, then does as FAKE_MODE says.
FAKE_SOFFICE = r"""#!/bin/sh
printf '%s\n' "$@" > "$FAKE_LOG/args"
for last; do :; done
cp "$last" "$FAKE_LOG/seen.docx"
case "$FAKE_MODE" in
  fail) echo "Error: source file could not be loaded" >&2; exit 1 ;;
  silent) exit 0 ;;
  hang) sleep 60 & echo $! > "$FAKE_LOG/child"; wait ;;
esac
while [ $# -gt 0 ]; do [ "$1" = --outdir ] && outdir=$2; shift; done
printf '%%PDF-1.4 fake' > "$outdir/$(basename "$last" .docx).pdf"
"""


@pytest.fixture(scope="module")
def history_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled history of 900-0935, versions 1 to 5."""
    store = tmp_path_factory.mktemp("pdf-store") / "store.git"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))
    return store


@pytest.fixture(scope="module")
def v5_pages(history_store: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text of each page of v5 exported as PDF: LibreOffice runs once for the module."""
    if SOFFICE is None or PDFTOTEXT is None:
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
    target = tmp_path_factory.mktemp("pdf-out") / "manual-900-0935-v5.pdf"
    ok(history_store, "export", f"{CODE}@v5", "--format", "pdf", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    return pdf_pages(data)


def position_pages(pages: list[str]) -> list[int]:
    """The page where each position of v5 begins: its title beside the PUESTO FUNCIONAL label."""
    found = [pages_with(pages, f"PUESTO FUNCIONAL: {position.title}") for position in V5.positions]
    assert all(found), [p.title for p, where in zip(V5.positions, found, strict=True) if not where]
    return [where[0] for where in found]


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``soffice`` first on PATH; returns the folder where it logs what it was given."""
    folder, log = tmp_path / "bin", tmp_path / "log"
    folder.mkdir()
    log.mkdir()
    program = folder / "soffice"
    program.write_text(FAKE_SOFFICE, encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_MODE", "pdf")
    return log


@needs_libreoffice
@pytest.mark.slow
class TestPrintedManual:
    """The PDF of v5 holds the cover, every position on its page in order, and the revision table."""

    def test_the_first_page_is_the_cover(self, v5_pages: list[str]) -> None:
        for text in (V5.cover.code, V5.cover.title, V5.cover.area, "MANUAL DE DESCRIPCIÓN DE PUESTOS"):
            assert 1 in pages_with(v5_pages, text), text

    def test_each_position_begins_on_a_later_page_in_document_order(self, v5_pages: list[str]) -> None:
        starts = position_pages(v5_pages)
        assert starts == sorted(set(starts)) and starts[0] > 1

    def test_every_position_title_is_printed(self, v5_pages: list[str]) -> None:
        for position in V5.positions:
            assert pages_with(v5_pages, position.title), position.title

    def test_the_revision_table_follows_the_last_position(self, v5_pages: list[str]) -> None:
        last = V5.revisions[-1]
        table = [page for page in pages_with(v5_pages, "MODIFICACIONES REALIZADAS")
                 if page > position_pages(v5_pages)[-1]]
        assert table, "no MODIFICACIONES REALIZADAS after the positions"
        assert [page for page in pages_with(v5_pages, f"{last.prepared_by_label}: {last.prepared_by}")
                if page >= table[0]]


class TestWithoutLibreOffice:
    """With no soffice or libreoffice on PATH, the export says what to install and writes nothing."""

    @pytest.fixture
    def no_libreoffice(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """PATH holds git (the store needs it) and nothing else."""
        folder = tmp_path / "bin"
        folder.mkdir()
        git = shutil.which("git")
        assert git is not None
        (folder / "git").symlink_to(git)
        monkeypatch.setenv("PATH", str(folder))

    @pytest.mark.usefixtures("no_libreoffice")
    def test_the_export_names_the_package_and_exits_1(self, history_store: Path, tmp_path: Path) -> None:
        target = tmp_path / "manual.pdf"
        code, _, err = dv(history_store, "export", f"{CODE}@v5", "--format", "pdf", "-o", str(target))
        assert code == ToolNotInstalledError.exit_code == 1
        assert "LibreOffice is not installed" in err
        assert "apt install libreoffice-writer-nogui" in err and "--format docx" in err
        assert not target.exists() and not list(tmp_path.glob("*.pdf*"))

    @pytest.mark.usefixtures("no_libreoffice")
    def test_the_json_error_names_its_kind(self, history_store: Path, tmp_path: Path) -> None:
        code, out, _ = dv(history_store, "export", CODE, "--format", "pdf", "-o", str(tmp_path / "m.pdf"), "--json")
        error = json.loads(out)["error"]
        assert code == 1 and error["type"] == "ToolNotInstalledError" and error["exit_code"] == 1

    @pytest.mark.usefixtures("no_libreoffice")
    def test_the_message_is_spanish_when_asked(self, history_store: Path, tmp_path: Path) -> None:
        code, _, err = dv(history_store, "--lang", "es", "export", CODE, "--format", "pdf", "-o",
                          str(tmp_path / "m.pdf"))
        assert code == 1 and "LibreOffice no está instalado" in err and "libreoffice-writer-nogui" in err

    def test_a_named_program_that_is_missing_is_not_installed(self, tmp_path: Path) -> None:
        with pytest.raises(ToolNotInstalledError):
            find_soffice(str(tmp_path / "no-soffice"))


class TestTheConversion:
    """docx_to_pdf runs soffice as an argument list with a private profile, in a directory it removes."""

    def test_it_runs_soffice_headless_with_its_own_profile(self, fake_soffice: Path) -> None:
        assert docx_to_pdf(b"the document") == b"%PDF-1.4 fake"
        args = (fake_soffice / "args").read_text(encoding="utf-8").splitlines()
        outdir = Path(args[args.index("--outdir") + 1])
        profile = next(arg for arg in args if arg.startswith("-env:UserInstallation="))
        assert {"--headless", "--norestore"} <= set(args)
        assert args[args.index("--convert-to") + 1] == "pdf"
        assert profile.startswith(f"-env:UserInstallation=file://{outdir}/")
        assert Path(args[-1]).parent == outdir and args[-1].endswith(".docx")
        assert (fake_soffice / "seen.docx").read_bytes() == b"the document"
        assert not outdir.exists()  # the temporary directory is gone, profile and all

    def test_a_failing_converter_is_reported_in_its_own_words(self, fake_soffice: Path, history_store: Path,
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("FAKE_MODE", "fail")
        target = tmp_path / "manual.pdf"
        code, _, err = dv(history_store, "export", f"{CODE}@v5", "--format", "pdf", "-o", str(target))
        assert code == 1
        assert "could not convert the document to PDF" in err and "exited 1" in err
        assert "Error: source file could not be loaded" in err
        assert not target.exists()

    def test_a_converter_that_writes_no_pdf_is_an_error(self, fake_soffice: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("FAKE_MODE", "silent")
        with pytest.raises(ExternalToolError, match="wrote no PDF"):
            docx_to_pdf(b"the document")

    def test_a_converter_that_hangs_is_stopped_with_its_children(self, fake_soffice: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("FAKE_MODE", "hang")
        started = time.monotonic()
        with pytest.raises(ExternalToolError, match=r"did not finish .* within 1 s") as caught:
            docx_to_pdf(b"the document", timeout=1)
        assert time.monotonic() - started < 30
        assert not isinstance(caught.value, ToolNotInstalledError)
        child = int((fake_soffice / "child").read_text(encoding="utf-8"))
        assert _is_gone(child), "the converter's child process outlived the timeout"


class TestRedlineAndJson:
    """--redline-against works with pdf as with docx; the JSON answer names the pdf format."""

    def test_the_pdf_is_printed_from_the_redlined_word_document(self, history_store: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
        given: list[bytes] = []

        def printer(docx: bytes, **options: object) -> bytes:
            given.append(docx)
            return b"%PDF-1.4 printed"

        monkeypatch.setattr("docversion.formats.pdf.docx_to_pdf", printer)
        word, pdf = tmp_path / "manual.docx", tmp_path / "manual.pdf"
        ok(history_store, "export", f"{CODE}@v5", "--format", "docx", "--redline-against", "4", "-o", str(word))
        code, out, err = dv(history_store, "export", f"{CODE}@v5", "--format", "pdf", "--redline-against", "4",
                            "-o", str(pdf), "--json")
        assert code == 0, err
        assert pdf.read_bytes() == b"%PDF-1.4 printed"
        assert len(given) == 1 and _marks(given[0]) == _marks(word.read_bytes()) != set()
        document = json.loads(out)
        jsonschema.validate(document, SCHEMAS["export"])
        assert document["format"] == "pdf"


def _marks(docx: bytes) -> set[tuple[str, int | None, str]]:
    """Every underlined span a Word document carries, by model path."""
    manual = read_docx(docx, "redline.docx").manual
    found = {(m.path, m.start, m.text) for m in manual.marked}
    return found | {(f"positions.{p.id}.{m.path}", m.start, m.text) for p in manual.positions for m in p.marked}


def _is_gone(pid: int, wait: float = 5.0) -> bool:
    """Whether process ``pid`` has ended (or is a zombie waiting for its reaper) within ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False
