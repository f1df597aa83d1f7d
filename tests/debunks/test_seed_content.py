"""The project's seed debunks and CSV example import cleanly and say what they promise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tipline.debunks.importer import read_debunks
from tipline.debunks.records import DebunkRecord, ImportProblem
from tipline.settings import CONTENT_DIR

SEED = CONTENT_DIR / "debunks" / "seed.jsonl"
EXAMPLE_CSV = CONTENT_DIR / "debunks" / "example.csv"


def test_seed_imports_without_problems_and_covers_indonesian() -> None:
    items = list(read_debunks(SEED))
    assert [item for item in items if isinstance(item, ImportProblem)] == []
    records = [item for item in items if isinstance(item, DebunkRecord)]
    urls = {record.url for record in records}
    assert len(urls) == len(records) >= 36
    languages = Counter(record.language for record in records)
    assert languages["id"] >= 30
    assert languages["en"] >= 1
    assert set(languages) <= {"id", "en"}


def test_every_seed_debunk_is_complete() -> None:
    records = [item for item in read_debunks(SEED) if isinstance(item, DebunkRecord)]
    for record in records:
        assert record.url.startswith("https://"), record.url
        assert record.claim_reviewed and record.headline and record.review_body, record.url
        assert record.rating and record.author_name, record.url
        assert record.raw["@type"] == "ClaimReview"
        assert record.identifier and record.identifier.startswith("tipline-seed-")
    assert len({record.identifier for record in records}) == len(records)
    assert sum(1 for record in records if record.image_urls) >= 2


def test_example_csv_exercises_every_column() -> None:
    items = list(read_debunks(EXAMPLE_CSV))
    records = [item for item in items if isinstance(item, DebunkRecord)]
    assert len(records) == len(items) == 3
    assert {r.language for r in records} == {"id", "en"}
    assert any(len(r.image_urls) == 2 for r in records)
    assert any(r.headline is None for r in records)
    assert all(r.review_body and r.author_name and r.rating for r in records)
    assert sum(1 for r in records if r.date_published) == 2


def test_readme_documents_every_csv_column() -> None:
    from tipline.debunks.csv_format import COLUMNS

    readme = (Path(SEED).parent / "README.md").read_text(encoding="utf-8")
    header = EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == list(COLUMNS)
    for column in COLUMNS:
        assert f"| `{column}` |" in readme
