"""Upserting debunks by url on SQLite and PostgreSQL, and the ClaimReview export round trip."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tipline.debunks.importer import read_debunks
from tipline.debunks.models import Debunk
from tipline.debunks.records import DebunkRecord
from tipline.debunks.service import debunk_to_claimreview, iter_debunks, upsert_debunks


def make_record(n: int, **changes: object) -> DebunkRecord:
    record = DebunkRecord(
        url=f"https://cek.example.id/{n}",
        claim_reviewed=f"Klaim nomor {n}",
        headline=f"[SALAH] Klaim {n}",
        review_body="Faktanya berbeda.",
        rating="SALAH",
        language="id",
        author_name="MAFINDO",
        date_published=date(2024, 2, 1),
        identifier=f"id-{n}",
        image_urls=[f"https://img.example.id/{n}.jpg"],
        raw={"url": f"https://cek.example.id/{n}", "n": n},
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Debunk)).scalar_one())


def test_upsert_creates_then_leaves_identical_rows_alone(engine: Engine) -> None:
    with Session(engine) as session:
        first = upsert_debunks(session, [make_record(n) for n in range(3)])
        session.commit()
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert len(set(first.changed_ids)) == 3

    with Session(engine) as session:
        before = {d.url: d.updated_at for d in iter_debunks(session)}
        again = upsert_debunks(session, [make_record(n) for n in range(3)])
        session.commit()
        after = {d.url: d.updated_at for d in iter_debunks(session)}
        assert count(session) == 3
    assert (again.created, again.updated, again.unchanged, again.changed_ids) == (0, 0, 3, [])
    assert before == after


def test_changed_content_updates_in_place_and_bumps_updated_at(engine: Engine) -> None:
    with Session(engine) as session:
        created = upsert_debunks(session, [make_record(1), make_record(2)])
        session.commit()
    with Session(engine) as session:
        stored = {d.url: (d.id, d.updated_at) for d in iter_debunks(session)}
        result = upsert_debunks(
            session,
            [make_record(1, rating="MENYESATKAN", image_urls=[]), make_record(2), make_record(3)],
        )
        session.commit()
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    with Session(engine) as session:
        rows = {d.url: d for d in iter_debunks(session)}
    one = rows["https://cek.example.id/1"]
    assert one.id == stored[one.url][0] and one.id in result.changed_ids
    assert one.rating == "MENYESATKAN" and one.image_urls == []
    assert one.updated_at > stored[one.url][1]
    assert rows["https://cek.example.id/2"].updated_at == stored["https://cek.example.id/2"][1]
    assert len(rows) == 3 and len(created.changed_ids) == 2


def test_repeated_url_in_one_batch_is_one_row(engine: Engine) -> None:
    with Session(engine) as session:
        result = upsert_debunks(
            session, [make_record(1), make_record(1), make_record(1, claim_reviewed="Versi akhir")]
        )
        session.commit()
        [debunk] = list(iter_debunks(session))
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert result.changed_ids == [debunk.id]
    assert debunk.claim_reviewed == "Versi akhir"


def test_urls_are_stripped_but_otherwise_kept(engine: Engine) -> None:
    with Session(engine) as session:
        upsert_debunks(session, [make_record(1, url="  https://Cek.example.id/A?x=1  ")])
        result = upsert_debunks(session, [make_record(1, url="https://Cek.example.id/A?x=1")])
        session.commit()
        [debunk] = list(iter_debunks(session))
    assert debunk.url == "https://Cek.example.id/A?x=1"
    assert result.unchanged == 1


def test_export_is_claimreview_and_round_trips(engine: Engine, tmp_path: Path) -> None:
    originals = [
        make_record(1),
        make_record(2, language=None, image_urls=[], date_published=None, rating=None),
    ]
    with Session(engine) as session:
        upsert_debunks(session, originals)
        session.commit()
        exported = [debunk_to_claimreview(d) for d in iter_debunks(session)]
    first = exported[0]
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["reviewRating"] == {"@type": "Rating", "alternateName": "SALAH"}
    assert first["author"] == {"@type": "Organization", "name": "MAFINDO"}
    assert first["datePublished"] == "2024-02-01" and first["inLanguage"] == "id"
    assert "reviewRating" not in exported[1] and "image" not in exported[1]

    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in exported), encoding="utf-8")
    reread = list(read_debunks(path))
    assert all(isinstance(item, DebunkRecord) for item in reread)
    fields = ("url", "claim_reviewed", "headline", "review_body", "rating", "language", "author_name")
    more = ("date_published", "identifier", "image_urls")
    for original, again in zip(originals, reread, strict=True):
        assert isinstance(again, DebunkRecord)
        for name in fields + more:
            # A debunk imported without a language got the one its words are in, and is exported with it.
            expected = (original.language or "id") if name == "language" else getattr(original, name)
            assert getattr(again, name) == expected, name


def test_a_debunk_without_a_language_gets_the_one_its_words_are_in(engine: Engine) -> None:
    records = [
        make_record(
            1, language=None, claim_reviewed="Osama bin Laden has been sighted in Utah.", headline=None
        ),
        make_record(
            2, language=None, claim_reviewed="Surat suara sudah dicoblos di kontainer", headline=None
        ),
        make_record(
            3, language="en", claim_reviewed="Surat suara sudah dicoblos di kontainer", headline=None
        ),
        make_record(4, language=None, claim_reviewed="Vin Diesel", headline=None, review_body=None),
    ]
    with Session(engine) as session:
        upsert_debunks(session, records)
        session.commit()
        languages = {d.url.rsplit("/", 1)[1]: d.language for d in iter_debunks(session)}
        # Guessed the same way again, an unchanged file stays unchanged.
        assert upsert_debunks(session, records).unchanged == 4
    assert languages == {"1": "en", "2": "id", "3": "en", "4": None}
