"""Shared fixtures: the seed manual (version 05 of 900 0935) as bytes and as a model."""

from __future__ import annotations

from pathlib import Path

import pytest

from docversion.formats.seed_text import read_seed_text
from docversion.model import Manual

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = FIXTURES / "seed-900-0935-v05.txt"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    """The seed document exactly as delivered."""
    return SEED_PATH.read_bytes()


@pytest.fixture(scope="session")
def seed_manual(seed_bytes: bytes) -> Manual:
    """The seed read into the model."""
    return read_seed_text(seed_bytes, str(SEED_PATH)).manual
