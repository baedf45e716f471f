"""Finding and mending what a killed process leaves in a store.

Git writes objects and refs atomically, so a killed writer cannot leave a half-written object or
ref; what it can leave is a lock file (``refs/.../x.lock``, ``packed-refs.lock``, ``index.lock``)
that makes every later writer of that ref fail, and temporary object files. A lock is stale when
no docversion writer is running (the writers' lock is free), no process has the file open, and
it is older than ``min_age`` seconds, the margin for a plain ``git`` process between opening and
renaming it. Repair removes stale locks and temporary files, and nothing else of git's. It also
checks the parse cache (derived data) entry by entry against the files, and repair drops what
is off, or the whole cache when it cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docversion.i18n import _, ngettext
from docversion.store import history, intents, logs, parsed
from docversion.store.gitcmd import Git
from docversion.store.locking import LOCK_NAME, holder, open_files, writers_lock
from docversion.store.parsed import CACHE_FILE, ParsedCache

TEMPORARY_PATTERNS = ("objects/tmp_obj_*", "objects/*/tmp_obj_*", "objects/pack/tmp_*", "objects/incoming-*")


@dataclass(frozen=True)
class Finding:
    """One problem: its kind, the file or ref, what is wrong, and whether it was repaired."""

    # "interrupted", "stale_lock", "held_lock", "temporary_file", "fsck", "ref", "split", "parse_cache",
    # "stale_cache", "busy_cache"
    kind: str
    path: str
    message: str
    is_repaired: bool = False

    @property
    def is_damage(self) -> bool:
        """True for what still needs attention after the run."""
        return not self.is_repaired and self.kind not in ("held_lock", "stale_cache", "busy_cache")


def examine(runner: Git, *, is_repairing: bool, min_age: float, now: float) -> list[Finding]:
    """Every finding in the store at ``runner.git_dir``; with ``is_repairing``, stale files removed."""
    git_dir = runner.git_dir
    with writers_lock(git_dir, is_exclusive=True, is_blocking=False, is_checking_only=not is_repairing) as is_alone:
        findings = _settle(runner, is_alone=is_alone, is_repairing=is_repairing)
        in_use = open_files()
        for path, kind in _leftovers(git_dir):
            age = now - path.stat().st_mtime if path.exists() else 0.0
            relative = str(path.relative_to(git_dir))
            who = holder(path, is_alone=is_alone, open_files=in_use, min_age=min_age, now=now)
            if who is not None:
                findings.append(Finding("held_lock", relative, _("left alone: {reason}").format(reason=who)))
                continue
            is_repaired = is_repairing and _remove(path)
            text = (_("stale lock, {age:.0f} s old") if kind == "stale_lock" else
                    _("temporary file left by a killed process, {age:.0f} s old"))
            findings.append(Finding(kind, relative, text.format(age=age), is_repaired))
    findings += _check_refs(runner)
    findings += _check_split(runner, is_repairing=is_repairing)
    findings += _fsck(runner)
    findings += _check_cache(runner, is_repairing=is_repairing)
    return findings


def _settle(runner: Git, *, is_alone: bool, is_repairing: bool) -> list[Finding]:
    """Transactions a crash cut short (their intents): settled first, since their lock files hold
    the only copies of ids the intent also holds; reported, while a writer may still run them."""
    findings = []
    for path in intents.pending(runner.git_dir):
        relative = str(path.relative_to(runner.git_dir))
        if is_repairing and is_alone:
            findings.append(Finding("interrupted", relative, intents.settle(runner, path), is_repaired=True))
        else:
            text = (_("a transaction was cut short (a docversion writer is running)") if not is_alone else
                    _("a transaction was cut short (--repair finishes or undoes it)"))
            findings.append(Finding("interrupted", relative, text))
    return findings


def _leftovers(git_dir: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(git_dir.rglob("*.lock")):
        if path.is_file() and path.name != LOCK_NAME:
            yield path, "stale_lock"
    for pattern in TEMPORARY_PATTERNS:
        for path in sorted(git_dir.glob(pattern)):
            yield path, "temporary_file"


def _remove(path: Path) -> bool:
    try:
        if path.is_dir():
            for child in sorted(path.rglob("*"), reverse=True):
                child.rmdir() if child.is_dir() else child.unlink()
            path.rmdir()
        else:
            path.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _check_refs(runner: Git) -> list[Finding]:
    findings = []
    for code, refs in history.scan(runner).items():
        for info in refs.versions:
            if history.trailers(info.message).get("version") != str(info.version):
                findings.append(Finding("ref", info.tag, _("the tag of {code} v{version} says another "
                                                           "version").format(code=code, version=info.version)))
        latest = refs.latest
        if refs.tip and latest and runner.run("merge-base", "--is-ancestor", latest.commit, refs.tip,
                                              check=False).returncode != 0:
            findings.append(Finding("ref", f"manuals/{code}", _("the branch of {code} does not descend from "
                                                                "v{version}").format(code=code,
                                                                                     version=latest.version)))
    return findings


def _check_split(runner: Git, *, is_repairing: bool) -> list[Finding]:
    """Versions the log records and the refs do not, or the other way round; with repair, the
    tags the log records made again (``store/rollforward.py``)."""
    findings = []
    manuals = history.scan(runner)
    for code in logs.logged_codes(runner)[0]:
        workflow = logs.read_workflow(runner, code)[3]
        refs = manuals.get(code)
        tagged = {v.version: v for v in refs.versions} if refs else {}
        recorded = {v: line for v, (line, _event) in (*workflow.published.items(), *workflow.imported.items())}
        for version in sorted(set(recorded) - set(tagged)):
            is_repaired = is_repairing and _follow(runner, code, refs or history.ManualRefs(code), recorded[version])
            findings.append(Finding("split", f"tags/{code}/v{version}",
                                    _("the log records {code} v{version} but there is no tag for it").format(
                                        code=code, version=version), is_repaired))
        for version in sorted(set(tagged) - set(recorded)):
            findings.append(Finding("split", f"tags/{code}/v{version}",
                                    _("the tag of {code} v{version} has no entry in the log").format(
                                        code=code, version=version)))
    return findings


def _follow(runner: Git, code: str, refs: history.ManualRefs, line: Any) -> bool:
    from docversion.errors import DocversionError
    from docversion.store.rollforward import follow_lines
    from docversion.store.store import Store

    store = Store(runner.git_dir)
    try:
        with writers_lock(runner.git_dir, is_exclusive=True, is_blocking=False) as is_alone:
            if not is_alone:
                return False
            store.transaction(follow_lines(store, code, refs, line), f"docversion: doctor {code}")
    except DocversionError:
        return False
    return True


def _fsck(runner: Git) -> list[Finding]:
    done = runner.run("fsck", "--no-dangling", "--no-progress", check=False)
    lines = [line for line in done.stdout.decode("utf-8", "replace").splitlines()
             + done.stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not line.startswith(("notice:", "Checking"))]
    if done.returncode == 0 and not lines:
        return []
    said = lines or [_("git fsck exited {code}").format(code=done.returncode)]  # git's own words stay git's
    return [Finding("fsck", "objects", line) for line in said]


def _check_cache(runner: Git, *, is_repairing: bool) -> list[Finding]:
    """The parse cache, each entry against its file: derived data, so repair drops what is off."""
    cache = ParsedCache(runner.git_dir)
    state = cache.state()
    if state == "damaged":
        return [Finding("parse_cache", CACHE_FILE,
                        _("the parse cache is damaged; versions are read from git without it until --repair "
                          "removes it"), is_repairing and _remove(cache.path)
                        and _remove(cache.path.with_name(f"{CACHE_FILE}-journal")))]
    found = parsed.audit(runner, cache) if state == "ok" else None
    if found is None:
        busy = _("another process holds the parse cache; it was not checked")
        return [Finding("busy_cache", CACHE_FILE, busy)] if state != "absent" else []
    wrong = _("the cached reading is not what the stored file reads as (changed outside docversion); --repair "
              "drops it")
    findings = [Finding("parse_cache", f"{CACHE_FILE}:{name}@{blob[:12]}", wrong,
                        is_repairing and cache.discard([(blob, name, form)]))
                for blob, name, form in found.wrong]
    if found.stale:
        count = len(found.stale)
        findings.append(Finding("stale_cache", CACHE_FILE,
                                ngettext("{n} entries of another docversion build or of files git no longer holds; "
                                         "--repair drops them",
                                         "{n} entries of another docversion build or of files git no longer holds; "
                                         "--repair drops them", count).format(n=count),
                                is_repairing and cache.discard(found.stale)))
    return findings
