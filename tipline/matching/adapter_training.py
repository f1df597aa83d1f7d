"""Learn a language's query adapter (see adapters.py) from labelled sets in the exchange format.

    python -m tipline.matching.adapter_training --language en --train SET[:even|:odd] ...
        [--check SET[:even|:odd] ...] [--write]

Prints the embedding-only MAP@5 of each set before and after, so an adapter that does not help unseen tips
is never written. Retrain fusion.json afterwards: the e5 features it weighs have moved.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tipline.debunks.importer import read_debunks
from tipline.debunks.records import DebunkRecord
from tipline.matching.adapters import Pairs, QueryAdapter, learn, save
from tipline.matching.commands import EMBEDDING_CACHE
from tipline.matching.copies import ClaimCopies, copies_of
from tipline.matching.documents import MAX_QUERY_CHARS
from tipline.matching.embedders import DiskCachedEmbedder, Embedder, get_embedder
from tipline.matching.evaluation import half_of, read_qrels, read_queries
from tipline.matching.indexing import doc_from_record, field_vectors
from tipline.matching.normalize import embedding_text
from tipline.settings import Settings

# Candidates whose copies are put in import order before the first five are scored (the matcher's ranking).
COPIES_WINDOW = 30


def training_embedder() -> DiskCachedEmbedder:
    """The configured embedding model (TIPLINE_MATCH_EMBEDDER), its vectors cached on disk between runs."""
    return DiskCachedEmbedder(get_embedder(Settings().match_embedder), EMBEDDING_CACHE)


@dataclass(frozen=True)
class LabelledSet:
    pairs: Pairs
    owners: np.ndarray  # debunk index of each field vector
    relevant_docs: list[set[int]]
    copies: ClaimCopies


def load_set(spec: str, embedder: Embedder) -> LabelledSet:
    """Answerable tips of a set (or of one half of it) with the field vectors of all its debunks."""
    set_name, _, half = spec.partition(":")
    set_dir = Path(set_name)
    records = [r for r in read_debunks(set_dir / "debunks.jsonl") if isinstance(r, DebunkRecord)]
    docs = [doc_from_record(i + 1, r) for i, r in enumerate(records)]
    fields, owners = field_vectors(docs, embedder)
    qrels = read_qrels(set_dir / "qrels.tsv")
    queries = [
        q
        for q in read_queries(set_dir / "queries.jsonl")
        if q.id in qrels and (not half or half_of(q.id) == half)
    ]
    by_url = {doc.url: index for index, doc in enumerate(docs)}
    relevant_docs = [{by_url[u] for u in qrels[q.id] if u in by_url} for q in queries]
    # A copy of the relevant claim (the same words on another page) is no wrong answer to push the tip away
    # from: the matcher shows copies in import order whatever their scores. Counted as wrong, they taught the
    # adapter noise (en-clef2020-dev e5 alone 0.872 -> 0.885 when they are counted as right).
    copies = copies_of(docs)
    with_copies = [{m for d in docs_ for m in copies.group_of.get(d, (d,))} for docs_ in relevant_docs]
    masks = [np.isin(owners, sorted(docs_)) for docs_ in with_copies]
    vectors = embedder.query([embedding_text(q.text)[:MAX_QUERY_CHARS] for q in queries])
    return LabelledSet(Pairs(vectors, fields, masks), owners, relevant_docs, copies)


def embedding_map5(labelled: LabelledSet, adapter: QueryAdapter | None = None) -> float:
    """MAP@5 of the embedding alone (a debunk scores its best field), as CLEF computes it, with copies of a
    claim in import order as the matcher shows them."""
    pairs = labelled.pairs
    queries = pairs.queries
    if adapter is not None:
        queries = np.stack([adapter.apply(q) for q in queries])
    starts = np.flatnonzero(np.r_[True, np.diff(labelled.owners) != 0])
    scores = np.maximum.reduceat(queries @ pairs.fields.T, starts, axis=1)
    total = 0.0
    for row, relevant in zip(scores, labelled.relevant_docs, strict=True):
        hits, ap = 0, 0.0
        ranked = labelled.copies.first_imported_first(np.argsort(-row)[:COPIES_WINDOW].tolist(), set())
        for rank, doc in enumerate(ranked[:5], 1):
            if doc in relevant:
                hits += 1
                ap += hits / rank
        total += ap / max(min(len(relevant), 5), 1)
    return total / max(len(labelled.relevant_docs), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", required=True, help="the tips' language this adapter is for")
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--regularisation", type=float, default=None)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    embedder = training_embedder()
    train = {spec: load_set(spec, embedder) for spec in args.train}
    check = {spec: load_set(spec, embedder) for spec in args.check}
    options = {} if args.regularisation is None else {"regularisation": args.regularisation}
    adapter = QueryAdapter(learn([s.pairs for s in train.values()], **options))
    for role, sets in (("train", train), ("check", check)):
        for spec, labelled in sets.items():
            before, after = embedding_map5(labelled), embedding_map5(labelled, adapter)
            print(f"{role} {spec}: embedding-only MAP@5 {before:.3f} -> {after:.3f}")
    if args.write:
        print("wrote", save(adapter.matrix, embedder.name, args.language))


if __name__ == "__main__":
    main()
