"""A rebuild reads only the debunks whose text changed, and builds the same matcher as reading them all."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

import numpy as np
import pytest
from sqlalchemy.engine import Engine

from tests.matching.helpers import labelled_docs, labelled_records
from tests.matching.test_service import store
from tipline.debunks.records import DebunkRecord
from tipline.matching import prepared
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher
from tipline.matching.service import MatcherService
from tipline.settings import Settings


class CountedPrepare:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real = prepared.prepare
        self.claims: list[str] = []
        monkeypatch.setattr(prepared, "prepare", self)

    def __call__(self, doc: DebunkDoc, token_words: dict[str, tuple[str, ...]] | None = None) -> object:
        self.claims.append(doc.claim)
        return self.real(doc, token_words)


def same_matcher(a: Matcher, b: Matcher) -> None:
    assert a.exact == b.exact and a.by_url == b.by_url and a.names == b.names
    assert a.copies.group_of == b.copies.group_of
    assert a.bm25.vocabulary == b.bm25.vocabulary
    assert (a.bm25.matrix != b.bm25.matrix).nnz == 0
    assert a.chars.matrix is not None and b.chars.matrix is not None
    assert np.array_equal(a.chars.matrix.data, b.chars.matrix.data)
    assert np.array_equal(a.chars.matrix.indices, b.chars.matrix.indices)


def test_a_matcher_built_on_a_previous_one_is_the_same_as_one_built_anew() -> None:
    docs = labelled_docs()
    first = Matcher(docs)
    edited = replace(docs[0], claim="Kotak suara di Papua dibakar massa, KPU Papua membantah", headline=None)
    added = DebunkDoc(len(docs) + 5, "https://cek.example/baru", "Bawaslu Jatim umumkan pilkada ulang")
    changed = [edited, *docs[2:], added]  # one edited, one removed, one added
    reused, anew = Matcher(changed, prepared=first.prepared), Matcher(changed)
    same_matcher(reused, anew)
    assert len(reused.prepared) == len(changed)  # the removed debunk's reading is not carried on
    tip = "kotak suara dibakar massa di papua"
    assert reused.match(tip).candidates[0].debunk_id == anew.match(tip).candidates[0].debunk_id == docs[0].id


ADDED = DebunkRecord(
    url="https://cekfakta.example/2024/bawaslu-jatim",
    claim_reviewed="Bawaslu Jatim umumkan pilkada Jember diulang",
    language="id",
)
EDITED_TIP = "gudang logistik kpu bekasi terbakar habis"


class Counted(Protocol):
    claims: list[str]


def built_once(
    engine: Engine, settings: Settings, counted: Counted
) -> tuple[MatcherService, list[DebunkRecord]]:
    """The labelled debunks stored and built by a new service, each read once; then the count starts anew."""
    records = labelled_records()
    store(engine, records)
    service = MatcherService(engine, settings)
    service.match_text("pemanasan")
    assert len(counted.claims) == len(records)
    counted.claims.clear()
    return service, records


def store_a_change(engine: Engine, records: list[DebunkRecord]) -> list[DebunkRecord]:
    """ADDED stored, and the second record edited into what EDITED_TIP says: the two a rebuild reads."""
    edited = replace(records[1], claim_reviewed="Gudang logistik KPU di Bekasi terbakar habis semalam")
    store(engine, [ADDED, edited])
    return [ADDED, edited]


def test_a_rebuild_reads_only_new_and_edited_debunks(
    engine: Engine, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = CountedPrepare(monkeypatch)
    settings = db_settings.model_copy(update={"match_reload_check_seconds": 0.0})
    service, records = built_once(engine, settings, counted)
    changed = store_a_change(engine, records)
    result = service.match_text(EDITED_TIP)
    assert sorted(counted.claims) == sorted(r.claim_reviewed for r in changed)
    assert result.candidates[0].url == changed[1].url
    assert service.match_text(ADDED.claim_reviewed).candidates[0].url == ADDED.url
