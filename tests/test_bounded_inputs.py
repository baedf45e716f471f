"""Bounded inputs: what docversion reads from a user is a regular file within a limit, a Word
container checked in every encoding and every part, a canonical directory without links.

Every refusal goes through the command line and asserts exit 5, a message naming the path (or
the part), and, for an import, that the store's refs did not move. Reads that could hang (a
named pipe) run in a child process with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docversion import limits
from docversion.bounded import read_regular_file
from docversion.cli import cli
from docversion.errors import UnsupportedFormatError
from docversion.files import read_document, write_manual_dir
from docversion.formats.docx.writer import write_docx
from docversion.model import Manual

from .conftest import REPO, SEED_PATH

AUTHOR = "Ana Analista <ana@example.org>"
CODE = "900-0935"
CANONICAL = REPO / "manuals" / CODE
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ENTITY = '<!DOCTYPE w:document [<!ENTITY org "Institución">]>'
TIMEOUT = 60


def invoke(store: Path | None, *args: str) -> Result:
    prefix = ["--store", str(store)] if store is not None else []
    return CliRunner().invoke(cli, [*prefix, *args])


def run(store: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a child process that is killed after TIMEOUT seconds (a hang fails)."""
    prefix = ["--store", str(store)] if store is not None else []
    return subprocess.run([sys.executable, "-m", "docversion", *prefix, *args], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False, env={**os.environ, "NO_COLOR": "1"})


def refs(store: Path) -> str:
    return subprocess.run(["git", "--git-dir", str(store), "for-each-ref"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A bare store holding the seed as a draft, so that a ref that moves shows."""
    path = tmp_path / "store.git"
    assert invoke(None, "init", "--bare", str(path)).exit_code == 0
    done = invoke(path, "import", "--author", AUTHOR, "--code", CODE, str(SEED_PATH))
    assert done.exit_code == 0, done.stderr
    assert refs(path)
    return path


def assert_import_refused(store: Path, document: Path, *words: str) -> Result:
    """``import document`` exits 5 naming ``document`` and each of ``words``, and moves no ref."""
    before = refs(store)
    done = invoke(store, "import", "--author", AUTHOR, "--code", CODE, str(document))
    assert done.exit_code == 5, (done.exit_code, done.stderr, done.exception)
    assert str(document) in done.stderr
    for word in words:
        assert word in done.stderr
    assert refs(store) == before
    return done


class TestNotARegularFile:
    """A device, a named pipe or a directory where a file is expected is refused at once."""

    def test_import_of_dev_zero(self, store: Path) -> None:
        """/dev/zero reports a size of 0 and never ends: refused as a device before a byte is read."""
        assert_import_refused(store, Path("/dev/zero"), "character device")

    def test_import_of_a_named_pipe_returns_at_once(self, store: Path, tmp_path: Path) -> None:
        """A pipe with no writer would block an ordinary open; it is refused without waiting."""
        for name in ("manual.txt", "manual.docx"):
            pipe = tmp_path / name
            os.mkfifo(pipe)
            before = refs(store)
            done = run(store, "import", "--author", AUTHOR, "--code", CODE, str(pipe))
            assert done.returncode == 5, done.stderr
            assert str(pipe) in done.stderr and "named pipe" in done.stderr
            assert refs(store) == before

    def test_a_directory_where_manual_yaml_is_expected(self, store: Path, tmp_path: Path) -> None:
        directory = tmp_path / "manual"
        shutil.copytree(CANONICAL, directory)
        (directory / "manual.yaml").unlink()
        (directory / "manual.yaml").mkdir()
        for named in (directory, directory / "manual.yaml"):
            assert_import_refused(store, named, str(directory / "manual.yaml"), "is a directory")

    def test_a_directory_where_a_position_file_is_expected(self, store: Path, tmp_path: Path) -> None:
        directory = tmp_path / "manual"
        shutil.copytree(CANONICAL, directory)
        (directory / "positions" / "extra.yaml").mkdir()
        assert_import_refused(store, directory, "positions/extra.yaml", "is a directory")

    def test_validate_and_diff_refuse_a_device_too(self) -> None:
        for args in (("validate", "/dev/zero"), ("convert", "/dev/zero", "-o", "/nonexistent/out"),
                     ("diff", str(SEED_PATH), "/dev/zero")):
            done = invoke(None, *args)
            assert done.exit_code == 5, (args, done.stderr)
            assert "/dev/zero" in done.stderr


class TestSizeLimits:
    """The limit is enforced while reading: one byte over it is refused, the limit itself is read."""

    def test_a_text_document_one_byte_over_the_limit(self, store: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
        data = SEED_PATH.read_bytes()
        document = tmp_path / "manual.txt"
        document.write_bytes(data + b"\n")
        monkeypatch.setattr(limits, "MAX_TEXT_BYTES", len(data))
        assert_import_refused(store, document, f"more than {len(data)} bytes")

    def test_a_text_document_at_the_limit_is_read(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        data = SEED_PATH.read_bytes()
        monkeypatch.setattr(limits, "MAX_TEXT_BYTES", len(data))
        assert invoke(None, "validate", str(SEED_PATH)).exit_code == 0

    def test_a_word_file_over_the_limit(self, store: Path, tmp_path: Path, seed_manual: Manual,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
        document = tmp_path / "manual.docx"
        document.write_bytes(write_docx(seed_manual))
        monkeypatch.setattr(limits, "MAX_DOCX_BYTES", document.stat().st_size - 1)
        assert_import_refused(store, document, "Word files over")

    def test_a_canonical_file_over_the_limit(self, store: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
        directory = tmp_path / "manual"
        shutil.copytree(CANONICAL, directory)
        largest = max((directory / "positions").iterdir(), key=lambda path: path.stat().st_size)
        monkeypatch.setattr(limits, "MAX_YAML_FILE_BYTES", largest.stat().st_size - 1)
        assert_import_refused(store, directory, str(largest), "canonical YAML files over")

    def test_a_canonical_directory_over_its_total(self, store: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(limits, "MAX_MANUAL_DIR_BYTES", 10_000)
        assert_import_refused(store, CANONICAL, "the manual's files hold more than")

    def test_the_size_a_file_claims_is_not_trusted(self, tmp_path: Path) -> None:
        """A file that grows past its stat size is still cut at the limit (here: /dev/zero's 0)."""
        with pytest.raises(UnsupportedFormatError, match="character device"):
            read_regular_file(Path("/dev/zero"), 10)
        path = tmp_path / "eleven"
        path.write_bytes(b"x" * 11)
        with pytest.raises(UnsupportedFormatError, match="more than 10 bytes"):
            read_regular_file(path, 10)
        assert read_regular_file(path, 11) == b"x" * 11


class TestKeyFiles:
    """Key files are regular files of at most 64 KiB."""

    def test_keys_add_dev_zero(self, store: Path) -> None:
        before = refs(store)
        done = invoke(store, "keys", "add", "/dev/zero", "--person", "Ana", "--role", "Analista")
        assert done.exit_code == 5, done.stderr
        assert "/dev/zero" in done.stderr and "character device" in done.stderr
        assert refs(store) == before

    def test_a_key_option_naming_a_named_pipe(self, store: Path, tmp_path: Path) -> None:
        pipe = tmp_path / "key.pem"
        os.mkfifo(pipe)
        before = refs(store)
        done = run(store, "submit", CODE, "--key", str(pipe))
        assert done.returncode == 5, done.stderr
        assert str(pipe) in done.stderr and "named pipe" in done.stderr
        assert refs(store) == before

    def test_init_with_an_admin_key_over_64_kib_makes_no_store(self, tmp_path: Path) -> None:
        key = tmp_path / "admin.pem"
        assert invoke(None, "keys", "generate", "-o", str(key)).exit_code == 0
        key.write_bytes(key.read_bytes().ljust(limits.MAX_KEY_BYTES + 1, b"\n"))
        done = invoke(None, "init", "--bare", str(tmp_path / "new.git"), "--admin-key", str(key), "--admin", "Ana")
        assert done.exit_code == 5, done.stderr
        assert str(key) in done.stderr and "64 KiB" in done.stderr
        assert not (tmp_path / "new.git").exists()


def rebuilt(data: bytes, change: Callable[[str, bytes], bytes | None],
            extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """The .docx ``data`` with each part passed through ``change`` (None drops it), then ``extra``
    entries appended (a name already present makes a duplicate entry)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            changed = change(info.filename, source.read(info.filename))
            if changed is not None:
                target.writestr(info.filename, changed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile warns of a duplicate name
            for name, body in extra:
                target.writestr(name, body)
    return out.getvalue()


def encoded(xml: bytes, codec: str, *, declared: str | None = None, bom: bytes = b"",
            prolog: str = "", entity_text: bool = False) -> bytes:
    """A UTF-8 XML part re-encoded with ``codec`` (its declaration naming ``declared``), with
    ``prolog`` after the declaration and, with ``entity_text``, the first text using ``&org;``."""
    text = xml.decode("utf-8")
    declaration, body = text.split("?>", 1)
    declaration = re.sub(r"encoding=(['\"])[^'\"]*\1", f"encoding='{declared or codec.upper()}'", declaration)
    if entity_text:
        body = body.replace("<w:t>", "<w:t>&org; ", 1)
    return bom + f"{declaration}?>{prolog}{body}".encode(codec)


def docx_with(tmp_path: Path, seed_manual: Manual, change: Callable[[str, bytes], bytes | None],
              extra: tuple[tuple[str, bytes], ...] = ()) -> Path:
    path = tmp_path / "manual.docx"
    path.write_bytes(rebuilt(write_docx(seed_manual), change, extra))
    return path


def in_document(transform: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, part: transform(part) if name == "word/document.xml" else part


ENCODINGS: dict[str, tuple[str, str, bytes]] = {
    # name: the codec, the declared encoding and the byte-order mark
    "utf-16-le-bom": ("utf-16-le", "UTF-16", codecs.BOM_UTF16_LE),
    "utf-16-be": ("utf-16-be", "UTF-16", b""),
    "utf-32-be": ("utf-32-be", "UTF-32", b""),
    "utf-32-le-bom": ("utf-32-le", "UTF-32", codecs.BOM_UTF32_LE),
    "utf-8-bom": ("utf-8", "UTF-8", codecs.BOM_UTF8),
}


class TestWordContainers:
    """A .docx's parts are checked in every encoding XML allows, whatever their names; each part once."""

    @pytest.mark.parametrize("encoding", list(ENCODINGS))
    def test_a_document_part_in_any_unicode_encoding_reads_as_the_seed(
            self, encoding: str, tmp_path: Path, seed_manual: Manual) -> None:
        """The control: the encodings checked below are read, text and all, not dropped."""
        codec, declared, bom = ENCODINGS[encoding]
        path = docx_with(tmp_path, seed_manual, in_document(lambda xml: encoded(xml, codec, declared=declared,
                                                                                bom=bom)))
        assert read_document(path).manual == seed_manual

    @pytest.mark.parametrize("encoding", list(ENCODINGS))
    def test_a_doctype_and_entity_are_refused_in_every_encoding(self, encoding: str, store: Path, tmp_path: Path,
                                                                seed_manual: Manual) -> None:
        """Among them UTF-16 LE with a byte-order mark and UTF-32 BE without one."""
        codec, declared, bom = ENCODINGS[encoding]
        path = docx_with(tmp_path, seed_manual, in_document(lambda xml: encoded(
            xml, codec, declared=declared, bom=bom, prolog=ENTITY, entity_text=True)))
        assert_import_refused(store, path, "word/document.xml", "declares XML entities")

    def test_an_encoding_docversion_does_not_read_is_refused(self, store: Path, tmp_path: Path,
                                                             seed_manual: Manual) -> None:
        """UTF-7 hides '<!ENTITY' as '+ADw-!ENTITY' from a byte search; the XML parser reads it."""
        def utf7(xml: bytes) -> bytes:
            declaration, body = xml.decode("utf-8").split("?>", 1)
            declaration = re.sub(r"encoding=(['\"])[^'\"]*\1", "encoding='UTF-7'", declaration)
            return f"{declaration}?>".encode("ascii") + (ENTITY + body).encode("utf-7")

        path = docx_with(tmp_path, seed_manual, in_document(utf7))
        assert_import_refused(store, path, "word/document.xml", "'UTF-7'", "does not read")

    def test_bytes_invalid_in_their_encoding_are_refused(self, store: Path, tmp_path: Path,
                                                         seed_manual: Manual) -> None:
        path = docx_with(tmp_path, seed_manual, in_document(
            lambda xml: encoded(xml, "utf-16-le", declared="UTF-16", bom=codecs.BOM_UTF16_LE) + b"\x00\xd8"))  # a lone surrogate at the end
        assert_import_refused(store, path, "word/document.xml", "not valid UTF-16")

    def test_an_entity_in_a_main_part_not_named_xml(self, store: Path, tmp_path: Path, seed_manual: Manual) -> None:
        """The package's relationships make word/body.part the main document; word/document.xml
        stays as a clean decoy. The part is read (the control), and its entity is refused."""
        def moved(*, has_entity: bool) -> Callable[[str, bytes], bytes | None]:
            def change(name: str, part: bytes) -> bytes | None:
                if name == "_rels/.rels":
                    return part.replace(b"word/document.xml", b"word/body.part")
                if name == "[Content_Types].xml":
                    return part.replace(b"</Types>", f'<Override PartName="/word/body.part" '
                                                     f'ContentType="{MAIN_TYPE}"/></Types>'.encode())
                return part
            return change

        document = zipfile.ZipFile(io.BytesIO(write_docx(seed_manual))).read("word/document.xml")
        rels = zipfile.ZipFile(io.BytesIO(write_docx(seed_manual))).read("word/_rels/document.xml.rels")
        clean = docx_with(tmp_path, seed_manual, moved(has_entity=False),
                          (("word/body.part", document), ("word/_rels/body.part.rels", rels)))
        assert read_document(clean).manual == seed_manual
        bad = encoded(document, "utf-8", declared="UTF-8", prolog=ENTITY, entity_text=True)
        path = docx_with(tmp_path, seed_manual, moved(has_entity=True),
                         (("word/body.part", bad), ("word/_rels/body.part.rels", rels)))
        assert_import_refused(store, path, "word/body.part", "entities")

    def test_two_document_parts(self, store: Path, tmp_path: Path, seed_manual: Manual) -> None:
        """Word reads the first of two entries of one name, python-docx the last: refused."""
        other = zipfile.ZipFile(io.BytesIO(write_docx(seed_manual))).read("word/document.xml")
        path = docx_with(tmp_path, seed_manual, lambda name, part: part,
                         (("word/document.xml", other.replace(b"<w:t>", b"<w:t>Otro ", 1)),))
        assert [i.filename for i in zipfile.ZipFile(path).infolist()].count("word/document.xml") == 2
        assert_import_refused(store, path, "word/document.xml twice")

    def test_two_parts_whose_names_differ_only_in_case(self, store: Path, tmp_path: Path,
                                                       seed_manual: Manual) -> None:
        other = zipfile.ZipFile(io.BytesIO(write_docx(seed_manual))).read("word/document.xml")
        path = docx_with(tmp_path, seed_manual, lambda name, part: part, (("Word/Document.xml", other),))
        assert_import_refused(store, path, "Word/Document.xml twice")

    def test_a_binary_part_is_not_taken_for_text(self, tmp_path: Path, seed_manual: Manual) -> None:
        """An image whose bytes hold '<!ENTITY' is not XML: it is not decoded, and not refused."""
        path = docx_with(tmp_path, seed_manual, lambda name, part: part,
                         (("word/media/image1.png", b"\x89PNG\r\n\x1a\n<!ENTITY \xff\xfe"),))
        assert read_document(path).manual == seed_manual


class TestCanonicalLinks:
    """A symbolic link anywhere in a canonical directory is refused, not followed."""

    @pytest.fixture
    def directory(self, tmp_path: Path, seed_manual: Manual) -> Path:
        target = tmp_path / "manual"
        write_manual_dir(seed_manual, target)
        return target

    def test_manual_yaml_linked_to_a_file_outside(self, store: Path, tmp_path: Path, directory: Path) -> None:
        outside = tmp_path / "elsewhere.yaml"
        shutil.move(directory / "manual.yaml", outside)
        (directory / "manual.yaml").symlink_to(outside)
        assert_import_refused(store, directory, str(directory / "manual.yaml"), "symbolic link")
        assert_import_refused(store, directory / "manual.yaml", str(directory / "manual.yaml"), "symbolic link")

    def test_positions_linked_to_a_directory_outside(self, store: Path, tmp_path: Path, directory: Path) -> None:
        outside = tmp_path / "positions-elsewhere"
        shutil.move(directory / "positions", outside)
        (directory / "positions").symlink_to(outside, target_is_directory=True)
        assert_import_refused(store, directory, str(directory / "positions"), "symbolic link")

    def test_a_linked_directory_inside_positions(self, store: Path, tmp_path: Path, directory: Path) -> None:
        (tmp_path / "other").mkdir()
        (directory / "positions" / "more").symlink_to(tmp_path / "other", target_is_directory=True)
        assert_import_refused(store, directory, str(directory / "positions" / "more"), "symbolic link")

    def test_a_linked_position_file(self, store: Path, tmp_path: Path, directory: Path) -> None:
        position = sorted((directory / "positions").iterdir())[0]
        outside = tmp_path / position.name
        shutil.move(position, outside)
        position.symlink_to(outside)
        assert_import_refused(store, directory, str(position), "symbolic link")

    def test_a_directory_named_through_a_link_is_read(self, tmp_path: Path, directory: Path,
                                                      seed_manual: Manual) -> None:
        """The directory the user names may itself be reached through a link; only its contents may not."""
        link = tmp_path / "link"
        link.symlink_to(directory, target_is_directory=True)
        assert read_document(link).manual == seed_manual
