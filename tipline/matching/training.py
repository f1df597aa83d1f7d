"""Learn the fusion weights (content/matching/fusion.json) from labelled sets in the exchange format.

    python -m tipline.matching.training --train SET[:even|:odd] ... [--check SET[:odd]] [--write]
        [--language LANG [--cross-fit-adapter]] [--new-claims SHARE] [--check-new-claims SHARE]

Only a dozen numbers are learned: two logistic regressions over retriever features, not the texts. `:even` /
`:odd` take half of a set's queries (by a hash of the id) so the other half checks the weights unseen.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from tipline.debunks.importer import read_debunks
from tipline.debunks.records import DebunkRecord
from tipline.matching.adapter_training import load_set, training_embedder
from tipline.matching.adapters import QueryAdapter, learn
from tipline.matching.commands import _prefetch_query_vectors
from tipline.matching.copies import rival_logits, top_claim_right
from tipline.matching.embedders import DiskCachedEmbedder
from tipline.matching.evaluation import half_of, hold_out_new_claims, read_qrels, read_queries
from tipline.matching.fusion import (
    CONFIDENCE_FEATURES,
    FIELD_FEATURES,
    FUSION_PATH,
    LEXICAL_FEATURES,
    SEMANTIC_FEATURES,
    FusionModel,
    Linear,
    confidence_inputs,
    model_key,
    sigmoid,
)
from tipline.matching.indexing import doc_from_record, field_vectors
from tipline.matching.language import detect_language
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import content_words, normalize


def matcher_for(
    records: list[DebunkRecord],
    semantic: bool,
    without: frozenset[str] = frozenset(),
    adapters: dict[str, QueryAdapter] | None = None,
) -> Matcher:
    docs = [doc_from_record(i + 1, r) for i, r in enumerate(records) if r.url not in without]
    if not semantic:
        return Matcher(docs)
    embedder = training_embedder()
    vectors, owners = field_vectors(docs, embedder)
    return Matcher(docs, embedder=embedder, vectors=vectors, vector_owners=owners, adapters=adapters)


@dataclass
class TrainQuery:
    rows: dict[str, np.ndarray]
    labels: np.ndarray  # bool per candidate: relevant or not
    answerable: bool
    words: int
    groups: np.ndarray  # per candidate: its group of copies of one claim (ClaimCopies.group_ids), or -1


def collect(
    spec: str,
    semantic: bool,
    new_claims: float = 0.0,
    adapters: dict[str, QueryAdapter] | None = None,
) -> list[TrainQuery]:
    """One entry per query: candidate feature rows, which candidates are relevant, the tip's word count.

    `new_claims`: this share of the answerable queries is matched against the set without its relevant
    debunks, as tips about a claim nobody has checked yet. A set with no such tips (CLEF's) would otherwise
    teach the confidence model that the best candidate is always worth answering.
    """
    set_name, _, half = spec.partition(":")
    set_dir = Path(set_name)
    qrels = read_qrels(set_dir / "qrels.tsv")
    queries = [q for q in read_queries(set_dir / "queries.jsonl") if not half or half_of(q.id) == half]
    records = [r for r in read_debunks(set_dir / "debunks.jsonl") if isinstance(r, DebunkRecord)]
    in_half = {q.id: qrels[q.id] for q in queries if q.id in qrels}
    kept, removed = hold_out_new_claims(in_half, new_claims, {r.url: r.claim_reviewed for r in records})
    held_out = set(in_half) - set(kept)
    matchers = {False: matcher_for(records, semantic, adapters=adapters)}
    if held_out:
        matchers[True] = matcher_for(records, semantic, frozenset(removed), adapters)
    embedder = matchers[False].embedder
    if isinstance(embedder, DiskCachedEmbedder):
        _prefetch_query_vectors(embedder, [q.text for q in queries])
    out = []
    for query in queries:
        matcher = matchers[query.id in held_out]
        norm = normalize(query.text)
        language = detect_language(query.text, default=matcher.default_language, also=matcher.index_languages)
        vector = matcher.query_vector(query.text, norm, language)
        feats = matcher.features(query.text, norm, vector, language)
        relevant = set() if query.id in held_out else qrels.get(query.id, set())
        labels = np.array([matcher.docs[i].url in relevant for i in feats.doc_indices], dtype=bool)
        groups = matcher.copies.group_ids(feats.doc_indices)
        out.append(TrainQuery(feats.rows, labels, bool(relevant), len(content_words(norm.words)), groups))
    return out


def collect_cross_fitted(spec: str, language: str, new_claims: float) -> list[TrainQuery]:
    """Features of each half of a set's tips with a query adapter learned on the other half.

    The shipped adapter was learned on these very tips: their adapted e5 scores are better than an unseen
    tip's (en-clef2020-train 0.920 vs dev 0.863 MAP@5): a fusion learned from them would trust e5 too much.
    """
    set_name, _, half = spec.partition(":")
    if half:
        raise ValueError(
            f"{spec}: cross-fitting splits the whole set in halves itself; give it without :{half}"
        )
    embedder = training_embedder()
    out = []
    for half, other in (("even", "odd"), ("odd", "even")):
        adapter = QueryAdapter(learn([load_set(f"{set_name}:{other}", embedder).pairs]))
        out += collect(f"{set_name}:{half}", True, new_claims, {language: adapter})
    return out


def fit(queries: list[TrainQuery], features: tuple[str, ...], across_languages: bool = True) -> FusionModel:
    """Pairwise for ranking (relevant minus irrelevant candidate of the same tip), pointwise for the bias."""
    diffs, xs, ys = [], [], []
    for q in queries:
        rows = q.rows
        if not rows:
            continue
        x = np.column_stack([rows[f] for f in features])
        labels = q.labels
        xs.append(x)
        ys.append(labels)
        for pos in x[labels]:
            diffs.append(pos - x[~labels])
    d = np.vstack(diffs)
    ranker = LogisticRegression(C=1.0, fit_intercept=False, max_iter=3000).fit(
        np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))]
    )
    weights = ranker.coef_[0]
    # One scale and bias on the ranking score make it a probability that the pair is relevant.
    score = np.vstack(xs) @ weights
    calib = LogisticRegression(C=1.0, max_iter=2000).fit(score.reshape(-1, 1), np.concatenate(ys))
    scale, bias = float(calib.coef_[0][0]), float(calib.intercept_[0])
    pair = Linear(features, tuple(float(w) * scale for w in weights), bias)
    semantic = None
    if across_languages and all(name in features for name in SEMANTIC_FEATURES):
        # Pointwise: the probability that a pair is relevant from the embedding alone, calibrated as such.
        blocks = [np.column_stack([q.rows[f] for f in SEMANTIC_FEATURES]) for q in queries if q.rows]
        sem_x = np.vstack(blocks)
        sem_model = LogisticRegression(C=1.0, max_iter=2000).fit(sem_x, np.concatenate(ys))
        semantic = Linear(
            SEMANTIC_FEATURES, tuple(float(w) for w in sem_model.coef_[0]), float(sem_model.intercept_[0])
        )
    model = FusionModel(pair, pair, None)  # the confidence learns from monolingual pairs: fused scores
    conf_x, conf_y = [], []
    for q in queries:
        rows = q.rows
        if not rows:
            continue
        logits = model.pair_logits(rows)
        inputs = confidence_inputs(rows, rival_logits(logits, q.groups), q.words)
        conf_x.append([float(inputs[name][0]) for name in CONFIDENCE_FEATURES])
        conf_y.append(top_claim_right(q.labels, q.groups, int(np.argmax(logits))))
    conf_model = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(conf_x), np.array(conf_y))
    confidence = Linear(
        CONFIDENCE_FEATURES, tuple(float(w) for w in conf_model.coef_[0]), float(conf_model.intercept_[0])
    )
    return FusionModel(pair, confidence, semantic)


def report(queries: list[TrainQuery], model: FusionModel, label: str) -> None:
    """MAP@5 as CLEF computes it, then auto precision / coverage / false-auto along confidence thresholds."""
    ap = 0.0
    answerable = sum(q.answerable for q in queries)
    decisions: list[tuple[float, float, bool, bool]] = []  # confidence, top score, top right, answerable
    for q in queries:
        if not q.rows:
            continue
        logits = model.pair_logits(q.rows)
        order = np.argsort(-logits)[:5]
        inputs = confidence_inputs(q.rows, rival_logits(logits, q.groups), q.words)
        confidence = sigmoid(float(model.confidence.logits(inputs)[0]))
        decisions.append(
            (
                confidence,
                sigmoid(float(logits[order[0]])),
                top_claim_right(q.labels, q.groups, int(order[0])),
                q.answerable,
            )
        )
        if not q.answerable:
            continue
        hits, total = 0, 0.0
        for rank, hit in enumerate(q.labels[order], 1):
            if hit:
                hits += 1
                total += hits / rank
        ap += total / min(max(int(q.labels.sum()), 1), 5)
    negatives = max(len(queries) - answerable, 1)
    print(f"{label}: MAP@5 {ap / max(answerable, 1):.3f} over {answerable} answerable")
    for min_top in (0.3, 0.55):
        for t in (0.85, 0.9, 0.93, 0.95, 0.97):
            auto = [(right, ans) for c, top, right, ans in decisions if c >= t and top >= min_top]
            right = sum(r for r, _ in auto)
            print(
                f"   top>={min_top} t={t}: precision {right / max(len(auto), 1):.3f}  coverage "
                f"{right / max(answerable, 1):.3f}  false-auto {sum(not a for _, a in auto) / negatives:.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--modes", default="lexical,semantic")
    parser.add_argument("--language", help="store the model for tips in this language only (e.g. en)")
    parser.add_argument(
        "--new-claims", type=float, default=0.0, help="share of answerable tips held out as new claims"
    )
    parser.add_argument(
        "--cross-fit-adapter",
        action="store_true",
        help="the --train sets taught the --language query adapter: learn from each half with the other's",
    )
    parser.add_argument("--check-new-claims", type=float, default=0.0, help="the same for the check sets")
    args = parser.parse_args()
    if args.cross_fit_adapter and not args.language:
        parser.error("--cross-fit-adapter needs --language")
    models: dict[str, object] = json.loads(FUSION_PATH.read_text()) if FUSION_PATH.exists() else {}
    for semantic in [mode == "semantic" for mode in args.modes.split(",")]:
        features = LEXICAL_FEATURES + (SEMANTIC_FEATURES + FIELD_FEATURES if semantic else ())
        key = model_key(semantic, args.language)
        if args.cross_fit_adapter and semantic:
            train = [q for s in args.train for q in collect_cross_fitted(s, args.language, args.new_claims)]
        else:
            train = [q for spec in args.train for q in collect(spec, semantic, args.new_claims)]
        # Only the pooled model scores pairs across languages (see load_fusions).
        model = fit(train, features, across_languages=not args.language)
        models[key] = model.to_json()
        print(key, json.dumps(model.to_json()))
        report(train, model, f"{key} train")
        for spec in args.check:
            report(collect(spec, semantic, args.check_new_claims), model, f"{key} check {spec}")
    if args.write:
        FUSION_PATH.write_text(json.dumps(models, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
