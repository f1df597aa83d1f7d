"""MatcherService over the real database (SQLite and PostgreSQL): loading, reloading, the repeat cache."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.matching.helpers import labelled_records
from tipline.debunks.records import DebunkRecord
from tipline.debunks.service import upsert_debunks
from tipline.matching import building
from tipline.matching import service as matching_service
from tipline.matching.embedders import to_bytes
from tipline.matching.indexing import index_debunks
from tipline.matching.normalize import NormalizedText, normalize
from tipline.matching.service import MatcherService
from tipline.matching.types import MatchResult
from tipline.settings import Settings

TIP = "server KPU di singapura udh disetting buat menangin satu paslon, viralkan!"
# A debunk that says exactly what the tip says: it comes first once a matcher sees it.
TIP_AS_CLAIMED = DebunkRecord(
    url="https://cekfakta.example/2024/server-kpu-baru", claim_reviewed=TIP, language="id"
)


def store(engine: Engine, records: list[DebunkRecord]) -> list[int]:
    with Session(engine) as session:
        result = upsert_debunks(session, records)
        index_debunks(session, result.changed_ids)
        session.commit()
    return result.changed_ids


def test_matches_stored_debunks(engine: Engine, db_settings: Settings) -> None:
    store(engine, labelled_records())
    service = MatcherService(engine, db_settings)
    result = service.match_text(TIP)
    assert result.candidates[0].url.endswith("server-kpu-singapura")
    assert result.normalized_text.startswith("server kpu di singapura sudah disetting")
    assert result.language == "id"


def test_repeat_is_served_from_the_cache_until_debunks_change(engine: Engine, db_settings: Settings) -> None:
    store(engine, labelled_records())
    service = MatcherService(engine, db_settings.model_copy(update={"match_reload_check_seconds": 0.0}))
    first = service.match_text(TIP)
    # The same normalised text (other emoji, case, stretched letters) is the same cached answer object.
    assert service.match_text("SERVER KPU di singapuraaa udh disetting buat menangin satu paslon 😡") is first
    # A new debunk that says exactly what the tip says: the cache must not hide it.
    exact = TIP_AS_CLAIMED
    store(engine, [exact])
    second = service.match_text(TIP)
    assert second is not first
    assert second.candidates[0].url == exact.url


def test_the_same_bytes_again_are_answered_without_normalising(
    engine: Engine, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(engine, labelled_records())
    service = MatcherService(engine, db_settings.model_copy(update={"match_reload_check_seconds": 0.0}))
    normalised: list[str] = []

    def counted(text: str) -> NormalizedText:
        normalised.append(text)
        return normalize(text)

    monkeypatch.setattr(matching_service, "normalize", counted)
    first = service.match_text(TIP)
    assert service.match_text(TIP) is first
    assert normalised == [TIP]
    # Another language hint is another question; a copy written differently is normalised, then found.
    service.match_text(TIP, language_hint="en")
    assert service.match_text(TIP.upper()) is first
    assert normalised == [TIP, TIP, TIP.upper()]
    # New debunks empty both caches.
    store(engine, [DebunkRecord(url="https://cekfakta.example/2024/baru", claim_reviewed=TIP, language="id")])
    assert service.match_text(TIP) is not first


def test_changed_debunk_text_is_seen_after_a_reload(engine: Engine, db_settings: Settings) -> None:
    records = labelled_records()
    store(engine, records)
    service = MatcherService(engine, db_settings.model_copy(update={"match_reload_check_seconds": 0.0}))
    tip = "harga beras turun drastis minggu depan menurut bulog"
    assert not service.match_text(tip).candidates or not service.match_text(tip).candidates[0].url.endswith(
        "coblos-semua-sah"
    )
    changed = replace(
        next(r for r in records if r.url.endswith("coblos-semua-sah")),
        claim_reviewed="Harga beras turun drastis minggu depan menurut Bulog",
        headline="Harga beras turun drastis minggu depan",
    )
    store(engine, [changed])
    assert service.match_text(tip).candidates[0].url.endswith("coblos-semua-sah")


def test_invalidate_forces_a_reload(engine: Engine, db_settings: Settings) -> None:
    store(engine, labelled_records()[:3])
    # A long check interval: only invalidate() can make the service see the new debunk.
    service = MatcherService(engine, db_settings.model_copy(update={"match_reload_check_seconds": 3600.0}))
    assert not any(c.url.endswith("server-kpu-singapura") for c in service.match_text(TIP).candidates)
    store(engine, labelled_records())
    assert not any(c.url.endswith("server-kpu-singapura") for c in service.match_text(TIP).candidates)
    service.invalidate()
    assert service.match_text(TIP).candidates[0].url.endswith("server-kpu-singapura")


def test_empty_database_answers_none(engine: Engine, db_settings: Settings) -> None:
    result = MatcherService(engine, db_settings).match_text(TIP)
    assert result.decision == "none"
    assert result.candidates == []


def test_index_debunks_is_a_no_op_when_semantic_matching_is_off(
    engine: Engine, db_settings: Settings
) -> None:
    from sqlalchemy import func, select

    from tipline.debunks.models import DebunkEmbedding

    ids = store(engine, labelled_records())
    with Session(engine) as session:
        index_debunks(session, ids)
        assert session.execute(select(func.count()).select_from(DebunkEmbedding)).scalar_one() == 0


class HeldBuilds:
    """build_matcher that waits for a go-ahead (or fails) once the first build is done: a slow rebuild."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real = matching_service.build_matcher
        self.go = threading.Event()
        self.fail = False
        self.calls = 0
        monkeypatch.setattr(matching_service, "build_matcher", self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls > 1:
            assert self.go.wait(timeout=30)
            if self.fail:
                raise RuntimeError("the database went away mid-build")
        return self.real(*args, **kwargs)


def _wait_until_built(service: MatcherService) -> None:
    building = service._building
    assert building is not None
    building.join(timeout=30)
    assert not service.rebuilding


def built_once_then_changed(
    engine: Engine, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[MatcherService, HeldBuilds, MatchResult]:
    """A service that rebuilds in the background, its first answer to TIP, then TIP_AS_CLAIMED stored
    (the change its next check sees; the build for it waits for `builds.go`)."""
    store(engine, labelled_records())
    service = MatcherService(engine, db_settings.model_copy(update={"match_rebuild_wait_seconds": 0.0}))
    builds = HeldBuilds(monkeypatch)
    first = service.match_text(TIP)  # the first build: nothing to answer with meanwhile, so tips wait
    store(engine, [TIP_AS_CLAIMED])
    return service, builds, first


def test_a_slow_rebuild_runs_in_the_background_while_the_previous_debunks_answer(
    engine: Engine, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, builds, first = built_once_then_changed(engine, db_settings, monkeypatch)
    built_through = service.built_through()
    exact = TIP_AS_CLAIMED
    # The change is being built in the background; the tip is answered from the debunks as they were.
    assert service.match_text(TIP) is first
    assert service.rebuilding
    assert service.built_through() == built_through  # follow-ups wait for the new matcher
    builds.go.set()
    _wait_until_built(service)
    second = service.match_text(TIP)
    assert second is not first
    assert second.candidates[0].url == exact.url
    assert service.built_through() != built_through
    assert builds.calls == 2


def test_a_failed_background_rebuild_keeps_the_previous_matcher_and_is_tried_again(
    engine: Engine, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, builds, first = built_once_then_changed(engine, db_settings, monkeypatch)
    exact = TIP_AS_CLAIMED
    builds.fail = True
    service.match_text(TIP)
    builds.go.set()
    _wait_until_built(service)
    builds.fail = False
    # Still answering, with the debunks as they were; this check after the failure starts a new build.
    assert service.match_text(TIP) is first
    _wait_until_built(service)
    assert service.match_text(TIP).candidates[0].url == exact.url
    assert builds.calls == 3


def test_a_quick_rebuild_is_waited_for_by_default(engine: Engine, db_settings: Settings) -> None:
    """A small collection (the demo's) rebuilds in milliseconds: the next tip sees the change itself."""
    store(engine, labelled_records())
    default_wait = Settings.model_fields["match_rebuild_wait_seconds"].default
    assert default_wait >= 1.0
    settings = db_settings.model_copy(update={"match_rebuild_wait_seconds": default_wait})
    service = MatcherService(engine, settings)
    service.match_text(TIP)
    exact = TIP_AS_CLAIMED
    store(engine, [exact])
    assert service.match_text(TIP).candidates[0].url == exact.url
    assert not service.rebuilding


def test_stored_vectors_are_stacked_in_chunks_into_the_same_matrix() -> None:
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((10, 384)).astype(np.float32)
    blobs = [to_bytes(row) for row in rows]
    assert np.array_equal(building._stacked(blobs, rows_at_once=3), rows)
    assert building._stacked([]).shape == (0, 384)
