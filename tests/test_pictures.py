"""The README's pictures (scripts/pictures.py): made from the bundled history, they come out as PNGs
of the size a page spread and a 100-column terminal have, and a missing converter is named."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pictures", REPO / "scripts" / "pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pictures = _load_script()
TOOLS = ("soffice", "pdftoppm", "pdftotext")
HAS_TOOLS = all(shutil.which(tool) for tool in TOOLS) and (
    shutil.which("rsvg-convert") is not None or pictures._imagemagick() is not None)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Both pictures, made once into a temporary directory, by file name."""
    if not HAS_TOOLS:  # .ci/run installs them, so CI never skips this
        pytest.skip("LibreOffice, poppler-utils or an SVG converter (librsvg2-bin) is not installed")
    out = tmp_path_factory.mktemp("pictures")
    return {path.name: path.read_bytes() for path in pictures.make_pictures(out)}


@pytest.mark.slow
class TestPictures:
    """make_pictures writes export-page.png and terminal-diff.png."""

    def test_both_pictures_are_written_as_pngs(self, made: dict[str, bytes]) -> None:
        assert sorted(made) == ["export-page.png", "terminal-diff.png"]
        for name, data in made.items():
            assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
            assert 20_000 < len(data) < 5_000_000, (name, len(data))

    def test_the_export_shows_two_pages_side_by_side(self, made: dict[str, bytes]) -> None:
        width, height = pictures.png_size(made["export-page.png"])
        page_width, page_height = (width - 3 * pictures.MARGIN) / 2, height - 2 * pictures.MARGIN
        assert page_width < page_height  # portrait pages, side by side
        assert 10 * pictures.DPI < page_height < 12 * pictures.DPI  # Letter or A4 at 80 dpi

    def test_the_diff_is_a_terminal_of_100_columns(self, made: dict[str, bytes]) -> None:
        width, height = pictures.png_size(made["terminal-diff.png"])
        assert 100 * 11 < width < 100 * 13 + 100  # a cell of 20 px type is about 12 px wide
        assert height > 30 * 24  # the diff of v4 and v5 runs to some 60 lines of 24 px


class TestWithoutAConverter:
    """With no rsvg-convert and no ImageMagick, the script says what to install."""

    def test_the_error_names_the_package(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(pictures.shutil, "which", lambda name: None)
        with pytest.raises(pictures.PictureError, match="install librsvg2-bin"):
            pictures.svg_to_png("<svg xmlns='http://www.w3.org/2000/svg'/>", tmp_path / "picture.png")
        assert not (tmp_path / "picture.png").exists()

    def test_a_convert_that_is_not_imagemagick_does_not_count(self, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
        impostor = tmp_path / "convert"
        impostor.write_text("#!/bin/sh\necho 'convert: ImageMagick is not installed here'\n", encoding="utf-8")
        impostor.chmod(0o755)
        monkeypatch.setenv("PATH", str(tmp_path))
        assert pictures._imagemagick() is None
