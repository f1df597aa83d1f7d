"""The debunks in the database read into a Matcher; a rebuild reads again only the debunks that changed.

Every publish or edit rebuilds each worker's matcher. Reading every debunk row (its raw ClaimReview), checking
that each of its stored vectors is of its current text, and fetching every vector took ~5 s of a ~12 s
rebuild at 100k debunks. A debunk whose `updated_at` is the one the previous build read is taken from the
previous build as it was: its text, and its vectors from the previous matcher's index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from sqlalchemy import ColumnElement, select
from sqlmodel import Session

from tipline.debunks.models import Debunk, DebunkEmbedding
from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.embedders import Embedder, from_bytes, text_hash
from tipline.matching.fusion import load_fusions
from tipline.matching.indexing import doc_from_debunk, embed_docs, model_key
from tipline.matching.matcher import CandidateSource, Matcher
from tipline.matching.prepared import PreparedDoc
from tipline.settings import Settings

log = logging.getLogger(__name__)
DEBUNK_EMBEDDING = DebunkEmbedding.__table__  # type: ignore[attr-defined]
IDS_AT_ONCE = 500  # debunk ids in one `IN (...)`: SQLite's older builds take at most 999 parameters


@dataclass(frozen=True)
class Built:
    matcher: Matcher
    versions: dict[int, datetime]  # each debunk's `updated_at` as the build read it
    embedder_name: str | None


def policy_from(settings: Settings, as_of: date | None = None) -> Policy:
    """`as_of`: the day a debunk's age is judged on (None: today); an evaluation set is a past snapshot."""
    return Policy(
        auto_threshold=settings.match_auto_threshold,
        suggest_threshold=settings.match_suggest_threshold,
        suggest_confidence=settings.match_suggest_confidence,
        suggest_confidence_min_score=settings.match_suggest_confidence_min_score,
        min_auto_words=settings.match_min_auto_words,
        max_auto_age_days=settings.match_max_auto_age_days,
        small_index_debunks=settings.match_small_index_debunks,
        small_index_min_score=settings.match_small_index_min_score,
        today=as_of,
    )


def build_matcher(
    session: Session,
    settings: Settings,
    embedder: Embedder | None,
    extra_sources: Iterable[CandidateSource] = (),
    as_of: date | None = None,
    previous: Built | None = None,
    prepared: Mapping[bytes, PreparedDoc] | None = None,
) -> Built:
    """Every debunk (and its stored vectors) in a Matcher; vectors missing from the table are stored.
    `previous`: the build this one replaces, whose unchanged debunks are not read again; `prepared`: readings
    of debunks (the previous matcher's, or a saved file's for a first build), reused where their text is
    unchanged."""
    versions = dict(session.execute(select(Debunk.id, Debunk.updated_at)).tuples().all())  # type: ignore[call-overload]
    embedder_name = embedder.name if embedder is not None else None
    if previous is not None and previous.embedder_name != embedder_name:
        previous = None
    kept = _unchanged(previous, versions)
    docs = _docs(session, sorted(versions), kept, previous)
    vectors = owners = None
    if embedder is not None:
        changed = [doc for doc in docs if doc.id not in kept]
        missing = _docs_without_current_vectors(session, changed, embedder, everything=not kept)
        if missing:
            log.info("embedding %d debunks whose stored vectors are missing or of other text", len(missing))
            embed_docs(session, missing, embedder)
            session.commit()
        vectors, owners = _vectors(session, docs, kept, previous, embedder)
    matcher = Matcher(
        docs,
        embedder=embedder,
        vectors=vectors,
        vector_owners=owners,
        fusion=load_fusions(semantic=embedder is not None),
        policy=policy_from(settings, as_of),
        extra_sources=extra_sources,
        default_language=settings.default_language,
        prepared=prepared,
    )
    return Built(matcher, versions, embedder_name)


def _unchanged(previous: Built | None, versions: Mapping[int, datetime]) -> dict[int, int]:
    """Debunk id -> its index in the previous matcher, for the debunks not changed since it was built."""
    if previous is None:
        return {}
    index_of, before = previous.matcher.index_of, previous.versions
    return {i: index_of[i] for i, at in versions.items() if i in index_of and before.get(i) == at}


def _docs(
    session: Session, ids: Sequence[int], kept: Mapping[int, int], previous: Built | None
) -> list[DebunkDoc]:
    """Each debunk, in id order: read from the database unless the previous build has it unchanged."""
    changed = [i for i in ids if i not in kept]
    if len(changed) > len(ids) // 2:  # most of them (a first build): one pass over the table
        rows: Iterable[Debunk] = session.execute(select(Debunk)).scalars()
    else:
        rows = (
            row
            for start in range(0, len(changed), IDS_AT_ONCE)
            for row in session.execute(
                select(Debunk).where(Debunk.id.in_(changed[start : start + IDS_AT_ONCE]))  # type: ignore[union-attr]
            ).scalars()
        )
    read = {row.id: doc_from_debunk(row) for row in rows}
    before = previous.matcher.docs if previous is not None else []
    # A debunk deleted since its id was read is left out (the next check sees the change).
    return [before[kept[i]] if i in kept else read[i] for i in ids if i in kept or i in read]


def _docs_without_current_vectors(
    session: Session, docs: list[DebunkDoc], embedder: Embedder, everything: bool
) -> list[DebunkDoc]:
    """Debunks with a field vector missing, or stored for other text than the field reads now (a debunk
    changed, or the way a field is read did: headlines lost their verdict labels), or for a field gone."""
    stored: dict[int, dict[str, str]] = {}
    for ids in _id_chunks([doc.id for doc in docs], everything):
        query = select(DEBUNK_EMBEDDING.c.debunk_id, DEBUNK_EMBEDDING.c.model, DEBUNK_EMBEDDING.c.text_hash)
        for debunk_id, model, hashed in session.execute(
            query.where(DEBUNK_EMBEDDING.c.model.startswith(model_key(embedder, "")), *ids)
        ):
            stored.setdefault(debunk_id, {})[model] = hashed
    return [
        doc
        for doc in docs
        if stored.get(doc.id) != {model_key(embedder, f): text_hash(t) for f, t in doc.fields().items()}
    ]


def _vectors(
    session: Session,
    docs: list[DebunkDoc],
    kept: Mapping[int, int],
    previous: Built | None,
    embedder: Embedder,
) -> tuple[np.ndarray, np.ndarray]:
    """Every stored vector of the current model and the position of the debunk it belongs to: the unchanged
    debunks' from the previous matcher's index, the others' from the database."""
    position = {doc.id: i for i, doc in enumerate(docs)}
    changed = [doc.id for doc in docs if doc.id not in kept]
    fetched: list[tuple[int, bytes]] = []
    for ids in _id_chunks(changed, everything=not kept):
        query = select(DEBUNK_EMBEDDING.c.debunk_id, DEBUNK_EMBEDDING.c.vector)
        fetched.extend(
            session.execute(query.where(DEBUNK_EMBEDDING.c.model.startswith(model_key(embedder, "")), *ids))
            .tuples()
            .all()
        )
    fetched = [(position[d], v) for d, v in fetched if d in position]
    vectors = _stacked([v for _, v in fetched])
    owners = np.array([p for p, _ in fetched], dtype=np.int64)
    index = previous.matcher.semantic if previous is not None else None
    if not kept or index is None:
        return vectors, owners
    new_positions = np.fromiter((position[i] for i in kept), dtype=np.int64, count=len(kept))
    old_positions = np.fromiter(kept.values(), dtype=np.int64, count=len(kept))
    counts = index.counts[old_positions]
    # The rows of each kept debunk in the previous index: its start, then start + 1... for its count.
    before = index.starts[old_positions] - (np.cumsum(counts) - counts)
    rows = np.repeat(before, counts) + np.arange(counts.sum())
    return (
        np.concatenate([index.vectors[rows], vectors.reshape(-1, index.vectors.shape[1])]),
        np.concatenate([np.repeat(new_positions, counts), owners]),
    )


def _id_chunks(ids: Sequence[int], everything: bool) -> Iterable[tuple[ColumnElement[bool], ...]]:
    """Conditions that select these debunks' rows, a few hundred ids at a time; none for all of them."""
    if everything:
        yield ()
        return
    for start in range(0, len(ids), IDS_AT_ONCE):
        yield (DEBUNK_EMBEDDING.c.debunk_id.in_(ids[start : start + IDS_AT_ONCE]),)


def _stacked(blobs: list[bytes], rows_at_once: int = 4096) -> np.ndarray:
    """Stored vectors as one matrix, a few thousand rows at a time: one np.stack of 200k rows held the GIL
    for 0.7 s, and a rebuild in the background must leave it to the tips being answered meanwhile."""
    if not blobs:
        return np.zeros((0, 384), np.float32)
    first = from_bytes(blobs[0])
    out = np.empty((len(blobs), len(first)), dtype=first.dtype)
    for start in range(0, len(blobs), rows_at_once):
        chunk = blobs[start : start + rows_at_once]
        out[start : start + len(chunk)] = np.stack([from_bytes(v) for v in chunk])
    return out
