"""Stored debunk embeddings: computed once when debunks are imported or changed, read at every start.

Settings: `index_debunks` reads them from `configure(...)` when a process has called it (the eval does, to
pass its scratch settings and a disk-cached embedder), else from `Settings()` (the environment).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import delete, select
from sqlmodel import Session

from tipline.debunks.models import Debunk, DebunkEmbedding
from tipline.debunks.records import DebunkRecord
from tipline.matching.documents import DebunkDoc
from tipline.matching.embedders import Embedder, get_embedder, text_hash, to_bytes
from tipline.matching.language import language_of_texts
from tipline.settings import Settings

CHUNK = 256
_state: dict[str, Any] = {"settings": None, "embedder": None}
_lock = threading.Lock()


def configure(settings: Settings | None = None, embedder: Embedder | None = None) -> None:
    with _lock:
        _state["settings"], _state["embedder"] = settings, embedder


def current_settings() -> Settings:
    return _state["settings"] or Settings()


def current_embedder(settings: Settings) -> Embedder:
    return _state["embedder"] or get_embedder(
        settings.match_embedder, settings.match_embed_threads, settings.match_query_max_tokens
    )


def model_key(embedder: Embedder, field: str) -> str:
    return f"{embedder.name[:90]}:{field}"


def appearance_urls(raw: dict[str, Any]) -> tuple[str, ...]:
    urls: list[str] = []
    item = raw.get("itemReviewed")
    items = item if isinstance(item, list) else [item]
    for entry in items:
        if not isinstance(entry, dict):
            continue
        for key in ("appearance", "firstAppearance"):
            values = entry.get(key)
            for value in values if isinstance(values, list) else [values]:
                url = value.get("url") if isinstance(value, dict) else value
                if isinstance(url, str) and url.strip():
                    urls.append(url.strip())
    return tuple(dict.fromkeys(urls))


def doc_from_record(doc_id: int, record: DebunkRecord) -> DebunkDoc:
    """A debunk read from a file, not stored: for evaluation sets and training."""
    return DebunkDoc(
        doc_id,
        record.url,
        record.claim_reviewed,
        record.headline,
        record.review_body,
        record.language or language_of_texts(record.claim_reviewed, record.headline, record.review_body),
        record.date_published,
        appearance_urls(record.raw),
    )


def doc_from_debunk(debunk: Debunk) -> DebunkDoc:
    assert debunk.id is not None
    return DebunkDoc(
        id=debunk.id,
        url=debunk.url,
        claim=debunk.claim_reviewed,
        headline=debunk.headline,
        body=debunk.review_body,
        language=debunk.language,
        date_published=debunk.date_published,
        urls=appearance_urls(debunk.raw or {}),
    )


def embed_docs(session: Session, docs: Sequence[DebunkDoc], embedder: Embedder) -> None:
    """Store a vector for each field of each doc, computing only those whose text changed. No commit."""
    ids = [d.id for d in docs]
    stored = {
        (row.debunk_id, row.model): row.text_hash
        for row in session.execute(
            select(DebunkEmbedding).where(DebunkEmbedding.debunk_id.in_(ids))  # type: ignore[attr-defined]
        ).scalars()
    }
    prefix = f"{embedder.name[:90]}:"
    wanted: dict[tuple[int, str], str] = {}
    for doc in docs:
        for field, text in doc.fields().items():
            wanted[(doc.id, model_key(embedder, field))] = text
    stale = [key for key in stored if key[1].startswith(prefix) and key not in wanted]
    todo = [(key, text) for key, text in wanted.items() if stored.get(key) != text_hash(text)]
    for debunk_id, model in stale:
        session.execute(
            delete(DebunkEmbedding).where(
                DebunkEmbedding.debunk_id == debunk_id,
                DebunkEmbedding.model == model,  # type: ignore[arg-type]
            )
        )
    for start in range(0, len(todo), CHUNK):
        batch = todo[start : start + CHUNK]
        vectors = embedder.passage([text for _, text in batch])
        for ((debunk_id, model), text), vector in zip(batch, vectors, strict=True):
            session.merge(
                DebunkEmbedding(
                    debunk_id=debunk_id,
                    model=model,
                    text_hash=text_hash(text),
                    vector=to_bytes(np.asarray(vector)),
                )
            )
    session.flush()


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def index_debunks(session: Session, debunk_ids: list[int]) -> None:
    """Compute and store embeddings for these debunks; a no-op when semantic matching is off. No commit."""
    settings = current_settings()
    if not settings.match_semantic or not debunk_ids:
        return
    embedder = current_embedder(settings)
    for chunk in _chunks(sorted(set(debunk_ids)), 1000):
        rows = session.execute(select(Debunk).where(Debunk.id.in_(chunk))).scalars().all()  # type: ignore[union-attr]
        embed_docs(session, [doc_from_debunk(row) for row in rows], embedder)


def field_vectors(docs: Sequence[DebunkDoc], embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Every field vector of these debunks, computed now, and the index of the debunk each belongs to."""
    texts, owners = [], []
    for index, doc in enumerate(docs):
        for text in doc.fields().values():
            texts.append(text)
            owners.append(index)
    return embedder.passage(texts), np.array(owners, dtype=np.int64)
