"""One ``git cat-file --batch`` process for all a read needs: the snapshots' trees, then blobs.

Names are written a round at a time and that round's answers read back before the next, so the
listing of two versions and the files the parse cache lacks come from one git process instead
of one per listing and one for the files. A round is written in pieces small enough for the
pipe, so neither side can wait on the other.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from types import TracebackType

from docversion.errors import DocversionError
from docversion.i18n import _
from docversion.store.gitcmd import Git

_PIECE = 256  # names written before their answers are read: well under a pipe's 64 KiB
_TREE, _GITLINK = b"40000", b"160000"


class CatFile:
    """A running ``git cat-file --batch``; use it in a ``with`` block, which ends the process."""

    def __init__(self, runner: Git) -> None:
        self._process = runner.start("cat-file", "--batch")

    def __enter__(self) -> CatFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        process = self._process
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def objects(self, names: Sequence[str]) -> list[tuple[str, str, bytes] | None]:
        """(id, type, content) of each named object, or None for a name git has no object for."""
        found: list[tuple[str, str, bytes] | None] = []
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None  # noqa: S101 (both are pipes)
        for start in range(0, len(names), _PIECE):
            piece = names[start:start + _PIECE]
            stdin.write("".join(f"{name}\n" for name in piece).encode("utf-8"))
            stdin.flush()
            for _name in piece:
                header = stdout.readline().decode("utf-8", "replace").split()
                if len(header) == 3 and header[2].isdigit():
                    size = int(header[2])
                    content = stdout.read(size + 1)[:size]  # the content, then a line feed
                    found.append((header[0], header[1], content))
                elif header[-1:] in (["missing"], ["ambiguous"]):
                    found.append(None)
                else:
                    raise DocversionError(_("git cat-file stopped answering; run 'docversion doctor'"))
        return found

    def listings(self, commits: Sequence[str], folder: str) -> list[dict[str, str]]:
        """For each commit, the blob id of every file under ``folder``, by path inside it; an
        empty listing when the commit has no such folder."""
        found: list[dict[str, str]] = [{} for _ in commits]
        # (which commit, path prefix, tree name) still to read; a round reads them all
        waiting = [(index, "", f"{commit}:{folder}") for index, commit in enumerate(commits)]
        while waiting:
            answers = self.objects([name for _, _, name in waiting])
            later = []
            for (index, prefix, _name), answer in zip(waiting, answers, strict=True):
                if answer is None or answer[1] != "tree":
                    continue
                for mode, name, oid in _entries(answer[2], len(answer[0]) // 2):
                    if mode == _TREE:
                        later.append((index, f"{prefix}{name}/", oid))
                    elif mode != _GITLINK:  # a submodule's entry is no file
                        found[index][f"{prefix}{name}"] = oid
            waiting = later
        return found


def _entries(tree: bytes, id_size: int) -> list[tuple[bytes, str, str]]:
    """(mode, name, object id) of each entry of a raw tree object whose ids take ``id_size`` bytes."""
    entries = []
    at = 0
    while at < len(tree):
        space = tree.index(b" ", at)
        end = tree.index(b"\0", space)
        name = tree[space + 1:end].decode("utf-8", "surrogateescape")
        entries.append((tree[at:space], name, tree[end + 1:end + 1 + id_size].hex()))
        at = end + 1 + id_size
    return entries
