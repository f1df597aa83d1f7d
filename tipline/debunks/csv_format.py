"""The project's CSV debunk format (documented in content/debunks/README.md)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from tipline.debunks.claimreview import MAX_URL_LENGTH, clip, normalise_language, parse_date
from tipline.debunks.records import DebunkRecord

COLUMNS = (
    "url",
    "claim",
    "headline",
    "rating",
    "language",
    "date_published",
    "author",
    "review_body",
    "image_urls",
)
ALIASES = {
    "claim_reviewed": "claim",
    "claimreviewed": "claim",
    "author_name": "author",
    "image": "image_urls",
}
IMAGE_SEPARATOR = re.compile(r"[\s|]+")


class CsvHeaderError(ValueError):
    pass


def normalise_header(name: str) -> str:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def record_from_row(row: dict[str, str]) -> DebunkRecord | str:
    """A record, or the reason the row cannot be one."""
    values = {key: value.strip() for key, value in row.items() if key and value and value.strip()}
    url = values.get("url")
    claim = values.get("claim") or values.get("headline")
    if not url:
        return "missing url"
    if len(url) > MAX_URL_LENGTH:
        return f"url longer than {MAX_URL_LENGTH} characters"
    if not claim:
        return "missing claim (and no headline to stand in)"
    date_text = values.get("date_published")
    date_published = parse_date(date_text)
    if date_text and date_published is None:
        return f"date_published is not an ISO date: {date_text!r}"
    images = [url for url in IMAGE_SEPARATOR.split(values.get("image_urls", "")) if url]
    return DebunkRecord(
        url=url,
        claim_reviewed=claim,
        headline=values.get("headline"),
        review_body=values.get("review_body"),
        rating=clip(values.get("rating"), 200),
        language=normalise_language(values.get("language")),
        author_name=clip(values.get("author"), 300),
        date_published=date_published,
        image_urls=list(dict.fromkeys(images)),
        raw=values,
    )


def read_csv(path: Path) -> Iterator[tuple[int, DebunkRecord | str]]:
    """(physical line where the row starts, record or problem message) for each data row."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            return
        names = [normalise_header(name) for name in header]
        if "url" not in names:
            raise CsvHeaderError(f"CSV header has no 'url' column (columns: {', '.join(COLUMNS)})")
        line_before = reader.line_num
        for cells in reader:
            start_line = line_before + 1
            line_before = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(names):
                yield start_line, f"{len(cells)} cells but the header has {len(names)} columns"
                continue
            yield start_line, record_from_row(dict(zip(names, cells, strict=False)))
