"""Running git: one place that starts git processes, with a fixed environment and no shell.

Writes go through git's own plumbing (``hash-object``, ``mktree``, ``commit-tree``, ``mktag``,
``update-ref``) so that git's locking and ``core.fsync`` apply to every object and ref the
store writes. Arguments are lists, never shell strings; every ref name passed here was built
by :mod:`docversion.store.refs` from a validated code.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docversion.errors import DocversionError, InvalidInputError
from docversion.i18n import _
from docversion.store.failures import Kind, diagnose

# Transports a remote may use. ``ext::`` runs an arbitrary command and ``fd::`` reads file
# descriptors: neither is ever allowed, whatever the user's git configuration says.
ALLOWED_PROTOCOLS = "file:git:http:https:ssh"


class GitCommandError(DocversionError):
    """A git process failed; ``stderr`` holds what git said, ``kind`` what that means
    (:mod:`docversion.store.failures`) and ``lock`` the lock file in the way, if one was.

    Only a ``race`` is another writer's doing: callers that move refs turn it into ConflictError.
    Any other kind already says what happened and what to do (exit 1).
    """

    def __init__(self, message: str, *, args: Sequence[str], returncode: int, stderr: str,
                 kind: Kind = "failed", lock: Path | None = None) -> None:
        super().__init__(message)
        self.git_args = tuple(args)
        self.returncode = returncode
        self.stderr = stderr
        self.kind = kind
        self.lock = lock

    @property
    def is_race(self) -> bool:
        """True when another writer moved first (the compare-and-swap lost), and only then."""
        return self.kind == "race"


@dataclass(frozen=True)
class Identity:
    """Who writes: recorded as git author, committer and tagger."""

    name: str
    email: str
    when: int | None = None  # seconds since the epoch (UTC) to record instead of now

    def __post_init__(self) -> None:
        for value in (self.name, self.email):
            if not value.strip() or any(c in value for c in "<>\n\0"):
                raise InvalidInputError(
                    _("{value!r} cannot name a person in git").format(value=value), field="author",
                    hint=_("give a name and an e-mail address without '<', '>' or line breaks"))


@dataclass(frozen=True)
class Git:
    """A git runner bound to one repository's git directory."""

    git_dir: Path

    def env(self, identity: Identity | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of every git process: the store, C locale, no prompts, safe transports."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
        env.update(GIT_DIR=str(self.git_dir), LC_ALL="C", LANGUAGE="C", GIT_TERMINAL_PROMPT="0",
                   GIT_ALLOW_PROTOCOL=ALLOWED_PROTOCOLS, GIT_CONFIG_NOSYSTEM="1")
        if identity is not None:
            env.update(GIT_AUTHOR_NAME=identity.name, GIT_AUTHOR_EMAIL=identity.email,
                       GIT_COMMITTER_NAME=identity.name, GIT_COMMITTER_EMAIL=identity.email)
            if identity.when is not None:
                env.update(GIT_AUTHOR_DATE=f"@{identity.when} +0000", GIT_COMMITTER_DATE=f"@{identity.when} +0000")
        env.update(extra or {})
        return env

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """Start ``git ARGS`` to talk to through its standard input and output (``cat-file --batch``)."""
        try:
            # A list of arguments, no shell; what is written to it is object names built here.
            return subprocess.Popen(  # noqa: S603
                [*self._command, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=self.env(), cwd=self.git_dir)
        except OSError as exc:
            raise DocversionError(_("cannot run git: {reason}; install git and put it on PATH").format(
                reason=exc.strerror)) from exc

    @property
    def _command(self) -> list[str]:
        return ["git", "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never"]

    def run(self, *args: str, data: bytes = b"", identity: Identity | None = None,
            env: Mapping[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        """Run ``git ARGS`` with ``data`` on standard input; raise GitCommandError on failure."""
        command = [*self._command, *args]
        try:
            # A list of arguments, no shell; refs and codes were validated by store.refs.
            done = subprocess.run(  # noqa: S603
                command, input=data, capture_output=True, check=False,
                                  env=self.env(identity, env), cwd=self.git_dir)
        except OSError as exc:
            raise DocversionError(_("cannot run git: {reason}; install git and put it on PATH").format(
                reason=exc.strerror)) from exc
        if check and done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace").strip()
            found = diagnose(_subcommand(args), done.returncode, stderr, self.git_dir)
            raise GitCommandError(found.message, args=args, returncode=done.returncode, stderr=stderr,
                                  kind=found.kind, lock=found.lock)
        return done

    def text(self, *args: str, data: bytes = b"", identity: Identity | None = None) -> str:
        """Run git and return its standard output as text without the final newline."""
        return self.run(*args, data=data, identity=identity).stdout.decode("utf-8").rstrip("\n")


def _subcommand(args: Sequence[str]) -> str:
    """The git command in ``args``, after any ``-c NAME=VALUE`` options."""
    rest = list(args)
    while rest[:1] == ["-c"]:
        rest = rest[2:]
    return rest[0] if rest else "git"


def git_directory(path: Path) -> Path | None:
    """The git directory of the repository at ``path`` or around it (a work tree, a bare
    repository, a linked work tree's common directory), found by git itself; None if there is none.
    Asked of git rather than GitPython, whose import would cost every command a tenth of a second."""
    if not path.is_dir():
        return None
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(LC_ALL="C", LANGUAGE="C", GIT_CONFIG_NOSYSTEM="1")
    try:
        done = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],  # noqa: S607
                              cwd=path, env=env, capture_output=True, check=False)
    except OSError as exc:
        raise DocversionError(_("cannot run git: {reason}; install git and put it on PATH").format(
            reason=exc.strerror)) from exc
    if done.returncode != 0:
        return None
    return Path(os.fsdecode(done.stdout.rstrip(b"\n"))).resolve()
