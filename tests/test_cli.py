"""The command line: convert, show, validate and schema, in text and JSON."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from docversion.cli import cli
from docversion.files import read_manual_dir
from docversion.model import Manual

from .conftest import REPO, SEED_PATH


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestConvert:
    """convert writes the canonical form and says where."""

    def test_seed_to_directory(self, tmp_path: Path, seed_manual: Manual) -> None:
        code, _, err = run("convert", str(SEED_PATH), "-o", str(tmp_path / "out"))
        assert code == 0, err
        assert read_manual_dir(tmp_path / "out") == seed_manual
        assert "3 positions" in err

    def test_json_report(self, tmp_path: Path) -> None:
        code, out, _ = run("convert", str(SEED_PATH), "-o", str(tmp_path / "out"), "--json")
        report = json.loads(out)
        assert code == 0 and report["ok"] is True and report["schema_version"] == 1
        assert report["positions"][0] == "jefe-area-de-servicios-en-linea"

    def test_directory_to_directory(self, tmp_path: Path) -> None:
        code, _, _ = run("convert", str(REPO / "manuals" / "900-0935"), "-o", str(tmp_path / "copy"))
        assert code == 0
        for path in (REPO / "manuals" / "900-0935").rglob("*.yaml"):
            assert (tmp_path / "copy" / path.relative_to(REPO / "manuals" / "900-0935")).read_bytes() == \
                path.read_bytes()

    def test_refuses_to_replace_a_foreign_directory(self, tmp_path: Path) -> None:
        target = tmp_path / "notes"
        target.mkdir()
        (target / "todo.txt").write_text("keep me")
        code, _, err = run("convert", str(SEED_PATH), "-o", str(target))
        assert code == 5 and "refusing to replace" in err
        assert sorted(p.name for p in target.iterdir()) == ["todo.txt"]


class TestShow:
    """show prints the manual for a person, or one JSON document."""

    def test_text(self) -> None:
        code, out, _ = run("show", str(SEED_PATH))
        assert code == 0
        for expected in ("900 0935", "Presidente y Director Ejecutivo",
                         "3 (30, 30, 20)", "Clara Arce", "MODIFICACIONES REALIZADAS", "Promotor de"):
            assert expected in out

    def test_json_equals_the_model(self, seed_manual: Manual) -> None:
        code, out, _ = run("show", str(REPO / "manuals" / "900-0935"), "--json")
        document = json.loads(out)
        assert code == 0 and document["schema_version"] == 1
        assert Manual.model_validate(document["manual"]) == seed_manual


class TestValidate:
    """validate says ok or names the fault, with exit 5."""

    def test_ok(self) -> None:
        code, out, _ = run("validate", str(SEED_PATH))
        assert code == 0 and "version 05, 3 positions, 5 revisions" in out

    def test_fault_names_file_and_line(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.txt"
        bad.write_text(SEED_PATH.read_text(encoding="utf-8").replace(">60%<", ">160%<"),
                       encoding="utf-8")
        code, out, err = run("validate", str(bad), "--json")
        assert code == 5
        assert "bad.txt" in err
        error = json.loads(out)["error"]
        assert error["exit_code"] == 5 and error["source"].endswith("bad.txt") and error["line"] == 148

    def test_lenient_turns_unplaced_text_into_warnings(self, tmp_path: Path) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(
            "VALORES:\n", "Texto suelto sin etiqueta.\n\nVALORES:\n", 1)
        bad = tmp_path / "loose.txt"
        bad.write_text(text, encoding="utf-8")
        assert run("validate", str(bad))[0] == 5
        code, out, err = run("validate", str(bad), "--lenient", "--json")
        assert code == 0
        assert "Texto suelto sin etiqueta" in json.loads(out)["warnings"][0]
        assert "warning:" in err


class TestSchemaAndHelp:
    """The JSON Schema and the documented exit codes."""

    def test_schema(self) -> None:
        code, out, _ = run("schema")
        schema = json.loads(out)
        assert code == 0 and schema["title"] == "Manual" and "Position" in schema["$defs"]

    def test_help_lists_exit_codes(self) -> None:
        code, out, _ = run("--help")
        assert code == 0 and "5 invalid input" in out

    def test_readme_first_command(self, tmp_path: Path) -> None:
        """The README's first command, less its install steps, builds the store and shows v1 to v5."""
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        command = readme.split("```sh\n", 1)[1].split("\n```", 1)[0]
        shutil.copytree(REPO / "manuals", tmp_path / "manuals")
        steps = [shlex.split(step) for step in command.split("&&")]
        steps = [step for step in steps if step[0] == ".venv/bin/docversion"]
        assert len(steps) == 3
        for _ in range(2):  # running it again works too
            for step in steps:
                args = [arg for pattern in step[1:] for arg in (
                    sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob(pattern)) if "*" in pattern
                    else [pattern])]
                result = subprocess.run([sys.executable, "-m", "docversion", *args], cwd=tmp_path, text=True,
                                        capture_output=True, check=False, timeout=120,
                                        env={**os.environ, "COLUMNS": "160"})
                assert result.returncode == 0, result.stderr
        for version, day in ((5, "2018-01-02"), (3, "2013-10-01"), (1, "2011-07-29")):
            assert f"v{version} · in force from {day} · imported" in result.stdout
        assert "Prepared    Roxana Villalobos (Elaborado por)" in result.stdout

    def test_console_script_and_module(self) -> None:
        """python -m docversion shows the bundled canonical manual."""
        result = subprocess.run([sys.executable, "-m", "docversion", "show", str(REPO / "manuals" / "900-0935")],
                                capture_output=True, text=True, check=False, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "Asistente de Soporte de" in result.stdout
