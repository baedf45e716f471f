"""Where the append-only records live in git: each manual's workflow log and the trust log.

Each is a ref naming a commit whose tree holds one file, one canonical JSON line per event:
``refs/docversion/workflow/<code>`` (``log.jsonl``) and ``refs/docversion/trust/log``
(``trust.jsonl``). Writers build the next commit here and move the ref inside their own
compare-and-swap transaction, together with whatever else the event moves.
``refs/docversion/trust/keys`` is the key list of stores from before the trust log; it is read
only to adopt those keys when administrators are named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docversion.errors import InvalidInputError
from docversion.store.gitcmd import Git, Identity
from docversion.store.refs import WORKFLOW_PREFIX, validate_code
from docversion.store.refs import workflow_ref as workflow_ref  # its home before refs held it
from docversion.workflow.events import LogLine, parse_log
from docversion.workflow.state import Workflow, replay

if TYPE_CHECKING:
    from docversion.workflow.trust import TrustLog

LOG_FILE = "log.jsonl"
TRUST_REF = "refs/docversion/trust/log"
TRUST_FILE = "trust.jsonl"
LEGACY_KEYS_REF = "refs/docversion/trust/keys"
KEYS_FILE = "keys.json"


def logged_codes(git: Git) -> tuple[list[str], list[str]]:
    """The codes of the manuals that have a workflow log, and the refs under the workflow prefix
    whose name is no manual code (made by hand: no command reads them)."""
    out = git.run("for-each-ref", "--format=%(refname)", WORKFLOW_PREFIX).stdout.decode()
    codes, stray = [], []
    for ref in out.split():
        name = ref.removeprefix(WORKFLOW_PREFIX)
        try:
            codes.append(validate_code(name))
        except InvalidInputError:
            stray.append(ref)
    return codes, stray


def read_blob(git: Git, ref: str, name: str) -> tuple[str | None, bytes]:
    """The commit ``ref`` names and the bytes of its file ``name`` (None and empty when no such ref)."""
    done = git.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    commit = done.stdout.decode().strip() or None
    if commit is None:
        return None, b""
    found = git.run("cat-file", "blob", f"{commit}:{name}", check=False)
    return commit, found.stdout if found.returncode == 0 else b""


def commit_file(git: Git, name: str, data: bytes, parent: str | None, message: str, author: Identity) -> str:
    """A commit whose tree is the one file ``name``, after ``parent`` (the ref is the caller's to move)."""
    blob = git.text("hash-object", "-w", "--stdin", data=data)
    tree = git.text("mktree", data=f"100644 blob {blob}\t{name}\n".encode())
    parents = ["-p", parent] if parent else []
    return git.text("commit-tree", tree, *parents, "-F", "-", data=message.encode("utf-8"), identity=author)


def read_workflow(git: Git, code: str, ref: str | None = None) -> tuple[str | None, list[LogLine], list[str],
                                                                        Workflow]:
    """A manual's log (at ``ref``, by default its own): the commit, lines, chain problems, and replay."""
    commit, data = read_blob(git, ref or workflow_ref(code), LOG_FILE)
    lines, problems = parse_log(data)
    workflow, broken = replay(lines)
    return commit, lines, problems + broken, workflow


def read_trust(git: Git, ref: str = TRUST_REF) -> tuple[str | None, TrustLog]:
    """The trust log's commit and its lines, each checked against the administrators before it."""
    commit, data = read_blob(git, ref, TRUST_FILE)
    from docversion.workflow.trust import parse_trust  # cryptography, only where a trust log is read

    return commit, parse_trust(data)
