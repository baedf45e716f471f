"""The canonical YAML form: exact round trips, stable bytes, one parser for read and write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docversion.files import read_manual_dir, write_manual_dir
from docversion.formats import yamlio
from docversion.formats.canonical import dump_manual, load_manual
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

from .conftest import REPO
from .strategies import manuals

BUNDLED = REPO / "manuals" / "900-0935"


def bundled_files() -> dict[str, bytes]:
    return {str(path.relative_to(BUNDLED)): path.read_bytes()
            for path in BUNDLED.rglob("*.yaml")}


class TestRoundTrips:
    """seed -> model -> YAML -> model, and YAML -> model -> YAML."""

    def test_seed_model_yaml_model(self, seed_manual: Manual) -> None:
        assert load_manual(dump_manual(seed_manual)) == seed_manual

    def test_yaml_model_yaml_is_byte_identical(self) -> None:
        files = bundled_files()
        assert dump_manual(load_manual(files)) == files

    def test_equal_models_give_identical_bytes(self, seed_bytes: bytes) -> None:
        first = read_seed_text(seed_bytes, "a.txt").manual
        second = read_seed_text(seed_bytes, "b.txt").manual
        assert first is not second
        assert dump_manual(first) == dump_manual(second)

    def test_python_and_c_emitters_agree(self, seed_manual: Manual, monkeypatch: pytest.MonkeyPatch) -> None:
        """A machine without libyaml writes the same bytes."""
        with_c = dump_manual(seed_manual)
        python_dumper = type("PythonNoAliasDumper", (yaml.SafeDumper,), {"ignore_aliases": lambda *_: True})
        monkeypatch.setattr(yamlio, "_NoAliasDumper", python_dumper)
        assert dump_manual(seed_manual) == with_c

    def test_one_value_in_two_places_is_written_twice(self, seed_manual: Manual) -> None:
        """The same date object on the cover and in a row makes no YAML alias (the loader refuses them)."""
        day = seed_manual.cover.in_force
        data = seed_manual.model_dump()
        data["revisions"][-1]["in_force"] = day
        manual = Manual.model_validate(data)
        assert manual.cover.in_force is manual.revisions[-1].in_force
        files = dump_manual(manual)
        assert b"&id" not in files["manual.yaml"] and load_manual(files) == manual

    def test_directory_round_trip(self, seed_manual: Manual, tmp_path: Path) -> None:
        target = tmp_path / "900-0935"
        write_manual_dir(seed_manual, target)
        assert read_manual_dir(target) == seed_manual
        write_manual_dir(seed_manual, target)  # replacing an earlier copy
        assert read_manual_dir(target) == seed_manual


class TestLayout:
    """One file for the cover and table, one per position named by its id."""

    def test_file_names(self, seed_manual: Manual) -> None:
        assert sorted(dump_manual(seed_manual)) == [
            "manual.yaml",
            "positions/asistente-de-soporte-de-servicios-en-linea.yaml",
            "positions/jefe-area-de-servicios-en-linea.yaml",
            "positions/promotor-de-servicios-en-linea.yaml",
        ]

    def test_text_is_utf8_nfc_lf(self, seed_manual: Manual) -> None:
        for data in dump_manual(seed_manual).values():
            text = data.decode("utf-8")
            assert "\r" not in text and text.endswith("\n")
            assert "Línea" in text or "positions" in text

    def test_a_rename_edits_one_file_only(self, seed_manual: Manual) -> None:
        before = dump_manual(seed_manual)
        renamed = seed_manual.positions[2].model_copy(update={"title": "Técnico de Soporte"})
        manual = seed_manual.model_copy(update={"positions": (*seed_manual.positions[:2], renamed)})
        after = dump_manual(manual)
        assert after.keys() == before.keys()
        assert [name for name in after if after[name] != before[name]] == [
            "positions/asistente-de-soporte-de-servicios-en-linea.yaml"]

    def test_tricky_strings_are_quoted(self, seed_manual: Manual) -> None:
        position = seed_manual.positions[0].model_copy(update={"skills": ("NO", "1.10", "2024-01-01")})
        manual = seed_manual.model_copy(update={"positions": (position, *seed_manual.positions[1:])})
        text = dump_manual(manual)[f"positions/{position.id}.yaml"].decode()
        assert "- 'NO'\n- '1.10'\n- '2024-01-01'\n" in text
        assert load_manual(dump_manual(manual)) == manual


class TestProperties:
    """Generated manuals (accents, quotes, colons, long text, empty lists, YAML look-alikes)."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(manuals())
    def test_model_yaml_model(self, manual: Manual) -> None:
        files = dump_manual(manual)
        loaded = load_manual(files)
        assert loaded == manual
        assert dump_manual(loaded) == files

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(manuals())
    def test_model_json_model(self, manual: Manual) -> None:
        assert Manual.model_validate_json(manual.model_dump_json()) == manual


def _outcome(read: Callable[[], object]) -> object:
    try:
        return ("value", repr(read()))  # repr: NaN is not equal to itself
    except (yamlio.CanonicalFormError, yaml.YAMLError, ValueError, RecursionError) as exc:
        return ("error", type(exc).__name__, str(exc))


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """load_yaml's outcome, and its outcome when every document goes through PyYAML's constructor."""
    fast = _outcome(lambda: yamlio.load_yaml(text, "x.yaml")[0])

    def unusual(node: object, loader: object) -> object:
        raise yamlio._Unusual

    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_build", unusual)
        slow = _outcome(lambda: yamlio.load_yaml(text, "x.yaml")[0])
    return fast, slow


_SCALARS = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.dates(),
                     st.sampled_from(["yes", "No", "~", "0o17", "017", "1_000", "0x1F", "1e3", ".inf", "2024-02-30",
                                      "2001-12-14t21:59:43.10-05:00", "<<", "=", "!x", "&a", "*a", "null", ""]))
_DOCUMENTS = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=12)


class TestFastConstruction:
    """load_yaml builds plain documents itself; whatever it builds, PyYAML's constructor (with the
    strict checks) builds the same, and what it leaves to PyYAML gives PyYAML's answer."""

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
    @given(data=_DOCUMENTS, flow=st.sampled_from([None, True, False]))
    def test_same_as_pyyaml(self, data: object, flow: bool | None, monkeypatch: pytest.MonkeyPatch) -> None:
        fast, slow = _both(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow), monkeypatch)
        assert fast == slow

    @pytest.mark.parametrize("text", [
        "a: 1\nb: [x, y]\n", "<<: {a: 1}\nb: 2\n", "a: !!str 12\n", "a: !!binary aGVsbG8=\n", "a: !custom x\n",
        "? [a]\n: 1\n", "1: a\n", "a: 1\na: 2\n", "=: x\n", "a: 2024-02-30\n", "a: 0o17\n", "a: yes\n",
        "a: {b: {c: [1, {d: e}]}}\n", "- 2001-12-14 21:59:43.10 -5\n", "a: !!set {x, y}\n", "a: !!omap [b: 1]\n",
        "a: &x 1\nb: *x\n", "a: .nan\n", "a: ''\n", "[" * 2000 + "]" * 2000,
    ])
    def test_edge_cases(self, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
        fast, slow = _both(text, monkeypatch)
        assert fast == slow

    def test_a_date_that_does_not_exist_names_its_line(self) -> None:
        with pytest.raises(yamlio.CanonicalFormError) as caught:
            yamlio.load_yaml("a: 1\nb:\n  c: 2024-02-30\n", "x.yaml")
        assert caught.value.line == 3 and "invalid value" in caught.value.message
