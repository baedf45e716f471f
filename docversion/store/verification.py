"""``docversion verify``: every published version checked against the record that made it.

The log's chain and rules; each version's tag against its ``published`` line; what was signed
(recomputed from the draft, the version before it and the sentences in the version's row; the
diff is never run again) against the digest the sign-offs name; the published content against
the authorized draft after publishing; each signature against the keys the store trusts;
version numbers without gaps. Each problem names the manual, the version and what is wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from docversion.formats.canonical import dump_manual
from docversion.store import history
from docversion.store.control import WORKFLOW_PREFIX, ChangeControl
from docversion.store.history import ManualRefs, VersionInfo
from docversion.store.store import Store
from docversion.workflow.content import content_digest, published_manual
from docversion.workflow.events import LogLine, Published
from docversion.workflow.signing import Key, check_signature
from docversion.workflow.state import Request


@dataclass(frozen=True)
class Problem:
    """One thing verify found wrong."""

    code: str
    version: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.code} v{self.version}" if self.version is not None else self.code
        return f"{where}: {self.message}"


def verify(store: Store, code: str | None = None,
           on_manual: Callable[[str], None] | None = None) -> list[Problem]:
    """Every problem in the store (or in one manual); empty when all verifies.

    ``on_manual`` is told each manual's code as its check starts (for a progress bar).
    """
    control = ChangeControl(store)
    keys = control.keys()
    manuals = history.scan(store.git, code)
    codes = manual_codes(store, code)
    problems: list[Problem] = []
    for name in codes:
        if on_manual is not None:
            on_manual(name)
        problems += _verify_manual(store, control, name, manuals.get(name) or ManualRefs(name), keys)
    return problems


def manual_codes(store: Store, code: str | None = None) -> list[str]:
    """The manuals verify looks at: those with snapshots or versions, and those with a log."""
    if code:
        return [code]
    out = store.git.run("for-each-ref", "--format=%(refname)", WORKFLOW_PREFIX).stdout.decode()
    logged = {ref.removeprefix(WORKFLOW_PREFIX) for ref in out.split()}
    return sorted(set(history.scan(store.git)) | logged)


def _verify_manual(store: Store, control: ChangeControl, code: str, refs: ManualRefs,
                   keys: list[Key]) -> list[Problem]:
    state = control.log(code)
    problems = [Problem(code, None, message) for message in state.problems]
    published = state.workflow.published
    numbers = [v.version for v in refs.versions]
    for earlier, later in itertools.pairwise(numbers):
        if later != earlier + 1:
            problems.append(Problem(code, later, f"version numbers skip from {earlier} to {later}"))
    for info in refs.versions:
        if info.is_imported and info.version in published:
            problems.append(Problem(code, info.version, "the tag says the version was imported, but the log "
                                                        "published it: the tag was replaced"))
        elif info.is_imported:
            continue
        if info.version not in published:
            problems.append(Problem(code, info.version, "published outside the workflow: the log has no "
                                                        "publication of this version"))
            continue
        line, event = published[info.version]
        request = state.workflow.requests[event.request]
        problems += [Problem(code, info.version, m) for m in _check_version(store, code, refs, info, line, event,
                                                                              request)]
    for version in sorted(set(published) - set(numbers)):
        problems.append(Problem(code, version, "the log publishes this version but the store has no tag for it"))
    for request in state.workflow.requests.values():
        for _, signoff in request.signoffs:
            found = check_signature(signoff, keys)
            if found is not None:
                problems.append(Problem(code, request.version, f"sign-off by {signoff.name} as {signoff.role} "
                                                               f"(request {request.number}): {found}"))
    return problems


def _check_version(store: Store, code: str, refs: ManualRefs, info: VersionInfo, line: LogLine,
                   event: Published, request: Request) -> list[str]:
    found = []
    if info.commit != event.commit:
        found.append(f"the tag points at {info.commit[:12]}, not at {event.commit[:12]}, the commit its "
                     "publication made: the version was changed outside the workflow")
    if history.trailers(info.message).get("log") != line.hash:
        found.append("the tag does not name its publication in the log")
    if refs.tip and store.git.run("merge-base", "--is-ancestor", info.commit, refs.tip,
                                  check=False).returncode != 0:
        found.append("the manual's branch no longer contains this version")
    base_info = refs.version(info.version - 1)
    wanted = [(event.draft_commit, f"{code}@{event.draft_commit[:12]}"), (info.commit, f"{code}@v{info.version}")]
    if base_info is not None:
        wanted.append((base_info.commit, f"{code}@v{base_info.version}"))
    draft, published, *before = store.load_many(code, wanted, use_cache=False)
    base = before[0] if before else None
    # The sentences signed are the request's own, or those the diff wrote then: the version's row
    # holds them, and the digest says whether they are the ones signed. The diff is not run again,
    # so a docversion that reads a change differently does not unsettle a version signed before.
    row = published.revisions[-1] if published.revisions else None
    sentences = request.sentences or (row.changes if row is not None and row.version == info.version else ())
    if content_digest(dump_manual(draft), dump_manual(base) if base else None, sentences) != event.digest:
        found.append("what the sign-offs name is not the draft it was published from")
    expected = published_manual(draft, version=info.version, in_force=event.in_force,
                                last_modified=event.last_modified, authorizer=request.policy.authorizer,
                                sentences=sentences, label=request.label, preparer=request.preparer)
    if published != expected:
        found.append("its content differs from the authorized draft as published")
    return found
