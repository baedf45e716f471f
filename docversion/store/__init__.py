"""The git-backed store of manual versions (GitPython and git's plumbing live only here)."""

from docversion.records import LogEntry, ManualStatus, VersionInfo
from docversion.store.gitcmd import Identity
from docversion.store.refs import DRAFT, LATEST, Revision, parse_revision, parse_target
from docversion.store.store import Recorded, Store

__all__ = ["DRAFT", "LATEST", "Identity", "LogEntry", "ManualStatus", "Recorded", "Revision", "Store",
           "VersionInfo", "parse_revision", "parse_target"]
