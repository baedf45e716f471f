"""Sharing a store through an ordinary git remote: push all refs atomically, pull and merge.

Push sends every manual branch and version tag in one atomic ``git push``: the remote takes all
or nothing, and a ref that moved there (a non-fast-forward, a version number already taken) is
a conflict. Pull fetches the remote's refs into ``refs/docversion/remotes/<name>/``, takes the
versions it lacks, fast-forwards where it can and merges where both sides moved; all local refs
then move in one compare-and-swap transaction.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from docversion.errors import ConflictError, DocversionError, InvalidInputError, VerificationError
from docversion.i18n import _
from docversion.model import Manual
from docversion.store import history, logs, packing
from docversion.store.gitcmd import GitCommandError, Identity
from docversion.store.history import ManualRefs, VersionInfo
from docversion.store.incoming import check_incoming
from docversion.store.locking import pull_lock, writers_lock
from docversion.store.merge import Clash, Prefer, merge_manuals
from docversion.store.refs import ZERO_OID, manual_ref, validate_code, version_tag
from docversion.store.store import Store
from docversion.workflow.proof import log_problems
from docversion.workflow.settle import own_marks, without_marks
from docversion.workflow.trust import TrustLog, extends

REMOTES_ROOT = "refs/docversion/remotes/"
LOG_SPACES = ("workflow", "trust")  # the workflow logs and the trust log: append-only histories
DISPLACED_ROOT = "refs/docversion/displaced/"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
_SCHEMES = ("file", "git", "http", "https", "ssh")
# Why git refuses a ref when the remote moved under us: another writer got there first.
_MOVED = ("non-fast-forward", "fetch first", "already exists", "stale info", "atomic transaction failed",
          "failed to lock", "cannot lock")


def check_remote(store: Store, remote: str) -> tuple[str, str]:
    """The remote as git should get it, and the key its fetched refs are kept under.

    A configured remote's name, a URL of an allowed scheme, an ``user@host:path`` address or a
    local path. Transport helpers (``ext::``, ``fd::``) and anything that looks like an option
    are refused before git sees them.
    """
    if not remote or remote.startswith("-") or any(c in remote for c in "\0\n\r"):
        raise _bad_remote(remote)
    configured: list[str] = []
    if _NAME.match(remote):
        for key in ("url", "pushurl"):
            done = store.git.run("config", "--get-all", f"remote.{remote}.{key}", check=False)
            configured += done.stdout.decode("utf-8", "replace").split()
    for url in configured or [remote]:
        scheme, sep, _ = url.partition("://")
        if "::" in url.split("/", 1)[0] or (sep and scheme.lower() not in _SCHEMES):
            raise _bad_remote(url)
    key = remote if configured else "url-" + hashlib.sha256(remote.encode()).hexdigest()[:16]
    return remote, key


def _bad_remote(remote: str) -> InvalidInputError:
    return InvalidInputError(_("{remote!r} is not a remote docversion will use").format(remote=remote),
                             field="remote",
                             hint=_("give a configured remote's name, or a file://, git://, http(s):// or ssh:// "
                                    "address or a path; transport helpers such as ext:: are refused"))


@dataclass(frozen=True)
class PushReport:
    """What a push sent: ``refs`` the refspecs, all taken by the remote."""

    remote: str
    refs: tuple[str, ...]


def push(store: Store, remote: str) -> PushReport:
    """Send every manual branch and version tag to ``remote`` in one atomic push."""
    target = check_remote(store, remote)[0]
    refs = []
    for code, found in sorted(history.scan(store.git).items()):
        if found.tip:
            refs.append(manual_ref(code))
        refs += [version_tag(code, v.version) for v in found.versions]
    refs += sorted(_log_refs(store, "refs/docversion/"))
    if not refs:
        return PushReport(remote, ())
    specs = [f"{ref}:{ref}" for ref in refs]
    done = store.git.run("push", "--atomic", "--porcelain", "--", target, *specs, check=False)
    if done.returncode != 0:
        out = done.stdout.decode("utf-8", "replace")
        rejected = [parts for line in out.splitlines() if line.startswith("!")
                    and len(parts := line.split("\t")) > 2 and "atomic push failed" not in parts[2]]
        moved = [f"{parts[1].split(':')[0].removeprefix('refs/')} ({parts[2].strip()})"
                 for parts in rejected if any(reason in parts[2] for reason in _MOVED)]
        if moved:
            raise ConflictError(_("the remote has moved, nothing was pushed: {refs}; run 'docversion pull', then "
                                  "push again").format(refs=", ".join(moved)))
        refused = "; ".join(f"{p[1].split(':')[0].removeprefix('refs/')} {p[2].strip()}" for p in rejected)
        message = done.stderr.decode("utf-8", "replace").strip()
        raise DocversionError(_("push to {remote} failed, nothing was pushed: {reason}").format(
            remote=remote, reason=refused or message or _("no message from git")))
    return PushReport(remote, tuple(refs))


@dataclass
class PullReport:
    """What a pull did per manual, and what it could not do."""

    remote: str
    updated: dict[str, str] = field(default_factory=dict)  # code -> "new", "fast-forward", "merged"
    versions: list[str] = field(default_factory=list)  # "900-0935/v6" taken from the remote
    clashes: dict[str, list[Clash]] = field(default_factory=dict)
    version_clashes: list[str] = field(default_factory=list)
    left_alone: set[str] = field(default_factory=set)  # codes of the manuals a clash left as they were

    @property
    def has_clashes(self) -> bool:
        """True when some manual was left as it was because of a clash."""
        return bool(self.version_clashes) or any(self.clashes.values())


def pull(store: Store, remote: str, *, author: Identity, prefer: Prefer | None = None,
         is_adopting_trust: bool = False) -> PullReport:
    """Fetch ``remote`` and bring its work into this store, keeping both sides' work.

    The remote's trust log is taken only when it extends ours, each new line signed by an
    administrator trusted at that point (a store without a trust root takes one only with
    ``is_adopting_trust``); a manual's log only when it extends ours and every line of it holds
    under the trust log. Anything else raises VerificationError (exit 4) and nothing local moves.
    """
    target, key = check_remote(store, remote)
    root = f"{REMOTES_ROOT}{key}/"
    report = PullReport(remote)
    with pull_lock(store.git_dir), packing.packed_after(store.git), writers_lock(store.git_dir):
        _fetch(store, remote, target, root)
        local = history.scan(store.git)
        lines: list[str] = []
        for code, theirs in sorted(history.scan(store.git, root=root).items()):
            ours = local.get(code) or ManualRefs(code)
            lines += _pull_manual(store, code, ours, theirs, author, prefer, report, root)
        trust_lines, trust = _pull_trust(store, root, is_adopting_trust)
        lines += trust_lines + _pull_logs(store, root, prefer, report, trust)
        if lines:
            try:
                store.transaction(lines, f"docversion: pull {remote}")
            except GitCommandError as exc:
                if not exc.is_race:
                    raise
                raise ConflictError(_("another writer changed the store during the pull; nothing was taken: run "
                                      "the pull again")) from exc
    return report


def _fetch(store: Store, remote: str, target: str, root: str) -> None:
    """Fetch the remote's manuals, tags and logs under ``root`` (one pull at a time holds the pull
    lock, so only another process's git can hold these refs)."""
    try:
        store.run_writing("fetch", "--no-tags", "--prune", "--no-write-fetch-head", "--", target,
                          f"+refs/heads/manuals/*:{root}heads/manuals/*", f"+refs/tags/*:{root}tags/*",
                          *(f"+refs/docversion/{space}/*:{root}{space}/*" for space in LOG_SPACES))
    except GitCommandError as exc:
        if exc.is_race:
            raise ConflictError(_("another process moved the refs fetched from {remote}; nothing was taken: run "
                                  "the pull again").format(remote=remote)) from exc
        if exc.kind != "failed":
            raise
        raise DocversionError(_("cannot fetch from {remote}: {reason}").format(
            remote=remote, reason=exc.stderr or exc)) from exc


def _pull_manual(store: Store, code: str, ours: ManualRefs, theirs: ManualRefs, author: Identity,
                 prefer: Prefer | None, report: PullReport, root: str) -> list[str]:
    lines: list[str] = []
    clashing = [(mine, other) for other in theirs.versions
                if (mine := ours.version(other.version)) is not None and mine.tag != other.tag]
    if clashing and prefer is None:
        report.version_clashes += [_("{code} v{version}: published here ({ours}) and on the remote ({theirs})").format(
            code=code, version=other.version, ours=mine.commit[:12], theirs=other.commit[:12])
            for mine, other in clashing]
        report.left_alone.add(code)
        return []
    for mine, other in clashing:  # the remote's version is shared and stands; ours is kept aside
        lines += [f"update {version_tag(code, other.version)} {other.tag} {mine.tag}",
                  f"create {DISPLACED_ROOT}{code}/v{mine.version}-{mine.tag[:12]} {mine.tag}"]
    taken = [v for v in theirs.versions if ours.version(v.version) is None]
    _check_their_tags(store, code, taken, root)
    if theirs.head is not None and theirs.head != ours.head:
        check_incoming(store, code, f"the remote's manuals/{code}", theirs.head, ours.head,
                       [v.commit for v in taken], shown=_("the remote's manuals/{code}").format(code=code))
    lines += [f"create {version_tag(code, v.version)} {v.tag}" for v in taken]
    new_tip, how = _join(store, code, ours.head, theirs.head, author, prefer, report)
    if report.clashes.get(code) and prefer is None:
        report.left_alone.add(code)
        return []
    if new_tip is not None and new_tip != ours.tip:
        lines.append(f"update {manual_ref(code)} {new_tip} {ours.tip or ZERO_OID}")
        report.updated[code] = how
    report.versions += [f"{code}/v{v.version}" for v in taken]
    return lines


def _log_refs(store: Store, root: str) -> dict[str, str]:
    """The append-only refs (workflow logs, trusted keys) under ``root``, by name below it, with oids."""
    found: dict[str, str] = {}
    for space in LOG_SPACES:
        out = store.git.run("for-each-ref", "--format=%(refname) %(objectname)", f"{root}{space}/").stdout
        for line in out.decode().splitlines():
            ref, _, oid = line.partition(" ")
            rest = ref.removeprefix(root)
            name = rest.partition("/")[2]
            if rest == "trust/log" or (rest.startswith("workflow/") and _is_code(name)):
                found[f"refs/docversion/{rest}"] = oid
    return found


def _is_code(name: str) -> bool:
    try:
        validate_code(name)
    except InvalidInputError:
        return False
    return True


def _pull_trust(store: Store, root: str, is_adopting: bool) -> tuple[list[str], TrustLog]:
    """The transaction line that takes the remote's trust log, and the trust log after the pull."""
    ours_commit, ours = logs.read_trust(store.git)
    theirs_commit, theirs = logs.read_trust(store.git, f"{root}trust/log")
    if theirs_commit is None or theirs_commit == ours_commit or (theirs.lines and extends(theirs, ours)):
        return [], ours
    if theirs.problems:
        raise VerificationError(_("the remote's trust log is refused, nothing was taken: {problem}").format(
            problem=theirs.problems[0]))
    if not extends(ours, theirs):
        raise VerificationError(_("the remote's trust log does not extend ours (another root, or lines of ours "
                                  "rewritten), nothing was taken"))
    if not ours.is_rooted and not is_adopting:
        admins = ", ".join(f"{person} ({key_id})" for key_id, (person, _key) in theirs.state.admins.items())
        raise VerificationError(_("the remote has a trust root (administrators: {admins}) and this store has none; "
                                  "nothing was taken: check the administrators and pull again with "
                                  "--adopt-trust").format(admins=admins))
    return [f"update {logs.TRUST_REF} {theirs_commit} {ours_commit or ZERO_OID}"], theirs


def _pull_logs(store: Store, root: str, prefer: Prefer | None, report: PullReport, trust: TrustLog) -> list[str]:
    """Fast-forward the manuals' logs, each checked line by line under ``trust``; when both sides
    appended, keep the remote's and set ours aside (only with ``prefer``), so the shared record
    stays one chain."""
    local = _log_refs(store, "refs/docversion/")
    lines = []
    for ref, theirs in sorted(_log_refs(store, root).items()):
        code = ref.removeprefix("refs/docversion/workflow/")
        if ref == logs.TRUST_REF:
            continue
        _check_their_log(store, code, root, trust)
        if prefer is None and code in report.left_alone:
            continue  # the manual was left as it was, so its log stays with it
        mine = local.get(ref)
        if mine == theirs or (mine and _is_prefix(store, code, f"{root}workflow/{code}", ref)):
            continue  # ours has every line of theirs
        if mine is None or _is_prefix(store, code, ref, f"{root}workflow/{code}"):
            lines.append(f"update {ref} {theirs} {mine or ZERO_OID}")
        elif prefer is None:
            raise VerificationError(_("the remote's log of manual {code} does not extend ours (both appended, or "
                                      "lines of ours rewritten); nothing was taken: settle it with --prefer theirs "
                                      "to keep the remote's and set ours aside").format(code=code))
        else:
            lines += [f"update {ref} {theirs} {mine}",
                      f"create {DISPLACED_ROOT}{ref.removeprefix('refs/docversion/')}-{mine[:12]} {mine}"]
    return lines


def _check_their_tags(store: Store, code: str, taken: list[VersionInfo], root: str) -> None:
    """VerificationError unless each version tag taken from the remote names a line of its log."""
    if not taken:
        return
    lines = logs.read_workflow(store.git, code, f"{root}workflow/{code}")[1]
    logged = {line.hash for line in lines}
    for info in taken:
        if history.trailers(info.message).get("log") not in logged:
            raise VerificationError(_("the remote's {code} v{version} names no entry of its log (made or moved "
                                      "outside docversion); nothing was taken").format(code=code,
                                                                                        version=info.version))


def _is_prefix(store: Store, code: str, ref: str, of: str) -> bool:
    """True when the log at ``ref`` is the log at ``of``, or the first lines of it (compared line by
    line, not by git's ancestry: a commit after ours may hold a rewritten file)."""
    _, shorter, _, _ = logs.read_workflow(store.git, code, ref)
    _, longer, _, _ = logs.read_workflow(store.git, code, of)
    return [line.hash for line in longer[: len(shorter)]] == [line.hash for line in shorter]


def _check_their_log(store: Store, code: str, root: str, trust: TrustLog) -> None:
    """VerificationError unless the remote's log of ``code`` holds: its chain, its rules, its proof."""
    commit, data = logs.read_blob(store.git, f"{root}workflow/{code}", logs.LOG_FILE)
    if commit is not None and not data:
        raise InvalidInputError(_("the remote's workflow ref of manual {code} holds no log ({file}); nothing was "
                                  "taken").format(code=code, file=logs.LOG_FILE),
                                field=f"refs/docversion/workflow/{code}")
    _commit, lines, problems, _workflow = logs.read_workflow(store.git, code, f"{root}workflow/{code}")
    problems += log_problems(code, lines, trust)
    if problems:
        raise VerificationError(_("the remote's log of manual {code} is refused, nothing was taken: {problem}").format(
            code=code, problem=problems[0]))


def _join(store: Store, code: str, mine: str | None, other: str | None, author: Identity,
          prefer: Prefer | None, report: PullReport) -> tuple[str | None, str]:
    """The new local tip: theirs, ours, or a merge commit of both."""
    if other is None or mine == other:
        return mine, ""
    if mine is None:
        return other, "new"
    if _is_ancestor(store, other, mine):
        return mine, ""
    if _is_ancestor(store, mine, other):
        return other, "fast-forward"
    base = store.git.run("merge-base", mine, other, check=False).stdout.decode().strip() or None
    def load(code: str, commit: str, source: str) -> Manual:
        manual = store.load_commit(code, commit, source, use_cache=False)  # a merge is written back
        return without_marks(manual)

    # Marks are each side's changes against its latest version: merged without them, then made
    # again for the merged draft.
    merged, clashes = merge_manuals(load(code, base, f"{code}@base") if base else None,
                                    load(code, mine, f"{code}@ours"), load(code, other, f"{code}@theirs"),
                                    prefer)
    report.clashes[code] = clashes
    if merged is None:
        return mine, ""
    latest = history.scan(store.git, code).get(code)
    if latest is not None and latest.latest is not None:
        merged = own_marks(merged, load(code, latest.latest.commit, f"{code}@latest")).manual
    return store.merge_commit(code, merged, (mine, other), author, report.remote), "merged"


def _is_ancestor(store: Store, ancestor: str, descendant: str) -> bool:
    return store.git.run("merge-base", "--is-ancestor", ancestor, descendant, check=False).returncode == 0

