"""What a printed copy says beyond its text (docversion/store/printing.py, the sign-off page of
docversion/formats/signature_page.py, and ``export``'s --uncontrolled and --paper): the stamp on
every page of a copy that is no longer in force, not yet in force, a draft or an uncontrolled
copy; the sign-off page after the revision table; the conformity statement only when the record
verifies.

The store holds the bundled history (v1 to v5, imported as signed on paper), v6 published
through change control in force from 04 de marzo de 2024 (before any day these tests run), v7
published in force from 90 days after today (so always pending), and an open draft after v7.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from docx import Document

from docversion.errors import InvalidInputError
from docversion.files import read_document, write_manual_dir
from docversion.formats.document_text import to_html, to_markdown
from docversion.formats.signature_page import CONFORMS, ON_PAPER, UNPROVEN, UNSIGNED_DRAFT, key_text
from docversion.formats.spanish_dates import format_spanish_date, format_spanish_datetime
from docversion.formats.text.reader import read_seed_text
from docversion.records import PrintedSignature, Printing, SignatureRecord, Stamp, VersionInfo
from docversion.store import LATEST, Store
from docversion.store.control import ChangeControl
from docversion.store.history import ManualRefs, trailers
from docversion.store.printing import signature_record, stamp_for
from docversion.store.refs import version_tag
from tests.conftest import AUTHOR, HISTORY, SEED_PATH, with_objective
from tests.json_schemas import INVALID_INPUT_ERROR, SCHEMAS
from tests.pdf_pages import pages_with, pdf_pages
from tests.record_cli import AUTHORIZER, CODE, PEOPLE, PREPARER, SEED, dv, ok

V5 = read_seed_text((HISTORY / "v5.txt").read_bytes(), "v5").manual
V4 = read_seed_text((HISTORY / "v4.txt").read_bytes(), "v4").manual
V6_IN_FORCE = date(2024, 3, 4)
V7_IN_FORCE = date.today() + timedelta(days=90)
PRESIDENT = PEOPLE[4][0]


def superseded_by(version: int, day: date) -> str:
    return f"VERSIÓN NO VIGENTE: sustituida por la versión {version} el {format_spanish_date(day)}"


def publish_through_change_control(store: Path, in_force: date, keys: dict[str, Path] | None = None) -> None:
    """Propose the open draft in force from ``in_force``; every role signs; it is published."""
    def key(name: str) -> list[str]:
        return ["--key", str(keys[name])] if keys else []

    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", in_force.isoformat())
    ok(store, "submit", CODE, "--as", PREPARER, *key(PREPARER))
    for name, role in PEOPLE[1:4]:
        ok(store, "review", CODE, "--role", role, "--approve", "--as", name, *key(name))
    ok(store, "authorize", CODE, "--as", PRESIDENT, *key(PRESIDENT))
    ok(store, "publish", CODE, "--as", PREPARER)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("printing")
    store = root / "store.git"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))
    v5 = Store.open(str(store)).load(CODE, "5")
    write_manual_dir(with_objective(v5, 1, "Promover y divulgar los servicios en línea."), root / "v6")
    ok(store, "import", str(root / "v6"))
    publish_through_change_control(store, V6_IN_FORCE)
    v6 = Store.open(str(store)).load(CODE, LATEST)
    write_manual_dir(with_objective(v6, 0, "Coordinar los servicios en línea de la Institución."), root / "v7")
    ok(store, "import", str(root / "v7"))
    publish_through_change_control(store, V7_IN_FORCE)
    v7 = Store.open(str(store)).load(CODE, LATEST)
    write_manual_dir(with_objective(v7, 2, "Apoyar el soporte de los servicios en línea."), root / "draft")
    ok(store, "import", str(root / "draft"))
    ok(store, "verify")
    return store


def export(store: Path, tmp_path: Path, target: str, output_format: str, *options: str) -> str:
    path = tmp_path / f"copy.{output_format}"
    ok(store, "export", target, "--format", output_format, "-o", str(path), *options)
    return path.read_text(encoding="utf-8")


def signoffs_of(store: Path, version: int) -> list[dict[str, Any]]:
    code, out, err = dv(store, "signoffs", f"{CODE}@v{version}", "--json")
    assert code == 0, err
    return json.loads(out)["signoffs"]  # type: ignore[no-any-return]


# The stamp on every page ------------------------------------------------------------------


def assert_stamped_markdown(text: str, stamp: str) -> None:
    """The stamp opens the document and comes right before every part that starts a page: each
    position, the revision table and the sign-off page."""
    line = f"**{stamp}**"
    assert text.startswith(line + "\n\n# MANUAL DE DESCRIPCIÓN DE PUESTOS")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    parts = [h for h in headings if h != "ÍNDICE"]
    assert parts[-2:] == ["MODIFICACIONES REALIZADAS", "REGISTRO DE FIRMAS"] and len(parts) >= 5
    for heading in parts:
        assert f"{line}\n\n## {heading}\n" in text, heading
    assert text.count(line) == 1 + len(parts)


def assert_stamped_html(page: str, stamp: str) -> None:
    """The banner print repeats on every page, and the stamp at the head of each part."""
    running = f'<div class="stamp stamp-running">{stamp}</div>'
    in_page = f'<div class="stamp stamp-page">{stamp}</div>'
    assert page.count(running) == 1 and page.index(running) < page.index("CÓDIGO:")
    assert "position: fixed" in page[page.index("@media print"):]
    sections = re.findall(r'<section class="(?:position|page revisions|page signatures)">(.{0,200})', page)
    assert len(sections) >= 5
    assert all(section.startswith(in_page) for section in sections)
    assert page.count(in_page) == 1 + len(sections)


class TestStampedCopies:
    """An exported copy says on every page what it is on the day it is made."""

    @pytest.mark.parametrize("output_format", ["md", "html"])
    def test_v4_is_no_longer_in_force(self, history: Path, tmp_path: Path, output_format: str) -> None:
        """The issue's test: v4 names v5, the version that replaced it, and v5's in-force date."""
        text = export(history, tmp_path, f"{CODE}@4", output_format)
        stamp = superseded_by(5, V5.cover.in_force)
        assert stamp == "VERSIÓN NO VIGENTE: sustituida por la versión 5 el 02 de enero de 2018"
        (assert_stamped_markdown if output_format == "md" else assert_stamped_html)(text, stamp)

    def test_v4_in_word_says_so_in_the_header_of_every_page(self, history: Path, tmp_path: Path) -> None:
        path = tmp_path / "v4.docx"
        ok(history, "export", f"{CODE}@4", "--format", "docx", "-o", str(path))
        document = Document(str(path))
        [section] = document.sections  # one section: its header is every page's
        assert [p.text for p in section.header.paragraphs][1] == superseded_by(5, V5.cover.in_force)
        assert read_document(path).manual == Store.open(str(history)).load(CODE, "4")  # the stamp is no text of it

    @pytest.mark.slow
    @pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                        reason="LibreOffice or pdftotext is not installed")  # .ci/run installs both
    def test_v4_in_pdf_says_so_on_every_page(self, history: Path, tmp_path: Path) -> None:
        path = tmp_path / "v4.pdf"
        ok(history, "export", f"{CODE}@4", "--format", "pdf", "-o", str(path))
        pages = pdf_pages(path.read_bytes())
        stamp = superseded_by(5, V5.cover.in_force)
        assert len(pages) > 5 and pages_with(pages, stamp) == list(range(1, len(pages) + 1))

    @pytest.mark.parametrize("output_format", ["md", "html"])
    def test_v5_names_v6_once_v6_is_in_force(self, history: Path, tmp_path: Path, output_format: str) -> None:
        text = export(history, tmp_path, f"{CODE}@v5", output_format)
        stamp = superseded_by(6, V6_IN_FORCE)
        assert "versión 6 el 04 de marzo de 2024" in stamp
        (assert_stamped_markdown if output_format == "md" else assert_stamped_html)(text, stamp)

    @pytest.mark.parametrize("output_format", ["md", "html"])
    def test_a_version_not_yet_in_force(self, history: Path, tmp_path: Path, output_format: str) -> None:
        text = export(history, tmp_path, f"{CODE}@v7", output_format)
        stamp = f"VERSIÓN APROBADA: vigente a partir del {format_spanish_date(V7_IN_FORCE)}"
        (assert_stamped_markdown if output_format == "md" else assert_stamped_html)(text, stamp)

    @pytest.mark.parametrize("output_format", ["md", "html"])
    def test_a_draft(self, history: Path, tmp_path: Path, output_format: str) -> None:
        """A draft is stamped, states no conformity and has no publication sign-offs."""
        text = export(history, tmp_path, f"{CODE}@draft", output_format)
        (assert_stamped_markdown if output_format == "md" else assert_stamped_html)(text, "BORRADOR: no vigente")
        assert "conforme al original" not in text
        assert UNSIGNED_DRAFT in text

    @pytest.mark.parametrize("output_format", ["md", "html"])
    def test_the_version_in_force_has_no_stamp(self, history: Path, tmp_path: Path, output_format: str) -> None:
        text = export(history, tmp_path, f"{CODE}@v6", output_format)
        assert 'class="stamp' not in text and "**VERSIÓN" not in text and "BORRADOR" not in text
        assert "COPIA NO CONTROLADA" not in text

    @pytest.mark.parametrize("output_format", ["md", "html"])
    def test_an_uncontrolled_copy_of_the_version_in_force(self, history: Path, tmp_path: Path,
                                                          output_format: str) -> None:
        text = export(history, tmp_path, f"{CODE}@v6", output_format, "--uncontrolled")
        (assert_stamped_markdown if output_format == "md" else assert_stamped_html)(text, "COPIA NO CONTROLADA")

    @pytest.mark.parametrize("target", [f"{CODE}@v4", f"{CODE}@v7", f"{CODE}@draft"])
    def test_uncontrolled_is_refused_for_any_other_copy(self, history: Path, tmp_path: Path, target: str) -> None:
        """Exit 5 naming the option and the version in force; no file is written."""
        path = tmp_path / "copy.md"
        code, out, err = dv(history, "export", target, "--format", "md", "-o", str(path), "--uncontrolled", "--json")
        assert code == 5, err
        document = json.loads(out)
        jsonschema.validate(document, INVALID_INPUT_ERROR)
        assert document["error"]["field"] == "--uncontrolled"
        assert f"{CODE}@v6 is in force" in document["error"]["message"]
        assert list(tmp_path.iterdir()) == []

    def test_uncontrolled_is_a_printed_copy_only(self, history: Path, tmp_path: Path) -> None:
        code, _, err = dv(history, "export", f"{CODE}@v6", "-o", str(tmp_path / "dir"), "--uncontrolled")
        assert code == 2 and "--uncontrolled" in err
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(("target", "output_format", "stamp"), [
        (f"{CODE}@v4", "md", "superseded"), (f"{CODE}@v7", "html", "pending"), (f"{CODE}@draft", "md", "draft"),
        (f"{CODE}@v6", "html", None), (f"{CODE}@v4", "yaml", None)])
    def test_json_names_the_stamp(self, history: Path, tmp_path: Path, target: str, output_format: str,
                                  stamp: str | None) -> None:
        """The canonical YAML is the record's data, never a stamped copy."""
        code, out, err = dv(history, "export", target, "--format", output_format, "-o", str(tmp_path / "out"),
                            "--json")
        assert code == 0, err
        document = json.loads(out)
        jsonschema.validate(document, SCHEMAS["export"])
        assert document["stamp"] == stamp

    def test_the_paper(self, history: Path, tmp_path: Path) -> None:
        assert "@page { size: letter;" in export(history, tmp_path, f"{CODE}@v6", "html", "--paper", "letter")
        assert "@page { size: A4;" in export(history, tmp_path, f"{CODE}@v6", "html")


# The sign-off page -------------------------------------------------------------------------


def signature_table(text: str) -> list[list[str]]:
    page = text[text.index("## REGISTRO DE FIRMAS"):]
    lines = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


class TestSignOffPage:
    """After the revision table, every sign-off of the version, the digest signed, and conformity
    only when the record verifies."""

    def test_each_signer_of_a_published_version(self, history: Path, tmp_path: Path) -> None:
        text = export(history, tmp_path, f"{CODE}@v6", "md")
        assert text.index("## MODIFICACIONES REALIZADAS") < text.index("## REGISTRO DE FIRMAS")
        rows = signature_table(text)
        assert rows[0] == ["Nombre", "Puesto", "Significado", "Fecha y hora", "Llave"]
        recorded = signoffs_of(history, 6)
        expected = [[s["name"], s["role"], {"prepared": "Elaborado", "reviewed": "Revisado",
                                            "authorized": "Autorizado"}[s["meaning"]],
                     format_spanish_datetime(datetime.fromisoformat(s["time"])), "sin llave"] for s in recorded]
        assert rows[1:] == expected
        assert [row[:3] for row in rows[1:]] == [
            [PREPARER, "Elaborado por", "Elaborado"], *([name, role, "Revisado"] for name, role in PEOPLE[1:4]),
            [PRESIDENT, AUTHORIZER, "Autorizado"]]
        assert all(re.fullmatch(r"\d\d de [a-z]+ de \d{4}, \d\d:\d\d \(UTC\+00:00\)", row[3]) for row in rows[1:])
        digest = recorded[0]["digest"]
        assert f"Huella del contenido firmado (SHA-256): {digest}" in text
        assert UNPROVEN in text  # no trust root: the names are recorded, not proven
        assert text.rstrip().endswith(CONFORMS)
        assert "*Este documento es conforme al original firmado*" in text  # the cover's statement

    def test_the_same_in_html(self, history: Path, tmp_path: Path) -> None:
        page = export(history, tmp_path, f"{CODE}@v6", "html")
        signatures = page[page.index('<section class="page signatures">'):]
        assert "<h2>REGISTRO DE FIRMAS</h2>" in signatures
        assert "".join(f"<th>{h}</th>" for h in ("Nombre", "Puesto", "Significado", "Fecha y hora", "Llave")) in page
        for signoff in signoffs_of(history, 6):
            time = format_spanish_datetime(datetime.fromisoformat(signoff["time"]))
            assert f"<td>{signoff['name']}</td><td>{signoff['role']}</td>" in signatures
            assert f"<td>{time}</td><td>sin llave</td>" in signatures
        assert f"<p>{CONFORMS}</p>" in signatures
        assert "<i>Este documento es conforme al original firmado</i>" in page

    def test_a_version_signed_on_paper(self, history: Path, tmp_path: Path) -> None:
        text = export(history, tmp_path, f"{CODE}@v5", "md")
        assert text.rstrip().endswith(f"## REGISTRO DE FIRMAS\n\n{ON_PAPER}")
        assert "*Este documento es conforme al original firmado*" in text
        assert CONFORMS not in text and "Huella" not in text

    def test_no_conformity_once_the_record_does_not_verify(self, history: Path, tmp_path: Path) -> None:
        """v6 edited outside the workflow and its tag moved: verify fails, and no copy of v6 says it
        conforms to the signed original (neither the cover's line nor the sign-off page's)."""
        copy = tmp_path / "tampered.git"
        shutil.copytree(history, copy)
        store = Store.open(str(copy))
        v6 = store.refs(CODE).version(6)
        assert v6 is not None
        changed = with_objective(store.load(CODE, "6"), 1, "Objetivo cambiado fuera del flujo.")
        commit = store.commit_snapshot(CODE, changed, v6.commit, f"{CODE}: edited\n", AUTHOR)
        facts = {name.title(): value for name, value in trailers(v6.message).items()}
        store.git.run("update-ref", version_tag(CODE, 6), store.make_tag(CODE, 6, commit, AUTHOR, "x", facts))
        assert dv(copy, "verify")[0] == 4
        for output_format in ("md", "html"):
            text = export(copy, tmp_path, f"{CODE}@v6", output_format)
            assert "conforme al original" not in text
            assert "Huella del contenido firmado (SHA-256): " in text  # the sign-offs are still listed
        record = signature_record(ChangeControl(store), CODE, store.refs(CODE).version(6))
        assert record is not None and not record.is_verified and len(record.signatures) == 5


@dataclass(frozen=True)
class Rooted:
    store: Path
    keys: dict[str, Path]


@pytest.fixture(scope="module")
def rooted(tmp_path_factory: pytest.TempPathFactory) -> Rooted:
    """The seed as v5, then v6 published under a trust root, each person signing with their key."""
    root = tmp_path_factory.mktemp("rooted")
    store, admin = root / "store.git", root / "admin.pem"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", str(SEED_PATH))
    write_manual_dir(with_objective(SEED, 0, "Objetivo revisado del puesto."), root / "draft")
    ok(store, "import", str(root / "draft"))
    ok(None, "keys", "generate", "-o", str(admin))
    ok(store, "trust", "init", "--admin-key", str(admin), "--admin", "Ana Administradora")
    keys = {}
    for name, role in PEOPLE:
        keys[name] = root / f"{name.split()[0].lower()}.pem"
        ok(None, "keys", "generate", "-o", str(keys[name]))
        ok(store, "keys", "add", str(keys[name]), "--person", name, "--role", role, "--admin-key", str(admin))
    publish_through_change_control(store, V6_IN_FORCE, keys)
    return Rooted(store, keys)


class TestSignedWithKeys:
    """Under a trust root each row names the key it was signed with."""

    def test_each_row_names_its_key(self, rooted: Rooted, tmp_path: Path) -> None:
        text = export(rooted.store, tmp_path, f"{CODE}@v6", "md")
        rows = signature_table(text)[1:]
        key_ids = [s["key_id"] for s in signoffs_of(rooted.store, 6)]
        assert len(rows) == 5 and all(key_ids)
        assert [row[4] for row in rows] == [" ".join(k[n:n + 4] for n in range(0, 16, 4)) for k in key_ids]
        assert all(re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){3}", row[4]) for row in rows)
        assert UNPROVEN not in text and text.rstrip().endswith(CONFORMS)


# stamp_for at its boundaries ---------------------------------------------------------------


def info(version: int, in_force: date | None, imported: bool = True) -> VersionInfo:
    return VersionInfo(code=CODE, version=version, commit=f"{version:040x}", tag="t" * 40, in_force=in_force,
                       is_imported=imported, message="")


REFS = ManualRefs(CODE, tip="d" * 40, versions=[info(4, date(2016, 3, 1)), info(5, date(2018, 1, 2)),
                                                info(6, V6_IN_FORCE, imported=False)])


def stamp(version: int | None, today: date, *, is_uncontrolled: bool = False) -> Stamp | None:
    found = REFS.version(version) if version is not None else None
    return stamp_for(REFS, found.commit if found else "d" * 40, found, today, is_uncontrolled=is_uncontrolled)


class TestStampFor:
    """The stamp on the day before a later version comes into force and on that day."""

    def test_the_day_before_the_next_version_comes_into_force(self) -> None:
        day = V6_IN_FORCE - timedelta(days=1)
        assert stamp(5, day) is None
        assert stamp(6, day) == Stamp("pending", "VERSIÓN APROBADA: vigente a partir del 04 de marzo de 2024")
        assert stamp(4, day) == Stamp("superseded", superseded_by(5, date(2018, 1, 2)))

    def test_the_day_it_comes_into_force(self) -> None:
        assert stamp(5, V6_IN_FORCE) == Stamp("superseded", superseded_by(6, V6_IN_FORCE))
        assert stamp(6, V6_IN_FORCE) is None

    def test_a_copy_names_the_version_that_replaced_it(self) -> None:
        """Not the one in force today: v4 was replaced by v5, whatever came after."""
        assert stamp(4, date(2030, 1, 1)) == Stamp("superseded", superseded_by(5, date(2018, 1, 2)))

    def test_a_draft(self) -> None:
        assert stamp(None, V6_IN_FORCE) == Stamp("draft", "BORRADOR: no vigente")

    def test_a_commit_that_is_a_version_is_that_version(self) -> None:
        v5 = REFS.version(5)
        assert v5 is not None
        assert stamp_for(REFS, v5.commit, None, V6_IN_FORCE) == Stamp("superseded", superseded_by(6, V6_IN_FORCE))

    def test_uncontrolled_on_the_version_in_force(self) -> None:
        assert stamp(5, V6_IN_FORCE - timedelta(days=1), is_uncontrolled=True) == Stamp("uncontrolled",
                                                                                          "COPIA NO CONTROLADA")
        assert stamp(6, V6_IN_FORCE, is_uncontrolled=True) == Stamp("uncontrolled", "COPIA NO CONTROLADA")

    @pytest.mark.parametrize("version", [4, 5, None])
    def test_uncontrolled_on_anything_else_is_refused(self, version: int | None) -> None:
        with pytest.raises(InvalidInputError) as caught:
            stamp(version, V6_IN_FORCE, is_uncontrolled=True)
        assert caught.value.field == "--uncontrolled" and f"{CODE}@v6 is in force on 2024-03-04" in str(caught.value)

    def test_uncontrolled_when_nothing_is_in_force(self) -> None:
        with pytest.raises(InvalidInputError, match="no version of 900-0935 is in force on 2010-01-01"):
            stamp(4, date(2010, 1, 1), is_uncontrolled=True)


# The sign-off page and the stamp as the formats print them ------------------------------------


SIGNED = SignatureRecord(signatures=(
    PrintedSignature("Clara Arce", "Elaborado por", "Elaborado", datetime(2024, 3, 4, 9, 5, tzinfo=timezone(
        timedelta(hours=-6))), "0123456789abcdef"),
    PrintedSignature("Pablo Presidente", AUTHORIZER, "Autorizado", datetime(2024, 3, 4, 15, 30, tzinfo=UTC))),
    digest="e" * 64, is_verified=True, request=2)


class TestPrintedPage:
    """The formats print what the records say, and nothing without them."""

    @pytest.mark.parametrize("render", [to_markdown, to_html])
    def test_no_printing_prints_the_text_alone(self, render: Any) -> None:
        assert render(V4) == render(V4, None, None)
        assert "REGISTRO DE FIRMAS" not in render(V4) and "stamp" not in render(V4)

    def test_rows_with_a_key_and_without(self) -> None:
        text = to_markdown(V4, None, Printing(signatures=SIGNED))
        assert ("| Clara Arce | Elaborado por | Elaborado | 04 de marzo de 2024, 09:05 (UTC-06:00) | "
                "0123 4567 89ab cdef |") in text
        assert f"| Pablo Presidente | {AUTHORIZER} | Autorizado | 04 de marzo de 2024, 15:30 (UTC+00:00) | sin llave |" in text
        assert f"Huella del contenido firmado (SHA-256): {'e' * 64}" in text and CONFORMS in text

    @pytest.mark.parametrize("render", [to_markdown, to_html])
    def test_conformity_only_when_verified(self, render: Any) -> None:
        unverified = Printing(signatures=SignatureRecord(signatures=SIGNED.signatures, digest="e" * 64))
        text = render(V4, None, unverified)
        assert "conforme al original" not in text and "Huella del contenido firmado" in text
        assert "Este documento es conforme al original firmado" in render(V4, None, Printing(signatures=SIGNED))

    def test_a_draft_never_states_conformity(self) -> None:
        assert not Printing(stamp=Stamp("draft", "BORRADOR: no vigente")).states_conformity
        assert Printing(stamp=Stamp("superseded", "x"), signatures=SignatureRecord(is_imported=True)).states_conformity
        assert Printing().states_conformity

    def test_the_stamp_is_escaped(self) -> None:
        page = to_html(V4, None, Printing(stamp=Stamp("draft", "<b>&</b>")))
        assert "<b>&</b>" not in page and "&lt;b&gt;&amp;&lt;/b&gt;" in page

    @pytest.mark.parametrize(("fingerprint", "printed"), [
        ("0123456789abcdef", "0123 4567 89ab cdef"), ("0123456789abcdef0011", "0123 4567 89ab cdef"),
        (None, "sin llave")])
    def test_key_text(self, fingerprint: str | None, printed: str) -> None:
        assert key_text(fingerprint) == printed


class TestSignatureRecord:
    """The record behind the page, read from the store."""

    def test_published_imported_and_draft(self, history: Path) -> None:
        store = Store.open(str(history))
        control, refs = ChangeControl(store), store.refs(CODE)
        assert signature_record(control, CODE, None) is None
        assert signature_record(control, CODE, refs.version(5)) == SignatureRecord(is_imported=True)
        record = signature_record(control, CODE, refs.version(6))
        assert record is not None and record.is_verified and not record.is_imported
        assert [s.meaning for s in record.signatures] == ["Elaborado", "Revisado", "Revisado", "Revisado",
                                                          "Autorizado"]
        assert all(s.time.tzinfo is not None and s.fingerprint is None for s in record.signatures)
        assert re.fullmatch(r"[0-9a-f]{64}", record.digest)
        assert record.request == 1

