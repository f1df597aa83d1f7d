"""Store debunks: upsert by url (batched for imports of tens of thousands), iterate, export as ClaimReview."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from tipline.db import utcnow
from tipline.debunks.claimreview import claimreview_from_fields
from tipline.debunks.models import Debunk
from tipline.debunks.records import DebunkRecord
from tipline.matching.language import language_of_texts

# Well under SQLite's host-parameter limit, big enough that a 10,000-entry import is a handful of round trips.
LOOKUP_CHUNK = 500
CONTENT_FIELDS = tuple(f.name for f in fields(DebunkRecord) if f.name != "url")
TABLE = Debunk.__table__  # type: ignore[attr-defined]


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)

    def add(self, other: UpsertResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed_ids.extend(other.changed_ids)


def _clean_url(url: str) -> str:
    return url.strip()


def _content(record: DebunkRecord) -> dict[str, Any]:
    content = {name: getattr(record, name) for name in CONTENT_FIELDS}
    if not content["language"]:
        content["language"] = language_of_texts(record.claim_reviewed, record.headline, record.review_body)
    return content


def upsert_debunks(session: Session, records: Iterable[DebunkRecord]) -> UpsertResult:
    """Insert new urls, update changed ones, leave identical ones alone. Does not commit."""
    result = UpsertResult()
    iterator = iter(records)
    while chunk := list(islice(iterator, LOOKUP_CHUNK)):
        result.add(_upsert_chunk(session, chunk))
    return result


@dataclass
class _Pending:
    content: dict[str, Any]
    stored_id: int | None = None
    dirty: bool = False


def _upsert_chunk(session: Session, chunk: list[DebunkRecord]) -> UpsertResult:
    result = UpsertResult()
    urls = list(dict.fromkeys(_clean_url(record.url) for record in chunk))
    pending: dict[str, _Pending] = {
        row["url"]: _Pending({name: row[name] for name in CONTENT_FIELDS}, stored_id=row["id"])
        for row in session.execute(select(TABLE).where(TABLE.c.url.in_(urls))).mappings()
    }
    for record in chunk:
        url = _clean_url(record.url)
        content = _content(record)
        # A url repeated in one file counts as if the rows were imported one after the other.
        state = pending.get(url)
        if state is None:
            pending[url] = _Pending(content, dirty=True)
            result.created += 1
        elif state.content == content:
            result.unchanged += 1
        else:
            state.content, state.dirty = content, True
            result.updated += 1
    now = utcnow()
    new = [{"url": url, **state.content} for url, state in pending.items() if state.stored_id is None]
    changed = [
        {"b_id": state.stored_id, **{f"v_{name}": value for name, value in state.content.items()}}
        for state in pending.values()
        if state.stored_id and state.dirty
    ]
    if new:
        rows = [{**values, "created_at": now, "updated_at": now} for values in new]
        inserted = session.execute(insert(TABLE).returning(TABLE.c.id), rows)
        result.changed_ids.extend(int(row_id) for row_id in inserted.scalars())
    if changed:
        assignments: dict[str, Any] = {
            name: bindparam(f"v_{name}", type_=TABLE.c[name].type) for name in CONTENT_FIELDS
        }
        statement = update(TABLE).where(TABLE.c.id == bindparam("b_id")).values(updated_at=now, **assignments)
        session.connection().execute(statement, changed)
        result.changed_ids.extend(int(row["b_id"]) for row in changed)
    return result


def mark_images_indexed(session: Session, debunk_ids: list[int]) -> None:
    """Those of these debunks that have images changed again: their pictures are hashed now. Follow-ups of
    waiting photos run per change (the newest `updated_at`), and the change that stored a debunk's text
    was committed before its images were fetched and hashed."""
    with_images = [
        debunk_id
        for debunk_id, refs in session.execute(
            select(TABLE.c.id, TABLE.c.image_urls).where(TABLE.c.id.in_(debunk_ids))
        ).all()
        if refs
    ]
    if with_images:
        session.execute(update(TABLE).where(TABLE.c.id.in_(with_images)).values(updated_at=utcnow()))


def iter_debunks(session: Session) -> Iterator[Debunk]:
    statement = select(Debunk).order_by(Debunk.id).execution_options(yield_per=1000)  # type: ignore[arg-type]
    yield from session.execute(statement).scalars()


def debunk_to_record(debunk: Debunk) -> DebunkRecord:
    return DebunkRecord(
        url=debunk.url,
        claim_reviewed=debunk.claim_reviewed,
        headline=debunk.headline,
        review_body=debunk.review_body,
        rating=debunk.rating,
        language=debunk.language,
        author_name=debunk.author_name,
        date_published=debunk.date_published,
        identifier=debunk.identifier,
        image_urls=list(debunk.image_urls or []),
        raw=dict(debunk.raw or {}),
    )


def debunk_to_claimreview(debunk: Debunk) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD for a stored debunk; read_debunks reads it back to the same fields."""
    return claimreview_from_fields(debunk_to_record(debunk))
