"""A manual's files as git objects: write a snapshot's blobs and trees, read them back.

Blob ids are computed here first, so a file that the parent snapshot already holds is never
written again; new objects go through ``git hash-object -w`` and ``git mktree`` so git's
``core.fsync`` covers them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from docversion.errors import DocversionError
from docversion.i18n import _
from docversion.store.gitcmd import Git

FILE_MODE = "100644"
TREE_MODE = "040000"


def blob_id(data: bytes) -> str:
    """The id git gives ``data`` as a blob."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def list_files(runner: Git, commit: str, code: str) -> dict[str, str]:
    """The blob id of each file of manual ``code`` at ``commit``, by path inside the manual."""
    out = runner.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{code}/").stdout
    prefix = f"{code}/"
    entries: dict[str, str] = {}
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = record.partition("\t")
        if record and meta.split()[1] == "blob":  # a submodule's entry (commit) is no file of a manual
            entries[path.removeprefix(prefix)] = meta.split()[2]
    return entries


def write_snapshot(runner: Git, code: str, files: Mapping[str, bytes], known: Mapping[str, str]) -> str:
    """Write the root tree holding ``code/<files>``; ``known`` maps paths to blobs already stored."""
    dirs: dict[str, list[tuple[str, str, str]]] = {}
    for path, data in sorted(files.items()):
        oid = blob_id(data)
        if known.get(path) != oid:
            written = runner.text("hash-object", "-w", "--no-filters", "--stdin", data=data)
            if written != oid:
                raise RuntimeError(_("git stored {path} as {written}, expected {oid}").format(
                    path=path, written=written, oid=oid))
        directory, _slash, name = path.rpartition("/")
        dirs.setdefault(directory, []).append((FILE_MODE, oid, name))
    top = dirs.pop("", [])
    for directory, entries in sorted(dirs.items()):
        if "/" in directory:
            raise ValueError(_("nested directory {directory!r} in a manual's files").format(directory=directory))
        top.append((TREE_MODE, _make_tree(runner, entries), directory))
    return _make_tree(runner, [(TREE_MODE, _make_tree(runner, top), code)])


def _make_tree(runner: Git, entries: list[tuple[str, str, str]]) -> str:
    lines = "".join(
        f"{mode} {'tree' if mode == TREE_MODE else 'blob'} {oid}\t{name}\0" for mode, oid, name in entries
    )
    return runner.text("mktree", "-z", data=lines.encode("utf-8"))


def tree_of(runner: Git, commit: str) -> str:
    """The root tree of ``commit``."""
    return runner.text("rev-parse", "--verify", "--quiet", f"{commit}^{{tree}}")


def object_ids(runner: Git, names: Sequence[str]) -> dict[str, str]:
    """The id of each object named (``<commit>:<path>``), by one ``git cat-file --batch-check``;
    names git has no object for are left out."""
    if not names:
        return {}
    out = runner.run("cat-file", "--batch-check=%(objectname) %(objecttype)",
                     data="".join(f"{name}\n" for name in names).encode("utf-8")).stdout
    answers = out.decode("utf-8", "replace").splitlines()
    return {name: answer.split()[0] for name, answer in zip(names, answers, strict=True)
            if not answer.endswith((" missing", " ambiguous"))}


def read_blobs(runner: Git, blobs: Sequence[str], *, allow_missing: bool = False) -> dict[str, bytes]:
    """The bytes of each blob, read by one ``git cat-file --batch`` process; with
    ``allow_missing``, those git does not have are left out instead of raising."""
    if not blobs:
        return {}
    out = runner.run("cat-file", "--batch", data="".join(f"{oid}\n" for oid in blobs).encode("ascii")).stdout
    found: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii").split()
        if allow_missing and header[-1:] == ["missing"]:
            at = end + 1
            continue
        if allow_missing and len(header) == 3 and header[1] != "blob":
            at = end + 1 + int(header[2]) + 1  # another kind of object: left out as well
            continue
        if len(header) != 3 or header[1] != "blob":
            raise DocversionError(_("git object {oid} is missing or not a file; run 'docversion doctor'").format(
                oid=header[0]))
        size = int(header[2])
        found[header[0]] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1  # the content is followed by a line feed
    return found
