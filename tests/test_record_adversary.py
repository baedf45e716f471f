"""Adversarial tests of the record: each one a way found to make it silently wrong through the
command line and plain git (rewriting a log and re-chaining its hashes, remaking tags with
``mktag``, moving refs with ``update-ref``, pulling from a doctored copy). Each test asserts the
behaviour the design promises, so it fails while the hole is open.

Every store starts as in ``tests/test_record_trust.py``: the seed imported as historical
version 5, a draft that edits one objective, then (for the trusted stores) a trust root made by
``trust init`` and a key for each person in their role.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from docversion.files import write_manual_dir
from tests.conftest import SEED_PATH, with_objective
from tests.record_cli import AUTHORIZER, CODE, PEOPLE, PREPARER, REVIEWERS, SEED, dv, git, ok, refs

PRESIDENT = PEOPLE[4][0]
LOG_REF = f"refs/docversion/workflow/{CODE}"
TRUST_REF = "refs/docversion/trust/log"


def verify_problems(store: Path) -> tuple[int, list[str]]:
    code, out, err = dv(store, "verify", "--json")
    report = json.loads(out) if out.strip() else {}
    if "problems" not in report:  # verify stopped before it reported anything
        return code, [f"no verify report: {(report or err)!r}"]
    return code, [p["message"] for p in report["problems"]]


def assert_verify_fails(store: Path, *fragments: str) -> list[str]:
    code, messages = verify_problems(store)
    assert code == 4, f"verify exited {code} with {messages}"
    for fragment in fragments:
        assert any(fragment in m for m in messages), (fragment, messages)
    return messages


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def log_events(store: Path) -> list[dict[str, Any]]:
    raw = git(store, "cat-file", "blob", f"{LOG_REF}:log.jsonl")
    return [json.loads(line)["event"] for line in raw.splitlines() if line]


def rewrite_log(store: Path, edit: Callable[[list[dict[str, Any]]], None]) -> None:
    """Plain git: edit the manual's log events, re-chain every line's hash, commit the file, move the
    ref, and remake each version tag (``mktag``) so it names its entry (and the commit it records)."""
    events = log_events(store)
    edit(events)
    prev, hashes, data = "", [], b""
    for seq, event in enumerate(events, start=1):
        line = canonical({"seq": seq, "prev": prev, "event": event})
        prev = hashlib.sha256(line).hexdigest()
        hashes.append(prev)
        data += line + b"\n"
    blob = git(store, "hash-object", "-w", "--stdin", data=data)
    tree = git(store, "mktree", data=f"100644 blob {blob}\tlog.jsonl\n".encode())
    commit = git(store, "commit-tree", tree, "-p", git(store, "rev-parse", LOG_REF), "-m", "rewritten")
    git(store, "update-ref", LOG_REF, commit)
    for ref in git(store, "for-each-ref", "--format=%(refname)", f"refs/tags/{CODE}/").split():
        version = int(ref.rsplit("/v", 1)[1])
        index = next((i for i, e in enumerate(events) if e.get("type") in ("imported", "published")
                      and e.get("version") == version), None)
        if index is None:
            continue
        body = git(store, "cat-file", "tag", ref).split("\n")
        body = [f"object {events[index]['commit']}" if line.startswith("object ") else
                f"Docversion-Log: {hashes[index]}" if line.startswith("Docversion-Log: ") else line
                for line in body]
        git(store, "update-ref", ref, git(store, "mktag", data=("\n".join(body) + "\n").encode()))


def edited_commit(store: Path, commit: str, path: str, edit: Callable[[str], str]) -> str:
    """Plain git: ``commit`` with the file ``path`` edited (same parents, same message)."""
    text = edit(git(store, "show", f"{commit}:{path}") + "\n")
    blob = git(store, "hash-object", "-w", "--stdin", data=text.encode())

    def rebuild(tree: str, parts: list[str]) -> str:
        entries = []
        for entry in git(store, "ls-tree", tree).splitlines():
            meta, name = entry.split("\t", 1)
            mode, kind, oid = meta.split()
            if name == parts[0]:
                oid = blob if len(parts) == 1 else rebuild(oid, parts[1:])
            entries.append(f"{mode} {kind} {oid}\t{name}")
        return git(store, "mktree", data=("\n".join(entries) + "\n").encode())

    tree = rebuild(f"{commit}^{{tree}}", path.split("/"))
    parents = [arg for p in git(store, "log", "-1", "--format=%P", commit).split() for arg in ("-p", p)]
    message = git(store, "log", "-1", "--format=%B", commit)
    return git(store, "commit-tree", tree, *parents, data=message.encode())


# Stores ---------------------------------------------------------------------------------------

@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """The seed as version 5 and a draft that edits the first objective; no trust root."""
    path = tmp_path / "store.git"
    ok(None, "init", "--bare", str(path))
    ok(path, "import", "--historical", str(SEED_PATH))
    write_manual_dir(with_objective(SEED, 0, "Objetivo revisado del puesto."), tmp_path / "draft")
    ok(path, "import", str(tmp_path / "draft"))
    return path


@pytest.fixture
def rooted(tmp_path: Path, plain: Path) -> tuple[Path, Path, dict[str, Path]]:
    """``plain`` with a trust root (Ana administers it) and a key for each person in their role."""
    admin = tmp_path / "admin.pem"
    ok(None, "keys", "generate", "-o", str(admin))
    ok(plain, "trust", "init", "--admin-key", str(admin), "--admin", "Ana Administradora")
    keys = {}
    for name, role in PEOPLE:
        keys[name] = tmp_path / f"{name.split()[0].lower()}.pem"
        ok(None, "keys", "generate", "-o", str(keys[name]))
        ok(plain, "keys", "add", str(keys[name]), "--person", name, "--role", role, "--admin-key", str(admin))
    return plain, admin, keys


def key(keys: dict[str, Path] | None, name: str) -> list[str]:
    return ["--key", str(keys[name])] if keys else []


def submit(store: Path, keys: dict[str, Path] | None = None) -> None:
    ok(store, "submit", CODE, "--as", PREPARER, *key(keys, PREPARER))


def review_all(store: Path, keys: dict[str, Path] | None = None) -> None:
    for name, role in PEOPLE[1:4]:
        ok(store, "review", CODE, "--role", role, "--approve", "--as", name, *key(keys, name))


def authorize(store: Path, keys: dict[str, Path] | None = None) -> None:
    ok(store, "authorize", CODE, "--as", PRESIDENT, *key(keys, PRESIDENT))


def published(store: Path, keys: dict[str, Path]) -> None:
    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
    submit(store, keys)
    review_all(store, keys)
    authorize(store, keys)
    ok(store, "publish", CODE, "--as", PRESIDENT)
    ok(store, "verify")


def unsigned_publication_behind_the_root(store: Path) -> None:
    """Plain git and docversion: the log's line 1 (the import the trust root adopted) is edited in a
    field nothing checks and the chain re-hashed; the trust ref is set aside while an unsigned
    request is proposed, signed by invented names and published, then put back."""
    rewrite_log(store, lambda events: events[0].update(source="seed.txt"))
    trust = git(store, "rev-parse", TRUST_REF)
    git(store, "update-ref", "-d", TRUST_REF)
    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
    submit(store)
    review_all(store)
    authorize(store)
    ok(store, "publish", CODE, "--as", PRESIDENT)
    git(store, "update-ref", TRUST_REF, trust)


# The attacks ----------------------------------------------------------------------------------

class TestTrustRootAdoption:
    def test_losing_the_adopted_line_does_not_make_every_line_recorded_only(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The trust root adopted the log up to its import line. Once that line's hash is gone from
        the log (one unchecked field edited, the chain recomputed), proof.log_problems treats
        every line as 'before the root' and checks none: an unsigned publication by invented
        people verifies."""
        store, _, _ = rooted
        unsigned_publication_behind_the_root(store)
        messages = assert_verify_fails(store)
        assert any("unsigned" in m or "adopt" in m for m in messages), messages


class TestPolicyOfARequest:
    def test_a_proposal_edited_to_need_no_reviewers_is_named(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The proposed line is not signed: its reviewers are set to none and the chain
        re-hashed; the preparer and the authorizer alone then publish v6, and verify says 0."""
        store, _, keys = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
        rewrite_log(store, lambda events: events[1].update(reviewers=[]))
        submit(store, keys)
        authorize(store, keys)
        code, _, _ = dv(store, "publish", CODE, "--as", PRESIDENT)
        if code == 0:
            assert_verify_fails(store)

    def test_a_proposal_naming_a_trust_point_before_the_policy_is_named(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The administrator sets the manual's policy in the trust log. The proposal is edited to
        name the trust point just before that line (not earlier than the line before it) and to
        need no reviewers: proposal_problem finds no policy there, and verify says 0."""
        store, admin, keys = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
        before_policy = log_events(store)[1]["trust"]
        ok(store, "withdraw", CODE, "--as", PREPARER, "--reason", "Se propone de nuevo.")
        ok(store, "policy", CODE, *(arg for r in REVIEWERS for arg in ("--reviewer", r)),
           "--authorizer", AUTHORIZER, "--admin-key", str(admin))
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
        rewrite_log(store, lambda events: events[3].update(reviewers=[], trust=before_policy))
        submit(store, keys)
        authorize(store, keys)
        code, _, _ = dv(store, "publish", CODE, "--as", PRESIDENT)
        if code == 0:
            assert_verify_fails(store)


class TestSignoffs:
    def test_an_approval_voided_by_its_signers_rejection_cannot_be_replayed(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """Rosa approves, then rejects; the preparer submits the same draft again and copies Rosa's
        earlier approval (and the other two) into the new round by plain git. Every signature is
        genuine, so verify says 0 and status shows Rosa approving what she last rejected."""
        store, _, keys = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
        submit(store, keys)
        review_all(store, keys)
        rosa, role = PEOPLE[1]
        ok(store, "review", CODE, "--role", role, "--reject", "--comment", "No lo apruebo.", "--as", rosa,
           *key(keys, rosa))
        submit(store, keys)
        rewrite_log(store, lambda events: events.extend(events[3:6]))
        assert_verify_fails(store)  # the copies break a rule of the log: a sign-off is recorded once
        code, _, _ = dv(store, "authorize", CODE, "--as", PRESIDENT, *key(keys, PRESIDENT))
        assert code == 5  # and they count for nothing: the reviews are still missing

    def test_a_preparer_needs_a_key_trusted_for_the_preparing_role(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """Pablo's key is trusted for 'Gerente de Planificación' only; he proposes and submits as
        'Elaborado por' with it and the submission is taken as proven."""
        store, _, keys = rooted
        pablo = PEOPLE[2][0]
        ok(store, "propose", CODE, "--as", pablo, "--in-force", "2027-03-15")
        before = refs(store)
        code, _, err = dv(store, "submit", CODE, "--as", pablo, *key(keys, pablo))
        assert code in (4, 5), err
        assert refs(store) == before


class TestPublishedContent:
    def test_the_last_modified_date_of_a_published_version_is_part_of_the_record(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """Nothing signed covers the published line's last_modified: v6's commit is remade with row
        06 stating another last-modified date, the published line and the chain rewritten, the
        tag and branch moved. v6 now names other content and verify says 0."""
        store, _, keys = rooted
        published(store, keys)
        old = git(store, "rev-parse", f"refs/tags/{CODE}/v6^{{commit}}")

        def last_row(text: str) -> str:
            at = text.rindex("  last_modified: null")
            return text[:at] + "  last_modified: 2019-05-05" + text[at + len("  last_modified: null"):]

        new = edited_commit(store, old, f"{CODE}/manual.yaml", last_row)
        rewrite_log(store, lambda events: events[-1].update(commit=new, last_modified="2019-05-05"))
        git(store, "update-ref", f"refs/heads/manuals/{CODE}", new)
        assert_verify_fails(store)


class TestPull:
    def test_a_version_tag_the_remote_log_does_not_record_is_not_taken(
            self, tmp_path: Path, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The remote gets a hand-made v7 tag (mktag) on a hand-made commit; its logs are untouched.
        The pull takes v7 with exit 0 and 'list' shows it as the latest version."""
        store, _, keys = rooted
        published(store, keys)
        remote = tmp_path / "remote.git"
        shutil.copytree(store, remote)
        v6 = git(remote, "rev-parse", f"refs/tags/{CODE}/v6^{{commit}}")
        forged = edited_commit(remote, v6, f"{CODE}/manual.yaml", lambda s: s.replace(
            "  version: 6\n", "  version: 7\n", 1).replace("  in_force: 2027-03-15\n", "  in_force: 2028-01-01\n", 1))
        tag = git(remote, "mktag", data=(
            f"object {forged}\ntype commit\ntag {CODE}/v7\ntagger X <x@example.org> 1700000000 +0000\n\n"
            f"{CODE} version 07\n\nPublished by {PRESIDENT} under change request 2.\n\n"
            f"Docversion-Code: {CODE}\nDocversion-Version: 7\nDocversion-In-Force: 2028-01-01\n"
            "Docversion-Imported: no\nDocversion-Log: " + "0" * 64 + "\n").encode())
        git(remote, "update-ref", f"refs/tags/{CODE}/v7", tag)
        git(remote, "update-ref", f"refs/heads/manuals/{CODE}", forged)
        before = refs(store)
        code, _, err = dv(store, "pull", str(remote))
        assert code == 4, err
        assert refs(store) == before

    def test_prefer_theirs_does_not_take_an_unproven_log(
            self, tmp_path: Path, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The remote holds the unsigned publication of the first attack; pulling it with
        --prefer theirs (the plain pull reports the v5 clash) takes it into a store with a trust
        root, and verify then says 0."""
        store, _, _ = rooted
        remote = tmp_path / "remote.git"
        shutil.copytree(store, remote)
        unsigned_publication_behind_the_root(remote)
        before = refs(store)
        code, _, err = dv(store, "pull", str(remote), "--prefer", "theirs")
        assert code == 4, err
        assert refs(store) == before


class TestDamage:
    def test_a_damaged_trust_log_does_not_turn_signing_off_into_no_trust_root(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The trust log's first line is cut short (plain git). The store reads as having no trust
        root, so submit and review take unsigned sign-offs, though the manual's log names trust
        points and the administrators' own commands refuse a damaged trust log."""
        store, _, _ = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-03-15")
        old = git(store, "rev-parse", TRUST_REF)
        lines = git(store, "cat-file", "blob", f"{old}:trust.jsonl").split("\n")
        damaged = "\n".join([lines[0][:50], *lines[1:]]) + "\n"
        blob = git(store, "hash-object", "-w", "--stdin", data=damaged.encode())
        tree = git(store, "mktree", data=f"100644 blob {blob}\ttrust.jsonl\n".encode())
        git(store, "update-ref", TRUST_REF, git(store, "commit-tree", tree, "-p", old, "-m", "x"))
        before = refs(store)
        code, _, err = dv(store, "submit", CODE, "--as", PREPARER)
        assert code in (4, 5), err
        assert refs(store) == before

    def test_a_published_line_naming_a_missing_draft_is_named_by_verify(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """The published line's draft_commit is rewritten to an object the store lacks: verify stops
        with exit 5 ('manual.yaml is missing ... docversion convert') instead of exit 4 naming
        the version and every other problem."""
        store, _, keys = rooted
        published(store, keys)
        rewrite_log(store, lambda events: events[-1].update(draft_commit="1" * 40))
        assert_verify_fails(store)

    def test_a_stray_workflow_ref_does_not_stop_verify(self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        """A ref refs/docversion/workflow/a/b (not a manual code) makes verify exit 5 ('a/b' is not a
        valid manual code) and check nothing at all, not even a tampered tag."""
        store, _, keys = rooted
        published(store, keys)
        git(store, "update-ref", "refs/docversion/workflow/a/b", git(store, "rev-parse", LOG_REF))
        body = git(store, "cat-file", "tag", f"refs/tags/{CODE}/v6").replace(
            "Docversion-In-Force: 2027-03-15", "Docversion-In-Force: 2027-03-16")
        git(store, "update-ref", f"refs/tags/{CODE}/v6", git(store, "mktag", data=(body + "\n").encode()))
        assert_verify_fails(store, "2027-03-16")
