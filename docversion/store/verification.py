"""``docversion verify``: everything a command reads, checked against the record that made it.

The trust log's chain and signatures; each manual log's chain and rules, and under a trust root
every sign-off against the keys trusted at the point it names; each version's tag (commit and
trailers) against its log entry; version numbers without gaps and in-force dates strictly
increasing; every earlier row of MODIFICACIONES REALIZADAS the same in every later version; the
marks of each version on text it changed; an imported version's content against the digest
logged when it was imported; what was signed (recomputed from the draft, the version before it
and the sentences in the version's row; the diff is never run again) against the digest the
sign-offs name, and the published content against the authorized draft after publishing. Each
problem names the manual, the version and what is wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docversion.errors import DocversionError
from docversion.formats.canonical import dump_manual
from docversion.i18n import _, ngettext
from docversion.model import Manual, resolve_path
from docversion.store import history, logs
from docversion.store.history import ManualRefs, VersionInfo
from docversion.store.review import review_problems
from docversion.store.store import Store
from docversion.workflow.content import content_digest, published_manual
from docversion.workflow.proof import log_problems
from docversion.workflow.state import Policy, Workflow
from docversion.workflow.trust import TrustLog


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
    trust = logs.read_trust(store.git)[1]
    problems = [Problem("trust", None, message) for message in trust.problems]
    if code is None:
        problems += [Problem("store", None, _("{ref} is no manual's log (a ref made by hand)").format(ref=ref))
                     for ref in logs.logged_codes(store.git)[1]]
    manuals = history.scan(store.git, code)
    for name in manual_codes(store, code):
        if on_manual is not None:
            on_manual(name)
        problems += _verify_manual(store, name, manuals.get(name) or ManualRefs(name), trust)
    return problems


def manual_codes(store: Store, code: str | None = None) -> list[str]:
    """The manuals verify looks at: those with snapshots or versions, and those with a log."""
    if code:
        return [code]
    return sorted(set(history.scan(store.git)) | set(logs.logged_codes(store.git)[0]))


def _verify_manual(store: Store, code: str, refs: ManualRefs, trust: TrustLog) -> list[Problem]:
    _commit, lines, chain, workflow = logs.read_workflow(store.git, code)
    problems = [Problem(code, None, message) for message in chain + log_problems(code, lines, trust)]
    numbers = [v.version for v in refs.versions]
    for earlier, later in itertools.pairwise(numbers):
        if later != earlier + 1:
            problems.append(Problem(code, later, _("version numbers skip from {earlier} to {later}").format(
                earlier=earlier, later=later)))
    for earlier_info, later_info in itertools.pairwise(refs.versions):
        if earlier_info.in_force and later_info.in_force and later_info.in_force <= earlier_info.in_force:
            problems.append(Problem(code, later_info.version, _("in force from {day}, not after v{version} "
                                                                "({earlier_day})").format(
                day=later_info.in_force, version=earlier_info.version, earlier_day=earlier_info.in_force)))
    try:
        contents = dict(zip(numbers, store.load_many(code, [(v.commit, f"{code}@v{v.version}")
                                                            for v in refs.versions], use_cache=False), strict=True))
    except DocversionError as exc:
        return [*problems, Problem(code, None, _("its versions cannot be read: {error}").format(error=exc))]
    for info in refs.versions:
        before = contents.get(info.version - 1)
        try:
            found = _check_tag(store, code, refs, info, workflow, contents[info.version], before, trust)
        except DocversionError as exc:  # what the log names cannot be read: that is the finding
            found = [_("what its log entry names cannot be read: {error}").format(error=exc)]
        found += _check_record(contents[info.version], before, is_marks_checked=not info.is_imported)
        problems += [Problem(code, info.version, message) for message in found]
    problems += [Problem(code, review.version, message) for _line, review in workflow.reviews
                 for message in review_problems(review, refs.version(review.version), contents.get(review.version))]
    logged = set(workflow.published) | set(workflow.imported)
    for version in sorted(logged - set(numbers)):
        problems.append(Problem(code, version, _("the log records this version but the store has no tag for it")))
    return problems


def _check_tag(store: Store, code: str, refs: ManualRefs, info: VersionInfo, workflow: Workflow, content: Manual,
               before: Manual | None, trust: TrustLog) -> list[str]:
    """The version's tag against its log entry, and its content against what the entry names."""
    facts = history.trailers(info.message)
    published, imported = workflow.published.get(info.version), workflow.imported.get(info.version)
    if info.is_imported and published is not None:
        return [_("the tag says the version was imported, but the log published it: the tag was replaced")]
    entry = imported if info.is_imported else published
    if entry is None:
        return [_("the log has no entry for this version: it was imported outside docversion, or its tag was made "
                  "by hand") if info.is_imported else
                _("the log has no entry for this version: it was published outside docversion, or its tag was made "
                  "by hand")]
    line, event = entry
    found = []
    if info.commit != event.commit:
        found.append(_("the tag points at {commit}, not at {logged}, the commit its log entry names: the version "
                       "was changed outside the workflow").format(commit=info.commit[:12], logged=event.commit[:12]))
    if facts.get("log") != line.hash:
        found.append(_("the tag does not name its entry in the log"))
    if info.in_force != event.in_force or facts.get("version") != str(info.version):
        found.append(_("the tag's trailers say version {tag_version} in force from {tag_day}, but the log says "
                       "version {version} from {day}").format(tag_version=facts.get("version"),
                                                             tag_day=facts.get("in-force"), version=info.version,
                                                             day=event.in_force))
    if content.cover.version != info.version or content.cover.in_force != event.in_force:
        found.append(_("its cover states version {cover_version} in force from {cover_day}, not what the log "
                       "records ({version}, {day})").format(cover_version=content.cover.version,
                                                           cover_day=content.cover.in_force, version=info.version,
                                                           day=event.in_force))
    if refs.tip and store.git.run("merge-base", "--is-ancestor", info.commit, refs.tip,
                                  check=False).returncode != 0:
        found.append(_("the manual's branch no longer contains this version"))
    if imported is not None and info.is_imported:
        if content_digest(dump_manual(content), None, ()) != event.digest:
            found.append(_("its content is not what was imported (the digest in the log differs)"))
        return found
    return found + _check_published(store, code, info, workflow, event, content, before, trust)


def _check_published(store: Store, code: str, info: VersionInfo, workflow: Workflow, event: Any,
                     content: Manual, before: Manual | None, trust: TrustLog) -> list[str]:
    request = workflow.requests[event.request]
    draft = store.load_commit(code, event.draft_commit, f"{code}@{event.draft_commit[:12]}", use_cache=False)
    # The sentences signed are the request's own, or those the diff wrote then: the version's row
    # holds them, and the digest says whether they are the ones signed. The diff is not run again,
    # so a docversion that reads a change differently does not unsettle a version signed before.
    row = content.revisions[-1] if content.revisions else None
    sentences = request.sentences or (row.changes if row is not None and row.version == info.version else ())
    found = []
    if content_digest(dump_manual(draft), dump_manual(before) if before else None, sentences,
                      request.facts) != event.digest:
        found.append(_("what the sign-offs name is not the draft and request it was published from"))
    if not trust.is_rooted or not _trust_policy(trust, request, code):
        in_effect = (request.log_policy if not trust.is_rooted else None) or Policy.from_cover(
            (before or draft).cover)
        if request.policy != in_effect:
            found.append(_("its request was reviewed by {reviewers} and authorized by {authorizer!r}, not by the "
                           "policy in effect ({policy_reviewers}, {policy_authorizer!r})").format(
                reviewers=list(request.policy.reviewers), authorizer=request.policy.authorizer,
                policy_reviewers=list(in_effect.reviewers), policy_authorizer=in_effect.authorizer))
    if event.last_modified != request.last_modified:
        found.append(_("its row's date of last modification is not the one signed with the request"))
    expected = published_manual(draft, before, version=info.version, in_force=event.in_force,
                                last_modified=request.last_modified, authorizer=request.policy.authorizer,
                                sentences=sentences, label=request.label, preparer=request.preparer)
    if content != expected:
        found.append(_("its content differs from the authorized draft as published"))
    return found


def _trust_policy(trust: TrustLog, request: Any, code: str) -> bool:
    """True when the trust log set the manual's policy at the point the request's proposal names
    (the proof checks the proposal against it)."""
    state = trust.at(request.trust)
    return state is not None and code in state.policies


def _check_record(content: Manual, before: Manual | None, *, is_marks_checked: bool) -> list[str]:
    """Earlier rows as the version before states them; marks only on what this version changed
    (a version signed on paper keeps the marks its paper carries)."""
    if before is None:
        return []
    found = []
    earlier = [row for row in content.revisions if row.version <= before.cover.version]
    if tuple(earlier) != before.revisions:
        changed = sorted({row.version for row in earlier} ^ {row.version for row in before.revisions}
                         | {a.version for a, b in zip(earlier, before.revisions, strict=False) if a != b})
        found.append(_("MODIFICACIONES REALIZADAS rows {rows} differ from those of v{version}: published rows never "
                       "change").format(rows=", ".join(f"{v:02d}" for v in changed), version=before.cover.version))
    stale = _unchanged_marks(content, before) if is_marks_checked else 0
    if stale:
        found.append(ngettext("{n} revision mark(s) are on text unchanged since v{version}: a version's marks are "
                              "its own changes",
                              "{n} revision mark(s) are on text unchanged since v{version}: a version's marks are "
                              "its own changes", stale).format(n=stale, version=before.cover.version))
    return found


def _unchanged_marks(content: Manual, before: Manual) -> int:
    """How many of ``content``'s marks are on a value that reads the same in ``before``."""
    count = 0
    old_positions = {p.id: p for p in before.positions}
    pairs: list[tuple[Any, Any, str]] = [(content, before, m.path) for m in content.marked
                                               if not m.path.startswith("revisions.")]
    for position in content.positions:
        old = old_positions.get(position.id)
        pairs += [(position, old, m.path) for m in position.marked] if old is not None else []
    for new, old, path in pairs:
        try:
            if resolve_path(old, path) == resolve_path(new, path):
                count += 1
        except KeyError:
            continue
    return count
