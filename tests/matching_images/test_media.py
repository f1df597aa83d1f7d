"""match_image end to end: PDQ first, then OCR text, then caption, else none; media fetched the Graph way."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from replies.graph import GraphClient
from tests.matching_images.synth import encode, photo, screenshot
from tipline.debunks.models import Debunk
from tipline.debunks.records import DebunkRecord
from tipline.debunks.service import upsert_debunks
from tipline.matching.image_index import ImageMatcher, index_debunk_images
from tipline.matching.media import match_image
from tipline.matching.service import MatcherService
from tipline.settings import Settings
from tipline.simulator.serving import run_fake_graph_in_thread

KPU_PHOTO = encode(photo(seed=50), "JPEG", quality=90)
RECORDS = [
    DebunkRecord(
        url="https://cek.example/pemilu-diundur",
        claim_reviewed="KPU mengumumkan pemilu diundur ke tahun 2030 karena anggaran negara habis",
        headline="[HOAKS] Pemilu diundur ke 2030 karena anggaran habis",
        rating="Salah",
        language="id",
    ),
    DebunkRecord(
        url="https://cek.example/surat-suara",
        claim_reviewed="Foto petugas KPU membakar surat suara di gudang logistik Bekasi",
        headline="[SALAH] Foto petugas membakar surat suara",
        rating="Salah",
        language="id",
        image_urls=["https://img.example/kpu.jpg"],
    ),
    DebunkRecord(
        url="https://cek.example/vaksin-chip",
        claim_reviewed="Vaksin mengandung chip pelacak yang dipasang pemerintah untuk memantau pemilih",
        headline="[HOAKS] Vaksin berisi chip pelacak",
        rating="Salah",
        language="id",
    ),
]


@pytest.fixture
def seeded(sqlite_engine: Engine) -> dict[str, int]:
    with Session(sqlite_engine) as session:
        upsert_debunks(session, RECORDS)
        session.commit()
        ids = {d.url: d.id for d in session.execute(select(Debunk)).scalars() if d.id is not None}
        problems = index_debunk_images(session, list(ids.values()), lambda url: KPU_PHOTO)
        session.commit()
    assert problems == []
    return ids


@pytest.fixture
def matchers(
    sqlite_engine: Engine, sqlite_settings: Settings, seeded: dict[str, int]
) -> tuple[ImageMatcher, MatcherService]:
    return ImageMatcher.from_engine(sqlite_engine), MatcherService(sqlite_engine, sqlite_settings)


def _match(data: bytes, matchers: tuple[ImageMatcher, MatcherService], caption: str | None = None):
    image_matcher, text_matcher = matchers
    return match_image(
        data, caption=caption, image_matcher=image_matcher, text_matcher=text_matcher, language_hint="id"
    )


def test_known_photo_recompressed_is_answered_by_pdq(matchers, seeded: dict[str, int]) -> None:
    voter_copy = encode(photo(seed=50).resize((512, 384)), "JPEG", quality=35)
    result = _match(voter_copy, matchers)
    assert (result.decision, result.reason) == ("auto", "pdq")
    assert result.candidates[0].debunk_id == seeded["https://cek.example/surat-suara"]
    assert result.candidates[0].url == "https://cek.example/surat-suara"
    assert result.candidates[0].score > 0.75


def test_screenshot_text_is_matched_by_ocr(matchers, seeded: dict[str, int]) -> None:
    shot = screenshot(
        [
            "BREAKING!! KPU umumkan pemilu",
            "diundur ke tahun 2030 karena",
            "anggaran negara habis.",
            "Sebarkan ke semua grup!",
        ]
    )
    result = _match(encode(shot, "JPEG", quality=60), matchers)
    assert result.reason is not None and result.reason.partition(":")[0] == "ocr"
    assert result.decision in ("auto", "suggest")
    assert result.candidates[0].debunk_id == seeded["https://cek.example/pemilu-diundur"]
    assert "pemilu" in result.normalized_text


def test_photo_without_text_falls_back_to_its_caption(matchers, seeded: dict[str, int]) -> None:
    caption = "Benarkah vaksin mengandung chip pelacak dari pemerintah untuk memantau pemilih?"
    result = _match(encode(photo(seed=51), "JPEG"), matchers, caption=caption)
    assert result.reason == "caption"
    assert result.candidates[0].debunk_id == seeded["https://cek.example/vaksin-chip"]


def test_unknown_photo_without_text_is_none(matchers) -> None:
    result = _match(encode(photo(seed=52), "JPEG"), matchers)
    assert (result.decision, result.reason, result.candidates) == ("none", "none:no_text", [])


def test_corrupt_bytes_are_none_not_a_crash(matchers, seeded: dict[str, int]) -> None:
    broken = _match(b"\x89PNG\r\n\x1a\n broken", matchers)
    assert (broken.decision, broken.reason) == ("none", "none:unreadable")
    captioned = _match(
        b"broken", matchers, caption="vaksin mengandung chip pelacak dari pemerintah untuk pemilih"
    )
    assert captioned.reason == "caption"
    assert captioned.candidates[0].debunk_id == seeded["https://cek.example/vaksin-chip"]


def test_flat_image_near_a_debunk_image_is_only_suggested(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    flat = encode(screenshot([]).convert("L").point(lambda v: 200).convert("RGB"), "PNG")  # quality 0
    with Session(sqlite_engine) as session:
        ids = upsert_debunks(session, RECORDS[1:2]).changed_ids
        session.commit()
        problems = index_debunk_images(session, ids, lambda url: flat)
        session.commit()
    assert problems == []
    result = match_image(
        flat,
        caption=None,
        image_matcher=ImageMatcher.from_engine(sqlite_engine),
        text_matcher=MatcherService(sqlite_engine, sqlite_settings),
        language_hint=None,
    )
    assert (result.decision, result.reason) == ("suggest", "pdq:low_quality")


@pytest.fixture
def fake_graph() -> Iterator[tuple[str, object]]:
    root, graph, stop = run_fake_graph_in_thread(access_token="t")
    yield root, graph
    stop()


def test_media_downloaded_in_two_calls_then_matched(fake_graph, matchers, seeded: dict[str, int]) -> None:
    root, graph = fake_graph
    forwarded = encode(photo(seed=50).resize((640, 480)), "JPEG", quality=60)
    graph.add_media("9911", forwarded, "image/jpeg")  # type: ignore[attr-defined]
    with GraphClient(base_url=root + "/v25.0", access_token="t", phone_number_id="1") as client:
        info = client.media_info("9911")
        assert info.mime_type == "image/jpeg" and info.file_size == len(forwarded)
        data = client.download(info.url, 5 * 1024 * 1024, sha256=info.sha256)
    assert data == forwarded
    result = _match(data, matchers)
    assert (result.decision, result.reason) == ("auto", "pdq")
    assert result.candidates[0].debunk_id == seeded["https://cek.example/surat-suara"]


@pytest.mark.parametrize(
    "turn", [Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270, Image.Transpose.FLIP_LEFT_RIGHT]
)
def test_turned_or_mirrored_copy_still_matches_by_pdq(matchers, seeded: dict[str, int], turn) -> None:
    result = _match(encode(photo(seed=50).transpose(turn), "JPEG", quality=60), matchers)
    assert (result.decision, result.reason) == ("auto", "pdq")
    assert result.candidates[0].debunk_id == seeded["https://cek.example/surat-suara"]


def test_old_debunk_matched_by_pdq_is_only_suggested(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    old = dataclasses.replace(RECORDS[1], date_published=date(2015, 3, 1))
    with Session(sqlite_engine) as session:
        ids = upsert_debunks(session, [old]).changed_ids
        session.commit()
        assert index_debunk_images(session, ids, lambda url: KPU_PHOTO) == []
        session.commit()
    result = match_image(
        encode(photo(seed=50), "JPEG", quality=50),
        caption=None,
        image_matcher=ImageMatcher.from_engine(sqlite_engine),
        text_matcher=MatcherService(sqlite_engine, sqlite_settings),
        language_hint=None,
    )
    assert (result.decision, result.reason) == ("suggest", "pdq:old_debunk")
    assert [c.debunk_id for c in result.candidates] == ids
