"""Fusing retriever scores into one calibrated score, and the confidence that decides `auto`.

Two small logistic models, learned by `python -m tipline.matching.training` and stored in
content/matching/fusion.json: one scores a (tip, debunk) pair from the retrievers' features, the other
turns the top pair's score and its margin over the runner-up (the best other claim: a copy of the top
claim is no rival, see copies.rival_logits) into the probability that the top is right.
The pooled weights ("semantic", "lexical") come from `--train id-turnbackhoax-2024:even en-clef2020-train`;
a language with enough labelled tips of its own gets its own ("semantic:en", from `--language en --train
en-clef2020-train`): retrievers weigh differently by language (English tweets vs Snopes claims share few
words, an embedding matters more; Indonesian headlines quote the hoax) and one pooled model is a compromise
for both. Tips in other languages use the pooled model.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from tipline.settings import CONTENT_DIR

FUSION_PATH = CONTENT_DIR / "matching" / "fusion.json"
LEXICAL_FEATURES = ("bm25_rel_cov", "bm25_log", "cov_d", "cov_q", "char", "exact", "rr_bm25_cov", "bigram")
SEMANTIC_FEATURES = ("rr_e5_cos", "e5", "e5_gap")
FIELD_FEATURES = ("e5_top2",)
MAX_MARGIN = 6.0
CONFIDENCE_FEATURES = (
    "top",
    "margin",
    "log_words",
    "agree",
    "top_cov_d",
    "top_char",
    "top_bigram",
    "top_cov_q",
    "top_e5",
)


@dataclass(frozen=True)
class Linear:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def logits(self, rows: dict[str, np.ndarray]) -> np.ndarray:
        total = np.full(len(next(iter(rows.values()))), self.bias, dtype=np.float64)
        for name, weight in zip(self.features, self.weights, strict=True):
            total += weight * rows[name]
        return total

    def to_json(self) -> dict[str, object]:
        return {"features": list(self.features), "weights": list(self.weights), "bias": self.bias}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(tuple(data["features"]), tuple(float(w) for w in data["weights"]), float(data["bias"]))


@dataclass(frozen=True)
class FusionModel:
    pair: Linear
    confidence: Linear
    # The same probability from the embedding alone. Where tip and debunk are in different languages no word
    # can be shared, so the pair scores the better of the two and a strong semantic match stands on its own.
    # Not within one language: there it lowered MAP@5 (0.818 -> 0.750 Indonesian, 0.841 -> 0.815 English).
    semantic: Linear | None = None

    def pair_logits(self, rows: dict[str, np.ndarray]) -> np.ndarray:
        fused = self.pair.logits(rows)
        if self.semantic is None or "e5" not in rows or "cross_lingual" not in rows:
            return fused
        return np.where(rows["cross_lingual"] > 0, np.maximum(fused, self.semantic.logits(rows)), fused)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"pair": self.pair.to_json(), "confidence": self.confidence.to_json()}
        if self.semantic is not None:
            out["semantic"] = self.semantic.to_json()
        return out


# Used until a model has been learned: hand weights that rank sensibly, not calibrated.
_DEFAULTS = {
    "lexical": FusionModel(
        Linear(LEXICAL_FEATURES, (1.0, 0.5, 4.0, 2.0, 3.0, 6.0, 0.0, 0.0), -5.0),
        Linear(CONFIDENCE_FEATURES, (1.0, 1.0, 0.3, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0), -2.0),
    ),
    "semantic": FusionModel(
        Linear(
            LEXICAL_FEATURES + SEMANTIC_FEATURES,
            (1.0, 0.5, 4.0, 2.0, 3.0, 6.0, 0.0, 0.0, 0.0, 10.0, 5.0),
            -14.0,
        ),
        Linear(CONFIDENCE_FEATURES, (1.0, 1.0, 0.3, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0), -2.0),
    ),
}


@dataclass(frozen=True)
class Fusions:
    """The pooled model, and the models learned for one language."""

    pooled: FusionModel
    by_language: dict[str, FusionModel]

    def for_language(self, language: str | None) -> FusionModel:
        return self.by_language.get(language or "", self.pooled)


def model_key(semantic: bool, language: str | None = None) -> str:
    mode = "semantic" if semantic else "lexical"
    return f"{mode}:{language}" if language else mode


def _from_json(model: dict[str, Any]) -> FusionModel:
    alone = Linear.from_json(model["semantic"]) if "semantic" in model else None
    return FusionModel(Linear.from_json(model["pair"]), Linear.from_json(model["confidence"]), alone)


def load_fusions(semantic: bool, path: Path = FUSION_PATH) -> Fusions:
    key = model_key(semantic)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    pooled = _from_json(data[key]) if key in data else _DEFAULTS[key]
    # Pairs across languages are scored by the pooled embedding-only model whatever the tip's language: a
    # language's own model learned from pairs within it, on vectors its adapter had moved (the English one
    # scored any Indonesian debunk ranked first with a cosine above 0.86 as 0.97 likely).
    by_language = {
        name.partition(":")[2]: replace(_from_json(model), semantic=pooled.semantic)
        for name, model in data.items()
        if name.startswith(key + ":")
    }
    return Fusions(pooled, by_language)


def load_fusion(semantic: bool, path: Path = FUSION_PATH) -> FusionModel:
    return load_fusions(semantic, path).pooled


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def confidence_inputs(rows: dict[str, np.ndarray], logits: np.ndarray, n_words: int) -> dict[str, np.ndarray]:
    """What the confidence model sees of a tip: the best pair's score, its margin, retriever agreement."""
    order = np.argsort(-logits, kind="stable")
    top = float(logits[order[0]])
    runner_up = float(logits[order[1]]) if len(order) > 1 else top - 10.0
    firsts = [float(rows[name][order[0]] >= 0.5) for name in ("rr_bm25", "rr_e5") if name in rows]
    return {
        "top": np.array([top]),
        # Clipped: in a small collection the runner-up can be hopeless, which says nothing of the top.
        "margin": np.array([min(top - runner_up, MAX_MARGIN)]),
        "log_words": np.array([math.log1p(n_words)]),
        "agree": np.array([sum(firsts) / len(firsts) if firsts else 0.0]),
        "top_cov_d": np.array([float(rows["cov_d"][order[0]])]),
        "top_char": np.array([float(rows["char"][order[0]])]),
        "top_bigram": np.array([float(rows["bigram"][order[0]])]),
        "top_cov_q": np.array([float(rows["cov_q"][order[0]])]),
        "top_e5": np.array([float(rows["e5"][order[0]]) if "e5" in rows else 0.0]),
    }
