"""How much docversion reads from a user's files, in one place.

Every figure is far above what a real manual needs and far below what would exhaust memory, so
that a wrong path (a disk image, ``/dev/zero``, a zip bomb) is refused at once instead of read.
Files are read with these limits enforced while reading (:mod:`docversion.bounded`), never from
the size a file claims. The README's section on the documents docversion reads quotes them.
"""

from __future__ import annotations

MIB = 1_048_576

MAX_TEXT_BYTES = 8 * MIB
"""A text document (the seed format): a 600-position manual is under 4 MB."""

MAX_DOCX_BYTES = 32 * MIB
"""A .docx file as it lies on disk (compressed): a Word file may carry images and styles."""

MAX_DOCX_PARTS = 2000
"""Entries in a .docx zip."""

MAX_DOCX_PART_BYTES = 64 * MIB
"""One part of a .docx, unpacked."""

MAX_DOCX_UNPACKED_BYTES = 256 * MIB
"""All the parts of a .docx together, unpacked."""

MAX_DOCX_RATIO = 200
"""Unpacked size over compressed size of one part: beyond this a zip is a bomb, not a document."""

MAX_YAML_FILE_BYTES = 4 * MIB
"""One file of a canonical manual directory (manual.yaml or a position's file; both are KBs)."""

MAX_MANUAL_DIR_BYTES = 64 * MIB
"""All the files of a canonical manual directory together."""

MAX_POSITION_FILES = 5000
"""Entries under a canonical directory's positions/."""

MAX_KEY_BYTES = 64 * 1024
"""A key file (PEM or OpenSSH, private or public): an Ed25519 key is under 1 KB."""


def describe_size(size: int) -> str:
    """``size`` bytes as the README writes a limit: ``8 MiB``, ``64 KiB``, ``100 bytes``."""
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"
