"""The text corpus (tests/corpus/text): three manuals typed by hand in the seed's text format,
their expected readings written by hand as canonical directories, and variants that each add
one quirk of a Word-to-text conversion to one of them (tests/corpus/text/variants.yaml).

Each manual must read exactly as its expected directory, with no warning, and validate on the
command line. Each variant must read as its base does (or with the listed changes), with
exactly one warning on each line its ``warnings`` snippets start on and none elsewhere, or be
refused with an InvalidInputError (exit code 5) naming the line its error snippet starts on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from docversion.cli import cli
from docversion.errors import InvalidInputError
from docversion.files import read_manual_dir
from docversion.formats.canonical import dump_manual
from docversion.formats.text.reader import ReadResult, read_seed_text

CORPUS = Path(__file__).parent / "corpus" / "text"
MANUALS = ("420-0210", "510-0305", "630-0415")
VARIANTS: list[dict[str, Any]] = yaml.safe_load((CORPUS / "variants.yaml").read_text(encoding="utf-8"))
MAX_DIFFERENCES = 40


def document(code: str) -> Path:
    return CORPUS / f"{code}.txt"


@cache
def expected_dump(code: str) -> dict[str, Any]:
    """The expected reading of a manual, as ``model_dump(mode="json")``."""
    return read_manual_dir(CORPUS / "expected" / code).model_dump(mode="json")


def read(text: str, source: str) -> ReadResult:
    return read_seed_text(text.encode("utf-8"), source, is_lenient=False)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of a dump by dotted path (``positions.1.periodic_functions.weekly.0``); empty lists
    and mappings are leaves too, so a list that lost its items shows."""
    if isinstance(value, dict) and value:
        found: dict[str, Any] = {}
        for key, item in value.items():
            found.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return found
    if isinstance(value, list) and value:
        found = {}
        for index, item in enumerate(value):
            found.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return found
    return {prefix: value}


def differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """One readable line per path whose value differs between two dumps."""
    flat_got, flat_want = flatten(got), flatten(want)
    lines = []
    for path in sorted(set(flat_got) | set(flat_want)):
        if flat_got.get(path, "<absent>") != flat_want.get(path, "<absent>"):
            lines.append(f"{path}:\n    read:     {flat_got.get(path, '<absent>')!r}\n"
                         f"    expected: {flat_want.get(path, '<absent>')!r}")
    if len(lines) > MAX_DIFFERENCES:
        lines = [*lines[:MAX_DIFFERENCES], f"... and {len(lines) - MAX_DIFFERENCES} more"]
    return lines


def with_changes(dump: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``dump`` with the value at each dotted path replaced."""
    result: Any = yaml.safe_load(yaml.safe_dump(dump, allow_unicode=True))  # a deep copy of plain data
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = result
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            assert int(last) < len(node), f"{path} does not exist in the base's reading"
            node[int(last)] = value
        else:
            assert last in node, f"{path} does not exist in the base's reading"
            node[last] = value
    return result


def line_of(text: str, snippet: str) -> int:
    """The 1-based line where ``snippet``, which must occur exactly once, starts."""
    assert text.count(snippet) == 1, f"snippet {snippet!r} occurs {text.count(snippet)} times"
    return text[: text.index(snippet)].count("\n") + 1


def variant_text(entry: dict[str, Any]) -> str:
    text = document(entry["base"]).read_text(encoding="utf-8")
    for number, replacement in enumerate(entry["replace"], start=1):
        count = text.count(replacement["old"])
        assert count == 1, f"replacement {number}: 'old' occurs {count} times in the text"
        text = text.replace(replacement["old"], replacement["new"])
    return text


def describe_warnings(result: ReadResult) -> str:
    return "; ".join(f"line {w.line}: {w.message}" for w in result.warnings) or "none"


class TestCorpusFiles:
    """The corpus itself is well formed."""

    def test_expected_directories_are_canonical(self) -> None:
        """Each expected directory is byte for byte what the canonical writer makes of it."""
        for code in MANUALS:
            directory = CORPUS / "expected" / code
            files = dump_manual(read_manual_dir(directory))
            on_disk = {str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*.yaml")}
            assert on_disk == files, code

    def test_variants_are_well_formed(self) -> None:
        """Unique names, known bases, one kind of expectation each, and at least 60 of them."""
        names = [entry["name"] for entry in VARIANTS]
        assert len(names) == len(set(names)) and len(names) >= 60
        for entry in VARIANTS:
            assert entry["base"] in MANUALS and entry["quirk"] and entry["replace"], entry["name"]
            expect = entry["expect"]
            assert expect == "same" or (isinstance(expect, dict) and len(expect) == 1
                                        and next(iter(expect)) in ("changes", "error")), entry["name"]


class TestManuals:
    """Each manual reads exactly as its hand-written expected directory, with no warning."""

    @pytest.mark.parametrize("code", MANUALS)
    def test_reads_as_expected(self, code: str) -> None:
        result = read(document(code).read_text(encoding="utf-8"), str(document(code)))
        diffs = differences(result.manual.model_dump(mode="json"), expected_dump(code))
        assert not diffs, "the reading differs from the expected directory:\n" + "\n".join(diffs)

    @pytest.mark.parametrize("code", MANUALS)
    def test_no_warnings(self, code: str) -> None:
        result = read(document(code).read_text(encoding="utf-8"), str(document(code)))
        assert not result.warnings, describe_warnings(result)

    @pytest.mark.parametrize("code", MANUALS)
    def test_validate_command(self, code: str) -> None:
        """``docversion validate FILE`` accepts the manual (exit 0)."""
        outcome = CliRunner().invoke(cli, ["validate", str(document(code))])
        assert outcome.exit_code == 0, outcome.stderr or outcome.output


@pytest.mark.parametrize("entry", VARIANTS, ids=[entry["name"] for entry in VARIANTS])
def test_variant(entry: dict[str, Any]) -> None:
    """A variant reads as its base (or with the listed changes), warning exactly where listed,
    or is refused on the line of its error snippet."""
    text = variant_text(entry)
    source = f"{entry['name']}.txt"
    expect = entry["expect"]
    if isinstance(expect, dict) and "error" in expect:
        with pytest.raises(InvalidInputError) as caught:
            read(text, source)
        assert caught.value.exit_code == 5
        assert caught.value.line == line_of(text, expect["error"]), (
            f"error on line {caught.value.line}, expected line {line_of(text, expect['error'])}: {caught.value}")
        return
    try:
        result = read(text, source)
    except InvalidInputError as exc:
        pytest.fail(f"refused: {exc} (line {exc.line})")
    want = expected_dump(entry["base"])
    if isinstance(expect, dict):
        want = with_changes(want, expect["changes"])
    problems = differences(result.manual.model_dump(mode="json"), want)
    warned = sorted(warning.line for warning in result.warnings)
    wanted = sorted(line_of(text, snippet) for snippet in entry.get("warnings", []))
    if warned != wanted:
        problems.append(f"warnings on lines {warned}, expected on lines {wanted}: {describe_warnings(result)}")
    assert not problems, "\n".join(problems)
