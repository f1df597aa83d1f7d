"""Debunk images: fetched over real HTTP or read from content files, hashed, stored, searched."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Response
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import make_settings
from tests.matching_images.synth import encode, photo
from tipline.debunks.models import DebunkImageHash
from tipline.debunks.records import DebunkRecord
from tipline.debunks.service import upsert_debunks
from tipline.matching.image_index import (
    FetchError,
    ImageMatcher,
    LiveImageMatcher,
    default_fetch,
    index_debunk_images,
)
from tipline.matching.images import hamming, pdq_hash
from tipline.settings import Settings
from tipline.simulator.serving import serve_app_in_thread

SERVED: dict[str, bytes] = {}


@pytest.fixture(scope="module")
def image_server() -> Iterator[str]:
    app = FastAPI()

    @app.get("/img/{name}")
    def image(name: str) -> Response:
        if name not in SERVED:
            return Response(status_code=404)
        return Response(SERVED[name], media_type="image/jpeg")

    root, stop = serve_app_in_thread(app)
    yield root
    stop()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    (tmp_path / "debunks").mkdir()
    (tmp_path / "debunks" / "flood.png").write_bytes(encode(photo(seed=22), "PNG"))
    return tmp_path


def _seed(engine: Engine, records: list[DebunkRecord]) -> list[int]:
    with Session(engine) as session:
        ids = upsert_debunks(session, records).changed_ids
        session.commit()
    return ids


def _hashes(engine: Engine) -> dict[tuple[int, str], str]:
    with Session(engine) as session:
        rows = session.execute(select(DebunkImageHash)).scalars().all()
        return {(r.debunk_id, r.image_ref): r.pdq_hex for r in rows}


def test_default_fetch_reads_over_http_and_caps_size(image_server: str) -> None:
    SERVED["a.jpg"] = encode(photo(seed=21), "JPEG", quality=80)
    assert default_fetch(f"{image_server}/img/a.jpg") == SERVED["a.jpg"]
    with pytest.raises(FetchError, match="more than"):
        default_fetch(f"{image_server}/img/a.jpg", max_bytes=100)
    with pytest.raises(FetchError, match="404"):
        default_fetch(f"{image_server}/img/missing.jpg")
    with pytest.raises(FetchError):
        default_fetch("http://127.0.0.1:9/nothing-listens-here.jpg", timeout=2)


def test_index_urls_and_files_then_match(engine: Engine, image_server: str, content_dir: Path) -> None:
    settings: Settings = make_settings("sqlite://", content_dir=content_dir)
    SERVED["kpu.jpg"] = encode(photo(seed=20), "JPEG", quality=85)
    ids = _seed(
        engine,
        [
            DebunkRecord(
                url="https://cek.example/kpu",
                claim_reviewed="Foto KPU bakar surat suara",
                image_urls=[f"{image_server}/img/kpu.jpg", f"{image_server}/img/missing.jpg"],
            ),
            DebunkRecord(
                url="https://cek.example/banjir",
                claim_reviewed="Foto banjir Jakarta",
                image_urls=["debunks/flood.png", "../../etc/passwd", "ftp://x.example/a.png"],
            ),
            DebunkRecord(url="https://cek.example/plain", claim_reviewed="Tanpa gambar"),
        ],
    )
    with Session(engine) as session:
        problems = index_debunk_images(session, ids, default_fetch, settings=settings)
        session.commit()
    assert len(problems) == 3
    assert any("missing.jpg" in p and "404" in p for p in problems)
    assert any("outside the content directory" in p for p in problems)
    assert any("unsupported url scheme" in p for p in problems)
    stored = _hashes(engine)
    assert set(stored) == {(ids[0], f"{image_server}/img/kpu.jpg"), (ids[1], "debunks/flood.png")}

    matcher = ImageMatcher.from_engine(engine)
    assert len(matcher) == 2
    voter_copy = encode(photo(seed=20).resize((400, 300)), "JPEG", quality=30)  # as WhatsApp shrinks it
    [(debunk_id, distance)] = matcher.match_hash(pdq_hash(voter_copy)[0])
    assert debunk_id == ids[0] and distance <= 16
    assert matcher.urls[ids[0]] == "https://cek.example/kpu"
    assert matcher.match_hash(pdq_hash(encode(photo(seed=99), "PNG"))[0]) == []


def test_reindex_replaces_rows_but_keeps_hashes_it_cannot_refetch(engine: Engine, image_server: str) -> None:
    SERVED["v1.jpg"] = encode(photo(seed=30), "JPEG")
    SERVED["gone.jpg"] = encode(photo(seed=31), "JPEG")
    [debunk_id] = _seed(
        engine,
        [
            DebunkRecord(
                url="https://cek.example/x",
                claim_reviewed="klaim",
                image_urls=[f"{image_server}/img/v1.jpg", f"{image_server}/img/gone.jpg"],
            )
        ],
    )
    with Session(engine) as session:
        assert index_debunk_images(session, [debunk_id], default_fetch) == []
        session.commit()
    before = _hashes(engine)

    SERVED["v1.jpg"] = encode(photo(seed=32), "JPEG")  # the fact-checker replaced the picture
    del SERVED["gone.jpg"]  # and their server lost this one
    with Session(engine) as session:
        problems = index_debunk_images(session, [debunk_id], default_fetch)
        session.commit()
    after = _hashes(engine)
    assert len(problems) == 1 and "gone.jpg" in problems[0]
    assert set(after) == set(before)
    assert (
        hamming(
            after[(debunk_id, f"{image_server}/img/v1.jpg")],
            before[(debunk_id, f"{image_server}/img/v1.jpg")],
        )
        > 31
    )
    assert (
        after[(debunk_id, f"{image_server}/img/gone.jpg")]
        == before[(debunk_id, f"{image_server}/img/gone.jpg")]
    )

    _seed(engine, [DebunkRecord(url="https://cek.example/x", claim_reviewed="klaim", image_urls=[])])
    with Session(engine) as session:
        index_debunk_images(session, [debunk_id], default_fetch)
        session.commit()
    assert _hashes(engine) == {}


def test_corrupt_image_is_a_problem_not_a_crash(engine: Engine, image_server: str) -> None:
    SERVED["broken.jpg"] = b"\xff\xd8\xff\xe0 definitely not a jpeg"
    ids = _seed(
        engine,
        [
            DebunkRecord(
                url="https://cek.example/b", claim_reviewed="k", image_urls=[f"{image_server}/img/broken.jpg"]
            )
        ],
    )
    with Session(engine) as session:
        problems = index_debunk_images(session, ids, default_fetch)
    assert len(problems) == 1 and "broken.jpg" in problems[0]


def test_live_matcher_sees_new_hashes(engine: Engine) -> None:
    live = LiveImageMatcher(engine, check_seconds=0)
    assert len(live.current()) == 0
    [debunk_id] = _seed(
        engine,
        [
            DebunkRecord(
                url="https://cek.example/l", claim_reviewed="k", image_urls=["https://img.example/l.png"]
            )
        ],
    )
    data = encode(photo(seed=40), "PNG")
    with Session(engine) as session:
        assert index_debunk_images(session, [debunk_id], lambda url: data) == []
        session.commit()
    assert live.current().match_hash(pdq_hash(data)[0]) == [(debunk_id, 0)]


def test_matcher_keeps_the_best_image_per_debunk() -> None:
    zero, near, far = "0" * 64, "0" * 63 + "1", "0" * 56 + "ff" + "0" * 6
    matcher = ImageMatcher(
        [(1, "u1", far), (1, "u1", near), (2, "u2", zero), (3, "u3", "f" * 64)], max_distance=31
    )
    assert matcher.match_hash(zero) == [(2, 0), (1, 1)]
    assert matcher.match_hash(zero, max_distance=0) == [(2, 0)]
    assert ImageMatcher([]).match_hash(zero) == []


def test_a_picture_shared_by_many_debunks_is_ignored() -> None:
    logo, own = "ab" * 32, "0" * 64
    rows = [(i, f"u{i}", logo) for i in range(1, 6)] + [(1, "u1", own), (6, "u6", logo.upper())]  # 6 owners
    matcher = ImageMatcher(rows, max_shared=3)
    assert matcher.match_hash(logo) == []
    assert matcher.match_hash(own) == [(1, 0)]
    assert ImageMatcher(rows[:3]).match_hash(logo) == [(1, 0), (2, 0), (3, 0)]


def test_many_debunks_are_fetched_in_worker_threads_and_each_url_once(engine: Engine) -> None:
    records = [
        DebunkRecord(
            url=f"https://cek.example/{i}",
            claim_reviewed=f"klaim {i}",
            image_urls=[f"https://img.example/{i}.png", "https://img.example/shared.png"],
        )
        for i in range(12)
    ]
    ids = _seed(engine, records)
    pictures = {
        f"https://img.example/{i}.png": encode(photo(seed=100 + i, size=(160, 120)), "PNG") for i in range(12)
    }
    pictures["https://img.example/shared.png"] = encode(photo(seed=99, size=(160, 120)), "PNG")
    calls: list[str] = []
    threads: set[str] = set()

    def fetch(url: str) -> bytes:
        calls.append(url)
        threads.add(threading.current_thread().name)
        return pictures[url]

    with Session(engine) as session:
        assert index_debunk_images(session, ids, fetch, workers=4) == []
        session.commit()
    assert sorted(calls) == sorted(pictures)
    assert len(_hashes(engine)) == 24
    assert all(name.startswith("image-index") for name in threads)
