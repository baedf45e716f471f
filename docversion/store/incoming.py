"""What a pull may take: every incoming snapshot checked as an import would check it, before any
local ref moves.

A remote is another office's store, or anybody's: its branch may hold a 60 MB file, a binary, a
file no manual has, or a snapshot that does not validate. Each commit a pull would bring (those
the local branch does not have, up to the remote's tip, and each version taken) is listed with
``git ls-tree -l`` (names, kinds and sizes, no content read) and held to the limits of an
import; the new tip and each version taken are then read and validated as a manual. Anything else
is InvalidInputError (exit 5) naming the ref, the commit and the file.
"""

from __future__ import annotations

import re

from docversion.errors import DocversionError, InvalidInputError
from docversion.i18n import _
from docversion.store.gitcmd import Git
from docversion.store.store import Store

MAX_FILE_BYTES = 2_000_000  # a position file of the seed is about 6 KB; a manual.yaml about 10 KB
MAX_FILES = 2_000  # a manual of 1,500 positions, with room to spare
MAX_COMMITS = 10_000  # how many new snapshots one pull checks before it gives up
_PATH = re.compile(r"^(?:manual\.yaml|positions/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml)$")


def check_incoming(store: Store, code: str, ref: str, tip: str, ours: str | None, versions: list[str], *,
                   shown: str | None = None) -> None:
    """InvalidInputError unless every commit between ``ours`` and ``tip`` (and each version commit
    in ``versions``) holds only a manual's files within the limits, and the tip and versions read.
    ``ref`` is the error's ``field``; ``shown`` names it in the message (``ref`` by default)."""
    shown = shown or ref
    exclude = [f"^{ours}"] if ours else []
    listed = store.git.run("rev-list", f"--max-count={MAX_COMMITS + 1}", tip, *versions, *exclude, "--").stdout
    commits = listed.decode().split()
    if len(commits) > MAX_COMMITS:
        raise InvalidInputError(_("{ref} brings more than {limit} snapshots; nothing was taken").format(
                                    ref=shown, limit=MAX_COMMITS), field=ref,
                                hint=_("pull from a remote that holds docversion stores only"))
    for commit in commits:
        _check_tree(store.git, code, ref, commit, shown)
    for commit in {tip, *versions}:
        try:
            store.load_commit(code, commit, f"{shown} ({commit[:12]})", use_cache=False)
        except DocversionError as exc:
            raise InvalidInputError(_("{ref} holds a snapshot that does not read ({commit}): {error}; nothing was "
                                      "taken").format(ref=shown, commit=commit[:12], error=exc), field=ref,
                                    hint=_("fix it in the remote's store first")) from exc


def _check_tree(git: Git, code: str, ref: str, commit: str, shown: str) -> None:
    out = git.run("ls-tree", "-r", "-l", "-z", "--full-tree", commit).stdout.decode("utf-8", "surrogateescape")
    entries = [record for record in out.split("\0") if record]
    if len(entries) > MAX_FILES:
        raise InvalidInputError(_("{ref} at {commit} holds {count} files, more than {limit}; nothing was "
                                  "taken").format(ref=shown, commit=commit[:12], count=len(entries), limit=MAX_FILES),
                                field=ref)
    for record in entries:
        meta, _tab, path = record.partition("\t")
        mode, kind, _oid, size = meta.split()
        inner = path.removeprefix(f"{code}/")
        if kind != "blob" or mode != "100644" or inner == path or not _PATH.match(inner):
            raise InvalidInputError(_("{ref} at {commit} holds {path!r}, which is no file of manual {code}; "
                                      "nothing was taken").format(ref=shown, commit=commit[:12], path=path, code=code),
                                    field=ref, hint=_("a manual's snapshot holds manual.yaml and positions/<id>.yaml "
                                                      "only"))
        if int(size) > MAX_FILE_BYTES:
            raise InvalidInputError(_("{ref} at {commit}: {path} is {size:,} bytes, more than {limit:,}; nothing was "
                                      "taken").format(ref=shown, commit=commit[:12], path=path, size=int(size),
                                                      limit=MAX_FILE_BYTES), field=ref)
