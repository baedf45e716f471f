"""A manual's history as its record tells it (docversion.store.chronicle, docversion.workflow.provenance)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.records import Signer
from docversion.store import Store
from docversion.store.chronicle import manual_history
from docversion.store.control import ChangeControl
from tests.conftest import AUTHOR, HISTORY, with_objective

CODE = "900-0935"
NOW = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def _version(number: int) -> Manual:
    return read_seed_text((HISTORY / f"v{number}.txt").read_bytes(), f"v{number}").manual


class TestManualHistory:
    """Each version's signers, in-force date and sentences; the open request's events."""

    def test_imported_versions_tell_their_rows(self, store: Store) -> None:
        for number in (1, 2):
            store.record(_version(number), author=AUTHOR, is_historical=True, has_ids=False)
        entries, request = manual_history(store, CODE)
        assert request is None
        records = [entry.record for entry in entries]
        assert [r.version for r in records if r] == [2, 1]
        newest = records[0]
        assert newest is not None and newest.is_imported and newest.in_force == date(2011, 9, 1)
        assert newest.prepared == Signer("Analista", "Esmeralda Najarro de Artiga")
        assert newest.authorized == Signer("Presidente y Director Ejecutivo")
        assert newest.reviewed == () and newest.published is None
        assert newest.sentences == ("Se renombró Agencia Virtual por Área de Servicios en Línea.",
                                    "Se renombró Analista de Agencia Virtual por Promotor de Servicios en Línea.")

    def test_a_request_without_sentences_takes_the_diffs(self, store: Store) -> None:
        store.record(_version(5), author=AUTHOR, is_historical=True, has_ids=False)
        store.record(with_objective(_version(5), 1, "Promover los servicios en línea."), author=AUTHOR)
        control = ChangeControl(store)
        control.propose(CODE, preparer="Clara Arce", label="Elaborado por", sentences=(), now=NOW, author=AUTHOR,
                        in_force=date(2027, 1, 4), today=NOW.date())
        control.sign(CODE, name="Clara Arce", role=None, meaning="prepared", decision="approved", comment="Listo.",
                     now=NOW.replace(minute=5), author=AUTHOR)
        entries, request = manual_history(store, CODE)
        assert request is not None and (request.number, request.state, request.version) == (1, "in_review", 6)
        assert request.in_force == date(2027, 1, 4) and not request.are_sentences_written
        assert request.sentences and all(s.endswith(".") for s in request.sentences)
        assert [(e.action, e.name, e.comment) for e in request.events] == [
            ("submitted", "Clara Arce", "Listo."), ("proposed", "Clara Arce", "")]
        assert [e.kind for e in entries] == ["draft", "draft", "version"]
