"""The store: a git repository holding every snapshot of every manual.

Layout (DESIGN.md, "The store"): each manual has a branch ``refs/heads/manuals/<code>`` whose
commits are its snapshots, each a tree ``<code>/manual.yaml`` + ``<code>/positions/<id>.yaml``;
a published version is an annotated tag ``refs/tags/<code>/v<N>`` on one of those commits,
created once and never moved. Commits after the latest version's are the open draft. Refs move
only by compare-and-swap (``git update-ref`` with the old value), so a writer that lost a race
gets :class:`ConflictError` and nothing written; running it again works. Any other failure of
git says what happened (:mod:`docversion.store.failures`); a lock file that a killed git left
is removed by the next writer that proves it stale, and the write goes on. No operation needs or
touches a work tree.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from docversion.errors import ConflictError, DocversionError
from docversion.formats.canonical import dump_manual
from docversion.i18n import _
from docversion.model import Manual
from docversion.records import ManualStatus as ManualStatus  # re-exported: its home before docversion.records
from docversion.store import history, intents, listing, packing, reading, snapshots
from docversion.store.gitcmd import Git, GitCommandError, Identity, git_directory
from docversion.store.history import LogEntry, ManualRefs, VersionInfo
from docversion.store.locking import remove_if_stale, writers_lock
from docversion.store.parsed import ParsedCache
from docversion.store.recording import check_historical, commit_message, paper_identity
from docversion.store.refs import (
    LATEST,
    ZERO_OID,
    Revision,
    manual_ref,
    parse_revision,
    store_code,
    validate_code,
    workflow_ref,
)

if TYPE_CHECKING:
    from docversion.workflow.settle import Settled

STORE_CONFIG = {
    "core.fsync": "objects,reference,index",
    "core.fsyncMethod": "fsync",
    "core.logAllRefUpdates": "always",
    "transfer.fsckObjects": "true",
    "docversion.format": "1",
    # Version tags never move, and git's reflog expiry reports each annotated tag's log entry as
    # "error: Object ... not a commit" on every gc; their logs are kept, not expired.
    "gc.refs/tags/*.reflogExpire": "never",
    "gc.refs/tags/*.reflogExpireUnreachable": "never",
}


@dataclass(frozen=True)
class Recorded:
    """What a write did: the snapshot's commit, the version it published, or that nothing changed."""

    code: str
    commit: str
    version: int | None
    is_unchanged: bool
    position_ids: tuple[str, ...]
    warnings: tuple[str, ...] = ()


class Store:
    """A docversion store at ``git_dir``. Open one with :meth:`open` or make one with :meth:`init`."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self.git = Git(git_dir)
        self.parsed = ParsedCache(git_dir)

    @classmethod
    def init(cls, path: str | os.PathLike[str], *, is_bare: bool = False) -> Store:
        """Make ``path`` a store (a new repository, or an existing one given the store's settings)."""
        path = Path(path)
        import git  # GitPython makes repositories; reading and writing them is git's own plumbing

        try:
            with git.Repo.init(path, mkdir=True, bare=is_bare) as repo:
                store = cls(Path(repo.common_dir).resolve())
            for key, value in STORE_CONFIG.items():
                store.git.run("config", key, value)
            return store
        except (OSError, git.GitError, GitCommandError) as exc:
            raise DocversionError(_("cannot make a store at {path}: {reason}").format(path=path, reason=exc)) from exc

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Store:
        """The store at ``path`` or around it (a repository's work tree, a bare repository)."""
        path = Path(path)
        found = git_directory(path)
        if found is None:
            raise DocversionError(
                _("no store at {path}: run 'docversion init {path}', or pass --store or set "
                  "DOCVERSION_STORE").format(path=path))
        store = cls(found)
        store.check_format(path)
        store.settle_interrupted()
        return store

    def check_format(self, path: Path) -> None:
        """Refuse a repository that ``init`` did not make a store (its ``docversion.format``
        setting), so manual branches are never written into an unrelated repository."""
        found = self.git.run("config", "--get", "docversion.format", check=False).stdout.decode().strip()
        if found == STORE_CONFIG["docversion.format"]:
            return
        if found:
            raise DocversionError(_("{store} is a store of format {format}, which this docversion does not "
                                    "read: upgrade docversion").format(store=self.git_dir, format=found))
        raise DocversionError(_(
            "{store} (found from {path}) is a git repository but not a docversion store: pass --store "
            "or set DOCVERSION_STORE to the store; 'docversion init' makes a repository a store (it adds the "
            "store's settings), which a copy made with plain 'git clone' needs").format(store=self.git_dir, path=path))

    def default_identity(self) -> Identity:
        """Who writes when nobody is named: git's user.name and user.email, else a placeholder."""
        values = [self.git.run("config", key, check=False).stdout.decode("utf-8", "replace").strip()
                  for key in ("user.name", "user.email")]
        return Identity(values[0] or "docversion", values[1] or "docversion@localhost")

    # Reading -----------------------------------------------------------------------------

    def codes(self) -> list[str]:
        """The codes of the store's manuals, from one ``git for-each-ref``."""
        return listing.codes(self.git)

    def known_code(self, text: str) -> str:
        """The code of the store's manual that ``text`` names: as stored, as printed on the
        document (``900 0935``), or without separators when only one manual reads so;
        InvalidInputError naming the nearest codes otherwise (exit 5)."""
        from docversion.inputs import resolve_code

        return resolve_code(text, self.codes())

    def refs(self, code: str) -> ManualRefs:
        """One manual's tip and versions; an error naming the code when the store has no such manual."""
        found = history.scan(self.git, validate_code(code)).get(code)
        if found is None or found.head is None:
            raise DocversionError(_("the store has no manual {code}; 'docversion list' shows those it has").format(
                code=code))
        return found

    def resolve(self, code: str, revision: Revision | str | int) -> tuple[str, VersionInfo | None]:
        """The commit a revision names, with its published version when it has one."""
        revision = parse_revision(revision)
        refs = self.refs(code)
        if revision.kind == "draft":
            if not refs.has_open_draft or refs.tip is None:
                raise DocversionError(_("manual {code} has no open draft").format(code=code))
            return refs.tip, None
        if revision.kind == "latest":
            found = refs.latest
            if found is None:
                raise DocversionError(_("manual {code} has no published version yet; ask for {code}@draft").format(
                    code=code))
        elif revision.kind == "version":
            found = refs.version(revision.version or 0)
            if found is None:
                known = ", ".join(f"v{v.version}" for v in refs.versions)
                missing = (_("manual {code} has no version {version} (published: {known})") if known
                           else _("manual {code} has no version {version} (published: none)"))
                raise DocversionError(missing.format(code=code, version=revision.version, known=known))
        else:
            day = revision.as_of or date.min
            found = refs.in_force(day)
            if found is None:
                raise DocversionError(_("no version of manual {code} was in force on {day}").format(
                    code=code, day=day.isoformat()))
        return found.commit, found

    def load(self, code: str, revision: Revision | str | int = LATEST, *, use_cache: bool = True) -> Manual:
        """The manual as it stands at ``revision`` (a :class:`Revision`, or as typed: ``"4"``,
        ``"v4"``, ``"latest"``, ``"draft"``, a day)."""
        revision = parse_revision(revision)
        commit, _info = self.resolve(code, revision)
        return self.load_commit(code, commit, f"{code}@{revision}", use_cache=use_cache)

    def load_commit(self, code: str, commit: str, source: str, *, use_cache: bool = True) -> Manual:
        """The manual ``code`` in the snapshot ``commit``.

        ``use_cache`` False reads every file from git's objects, never from the parse cache:
        what is signed, verified, merged or written again is read that way (and what it reads
        still fills the cache).
        """
        [manual] = reading.load_snapshots(self.git, code, [(commit, source)], self.parsed, use_cache=use_cache)
        return manual

    def load_pair(self, code: str, commits: tuple[str, str], sources: tuple[str, str], *,
                  use_cache: bool = True) -> tuple[Manual, Manual]:
        """Two snapshots of one manual, each file they share parsed once."""
        first, second = self.load_many(code, list(zip(commits, sources, strict=True)), use_cache=use_cache)
        return first, second

    def load_many(self, code: str, wanted: list[tuple[str, str]], *, use_cache: bool = True) -> list[Manual]:
        """The manual at each (commit, source), read through one git process, each file they
        share parsed once."""
        return reading.load_snapshots(self.git, code, wanted, self.parsed, use_cache=use_cache)

    def log(self, code: str) -> list[LogEntry]:
        """The manual's snapshots, newest first."""
        return history.log(self.git, self.refs(code))

    def manuals(self, today: date) -> list[ManualStatus]:
        """Every manual in the store, by code, with its latest version, the one in force and its
        draft (two git processes, whatever their number: :mod:`docversion.store.listing`)."""
        return listing.manuals(self.git, self.parsed, today)

    # Writing -----------------------------------------------------------------------------

    def record(self, manual: Manual, *, author: Identity, has_ids: bool = True,
               is_historical: bool = False, code: str | None = None, source: str = "") -> Recorded:
        """Record ``manual`` as the next snapshot of its manual: a draft, or a version signed on paper.

        ``has_ids`` False (a document that carries no ids) takes ids from the previous snapshot
        by title. ``is_historical`` records it as the published version its cover states,
        marked as imported. Raises ConflictError when another writer moved first.
        """
        code = validate_code(code) if code else store_code(manual.cover.code)
        if is_historical:
            author = paper_identity(manual)
        with packing.packed_after(self.git), writers_lock(self.git_dir):
            refs = history.scan(self.git, code).get(code) or ManualRefs(code)
            head = refs.head
            if not has_ids and head is not None:
                from docversion.diff.ids import carry_ids  # the diff is loaded by writers only

                manual = carry_ids(manual, self.load_commit(code, head, f"{code}@head", use_cache=False))
            if is_historical:
                check_historical(manual, refs, source)
            manual, warnings = self._settled(code, manual, refs, is_historical)
            files = dump_manual(manual)
            known = snapshots.list_files(self.git, head, code) if head else {}
            tree = snapshots.write_snapshot(self.git, code, files, known)
            ids = tuple(p.id for p in manual.positions)
            if is_historical:
                existing = refs.version(manual.cover.version)
                if existing is not None:
                    return self._same_version(existing, tree, code, ids)
            if head is not None and snapshots.tree_of(self.git, head) == tree:
                if not is_historical or head == (refs.latest.commit if refs.latest else None):
                    return Recorded(code, head, None, True, ids, warnings)
                commit = head
            else:
                message = commit_message(code, manual, source, is_historical)
                commit = self._commit(tree, head, message, author)
            version = manual.cover.version if is_historical else None
            self._move(code, refs, commit, manual, author, source, is_historical, files)
            reading.remember(self.parsed, files, manual, reading.head_name(code, commit))
            return Recorded(code, commit, version, False, ids, warnings)

    def _settled(self, code: str, manual: Manual, refs: ManualRefs,
                 is_historical: bool) -> tuple[Manual, tuple[str, ...]]:
        """``manual`` with the earlier rows of the record, and (a draft) marked with its own changes."""
        from docversion.workflow.settle import own_marks, settle_rows  # loads the diff: writers only

        before = refs.version(manual.cover.version - 1) if is_historical else refs.latest
        if before is None:
            return manual, ()
        base = self.load_commit(code, before.commit, f"{code}@v{before.version}", use_cache=False)
        rows = settle_rows(manual, base)
        if is_historical:
            return rows.manual, rows.warnings
        cover = self._proposed_cover(code, rows.manual, refs, base)
        marks = own_marks(cover.manual, base)
        return marks.manual, rows.warnings + cover.warnings + marks.warnings

    def _proposed_cover(self, code: str, manual: Manual, refs: ManualRefs, base: Manual) -> Settled:
        """A new text of an open draft keeps the version and in-force date proposed for it (and signed)
        when the document still states the version it continues (an edited export does)."""
        from docversion.workflow.settle import Settled, with_cover

        if not refs.has_open_draft or refs.tip is None or manual.cover.version > base.cover.version:
            return Settled(manual, ())
        tip = self.load_commit(code, refs.tip, f"{code}@draft", use_cache=False).cover
        if tip.version != base.cover.version + 1 or (manual.cover.version, manual.cover.in_force) == (
                tip.version, tip.in_force):
            return Settled(manual, ())
        return Settled(with_cover(manual, tip.version, tip.in_force), (
            _("the document's cover states version {stated:02d} in force from {stated_day}: the draft keeps "
              "version {version:02d} in force from {day}, as proposed").format(
                stated=manual.cover.version, stated_day=manual.cover.in_force.isoformat(), version=tip.version,
                day=tip.in_force.isoformat()),))

    def merge_commit(self, code: str, manual: Manual, parents: tuple[str, str], author: Identity,
                     remote: str) -> str:
        """Write ``manual`` as the merge of two snapshots; moving a ref is the caller's transaction."""
        known = snapshots.list_files(self.git, parents[0], code)
        tree = snapshots.write_snapshot(self.git, code, dump_manual(manual), known)
        facts = {"Code": code, "Kind": "merge", "Cover-Version": str(manual.cover.version)}
        message = f"{code}: merged the work of {remote}\n\n{history.format_trailers(facts)}"
        return self.git.text("commit-tree", tree, "-p", parents[0], "-p", parents[1], "-F", "-",
                             data=message.encode("utf-8"), identity=author)

    def _same_version(self, existing: VersionInfo, tree: str, code: str, ids: tuple[str, ...]) -> Recorded:
        if snapshots.tree_of(self.git, existing.commit) != tree:
            raise ConflictError(_(
                "version {version} of manual {code} is already published with other content "
                "(commit {commit}); a published version never changes: record the new "
                "text as a draft of the next version").format(version=existing.version, code=code,
                                                              commit=existing.commit[:12]))
        return Recorded(code, existing.commit, existing.version, True, ids)

    def _commit(self, tree: str, parent: str | None, message: str, author: Identity) -> str:
        parents = ["-p", parent] if parent else []
        return self.git.text("commit-tree", tree, *parents, "-F", "-", data=message.encode("utf-8"),
                             identity=author)

    def _move(self, code: str, refs: ManualRefs, commit: str, manual: Manual, author: Identity,
              source: str, is_historical: bool, files: dict[str, bytes]) -> None:
        """Move the manual's branch (and create the version tag and log its import) in one
        compare-and-swap transaction."""
        branch = manual_ref(code)
        old = refs.tip or ZERO_OID
        lines = [f"update {branch} {commit} {old}" if commit != refs.tip else f"verify {branch} {old}"]
        if is_historical:
            from docversion.store.paper_log import import_lines  # the log's models: this writer only

            lines += import_lines(self, code, manual, commit, author, source, files)
        try:
            self.transaction(lines, f"docversion: {code}", workflow_ref(code) if is_historical else None)
        except GitCommandError as exc:
            if not exc.is_race:
                raise
            raise self._conflict(code, refs, manual.cover.version if is_historical else None) from exc

    def make_tag(self, code: str, version: int, commit: str, author: Identity, note: str,
                 facts: dict[str, str]) -> str:
        """Write the annotated tag object of a version (the ref is the caller's transaction)."""
        text = (f"object {commit}\ntype commit\ntag {code}/v{version}\n"
                f"tagger {_signature(author)}\n\n{code} version {version:02d}\n\n{note}\n\n"
                f"{history.format_trailers(facts)}")
        return self.git.text("mktag", data=text.encode("utf-8"))

    def commit_snapshot(self, code: str, manual: Manual, parent: str | None, message: str,
                        author: Identity) -> str:
        """Write ``manual`` as a commit after ``parent`` (moving a ref is the caller's transaction)."""
        known = snapshots.list_files(self.git, parent, code) if parent else {}
        tree = snapshots.write_snapshot(self.git, code, dump_manual(manual), known)
        return self._commit(tree, parent, message, author)

    def transaction(self, lines: list[str], message: str, point: str | None = None) -> None:
        """Move refs all at once or not at all (``git update-ref --stdin``); GitCommandError if not
        (``is_race`` when another writer moved first).

        A transaction of several refs writes its intent first (``store/intents.py``), so a crash
        between git's ref renames is finished (``point``, the ref whose move decides, had moved) or
        undone by the next command.
        """
        script = "start\n" + "".join(f"{line}\n" for line in lines) + "prepare\ncommit\n"
        if len(lines) < 2:
            self.run_writing("update-ref", "-m", message, "--stdin", data=script.encode("utf-8"))
            return
        intent = intents.write(self.git_dir, lines, point)
        try:
            self.run_writing("update-ref", "-m", message, "--stdin", data=script.encode("utf-8"))
        except GitCommandError:
            if not any(intents.has_moved(self.git, line) for line in lines):
                intent.unlink(missing_ok=True)  # git refused it whole: nothing to settle
            raise
        intent.unlink(missing_ok=True)

    def settle_interrupted(self) -> list[str]:
        """Finish or undo every transaction a crash cut short, when no writer runs; what was done."""
        if not intents.pending(self.git_dir):
            return []
        try:
            with writers_lock(self.git_dir, is_exclusive=True, is_blocking=False) as is_alone:
                if not is_alone:
                    return []  # a writer is running: its intent may be live
                return [intents.settle(self.git, path) for path in intents.pending(self.git_dir)]
        except (DocversionError, OSError):
            return []  # a read-only store: the next writer, or doctor --repair, settles it

    def run_writing(self, *args: str, data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        """Run a git command that moves refs, under the writers' lock; when it fails on a lock file
        that a killed git left (older than ``locking.STALE_AFTER``, no process holding it, no other
        docversion writer running), remove that file and run it once more."""
        try:
            return self.git.run(*args, data=data)
        except GitCommandError as exc:
            if exc.kind != "stale_lock" or exc.lock is None or not remove_if_stale(self.git_dir, exc.lock):
                raise
        return self.git.run(*args, data=data)

    def _conflict(self, code: str, before: ManualRefs, version: int | None) -> ConflictError:
        now = history.scan(self.git, code).get(code) or ManualRefs(code)
        if version is not None and now.version(version) is not None:
            return ConflictError(_("version {version} of manual {code} was published by another writer "
                                   "meanwhile; nothing was written").format(version=version, code=code))
        if now.tip != before.tip:
            return ConflictError(_(
                "manual {code} moved from {before} to {now} while this write was prepared; nothing was written: "
                "run the command again").format(code=code, before=(before.tip or _("nothing"))[:12],
                                                now=(now.tip or _("nothing"))[:12]))
        return ConflictError(_("another writer holds the lock of manual {code}; nothing was written: run "
                               "the command again, and 'docversion doctor' if this persists").format(code=code))


def _signature(who: Identity) -> str:
    return f"{who.name} <{who.email}> {who.when if who.when is not None else int(time.time())} +0000"
