"""Fusion models per language, and training tips that stand for claims nobody has checked yet."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tipline.matching import training
from tipline.matching.documents import DebunkDoc
from tipline.matching.evaluation import hold_out_new_claims
from tipline.matching.fusion import (
    LEXICAL_FEATURES,
    SEMANTIC_FEATURES,
    FusionModel,
    Fusions,
    Linear,
    load_fusions,
)
from tipline.matching.matcher import Matcher

CLAIMS = {
    "https://cek.example/ditunda": "Pemilu 2024 ditunda karena anggaran KPU habis",
    "https://cek.example/tinta": "Tinta pemilu mengandung lemak babi",
    "https://cek.example/server": "Server KPU di Singapura disetel memenangkan satu paslon",
}


def _json(bias: float) -> dict[str, object]:
    model = _model(bias)
    return {"pair": model.pair.to_json(), "confidence": model.confidence.to_json()}


def _model(bias: float) -> FusionModel:
    pair = Linear(("char",), (10.0,), bias)
    return FusionModel(pair, Linear(("top",), (1.0,), 0.0))


def test_a_language_with_its_own_model_uses_it_and_others_use_the_pooled_one() -> None:
    pooled, english = _model(-5.0), _model(-1.0)
    fusions = Fusions(pooled, {"en": english})
    assert fusions.for_language("en") is english
    assert fusions.for_language("jv") is pooled
    assert fusions.for_language(None) is pooled


def test_language_models_are_read_from_the_fusion_file(tmp_path: Path) -> None:
    path = tmp_path / "fusion.json"
    path.write_text(json.dumps({"semantic": _json(-5.0), "semantic:en": _json(-1.0)}))
    fusions = load_fusions(semantic=True, path=path)
    assert fusions.pooled.pair.bias == -5.0
    assert fusions.for_language("en").pair.bias == -1.0
    assert load_fusions(semantic=False, path=path).by_language == {}


def test_pairs_across_languages_are_scored_by_the_pooled_embedding_model(tmp_path: Path) -> None:
    pooled_alone = Linear(("e5",), (10.0,), -9.0)
    english_alone = Linear(("e5",), (10.0,), -2.0)
    pooled = {**_json(-5.0), "semantic": pooled_alone.to_json()}
    english = {**_json(-1.0), "semantic": english_alone.to_json()}
    path = tmp_path / "fusion.json"
    path.write_text(json.dumps({"semantic": pooled, "semantic:en": english}))
    model = load_fusions(semantic=True, path=path).for_language("en")
    assert model.pair.bias == -1.0  # its own pair model within English
    assert model.semantic == pooled_alone
    rows = {"char": np.array([0.0, 0.0]), "e5": np.array([0.85, 0.85]), "cross_lingual": np.array([0, 1])}
    # Within English the fused score; across, the better of it and the pooled embedding-only score.
    assert np.allclose(model.pair_logits(rows), [-1.0, -0.5])


def test_the_matcher_scores_a_tip_with_the_model_of_its_language() -> None:
    docs = [DebunkDoc(i + 1, url, text, text, language="id") for i, (url, text) in enumerate(CLAIMS.items())]
    with_english = Matcher(docs, fusion=Fusions(_model(-9.0), {"en": _model(-1.0)}))
    pooled_only = Matcher(docs, fusion=Fusions(_model(-9.0), {}))
    english = "Is it true that the Singapore KPU server was set up to make one candidate win the election?"
    indonesian = "katanya server kpu di singapura sudah disetel supaya paslon menang"

    def top_score(matcher: Matcher, tip: str) -> float:
        return matcher.match(tip).candidates[0].score

    assert top_score(with_english, english) > top_score(pooled_only, english)
    assert top_score(with_english, indonesian) == top_score(pooled_only, indonesian)


def _write_set(directory: Path) -> None:
    with (directory / "debunks.jsonl").open("w") as out:
        for url, claim in CLAIMS.items():
            record = {"@type": "ClaimReview", "url": url, "claimReviewed": claim, "headline": claim}
            out.write(json.dumps({**record, "inLanguage": "id"}) + "\n")
    queries = [
        {"id": "q1", "text": "katanya pemilu 2024 ditunda, anggaran kpu sudah habis"},
        {"id": "q2", "text": "tinta pemilu ada lemak babinya, haram"},
    ]
    (directory / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    (directory / "qrels.tsv").write_text("q1\thttps://cek.example/ditunda\nq2\thttps://cek.example/tinta\n")


def test_new_claim_tips_are_matched_without_their_debunk_and_count_as_unanswerable(tmp_path: Path) -> None:
    _write_set(tmp_path)
    plain = training.collect(str(tmp_path), semantic=False)
    assert [q.answerable for q in plain] == [True, True]
    assert all(q.labels.any() for q in plain)
    held_out = training.collect(str(tmp_path), semantic=False, new_claims=1.0)
    assert [q.answerable for q in held_out] == [False, False]
    assert not any(np.any(q.labels) for q in held_out)
    # The relevant debunk is gone from the index, so the other debunks are what the tip is scored against.
    assert all(len(q.labels) < len(CLAIMS) or not q.labels.any() for q in held_out)


def test_holding_out_a_claim_takes_its_copies_with_it() -> None:
    qrels = {"q1": {"https://a/1"}, "q2": {"https://a/2"}}
    claims = {
        "https://a/1": 'Actor "Jeff Goldblum" has a food truck.',
        "https://a/1-copy": "Actor 'Jeff Goldblum' has a food truck",
        "https://a/2": "Tinta pemilu mengandung lemak babi",
    }
    kept, left_out = hold_out_new_claims(qrels, 1.0, claims)
    assert kept == {}
    assert left_out == set(claims)
    kept, left_out = hold_out_new_claims(qrels, 0.0, claims)
    assert kept == qrels and left_out == set()


def _train_queries(n: int) -> list[training.TrainQuery]:
    """Tips whose relevant debunk (first row) mostly has the higher e5 and char scores; a third do not."""
    rng = np.random.default_rng(3)
    out = []
    for i in range(n):
        rows = {name: rng.uniform(0.0, 0.5, 6) for name in LEXICAL_FEATURES + SEMANTIC_FEATURES}
        if i % 3:
            rows["e5"][0] += 0.4
            rows["char"][0] += 0.3
        out.append(training.TrainQuery(rows, np.arange(6) == 0, True, 8, np.full(6, -1)))
    return out


def test_a_language_model_learns_no_cross_language_scorer_the_pooled_one_does() -> None:
    queries = _train_queries(60)
    features = LEXICAL_FEATURES + SEMANTIC_FEATURES
    assert training.fit(queries, features).semantic is not None
    english = training.fit(queries, features, across_languages=False)
    assert english.semantic is None
    assert english.pair.weights[features.index("e5")] > 0


def test_cross_fitting_refuses_half_a_set() -> None:
    with pytest.raises(ValueError, match="halves itself"):
        training.collect_cross_fitted("some-set:even", "en", 0.0)
