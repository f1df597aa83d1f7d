"""A learned linear correction of the tip's embedding, per language: voters word a claim unlike debunks do.

e5 was trained on web text pairs, not on "a tweet that spreads a claim" vs "the claim a fact-checker wrote
down". A small matrix A, learned from labelled (tip, debunk) pairs, moves the tip's vector towards the debunks
written about it: q' = normalise(q + A q). Debunk vectors are untouched, so nothing stored is recomputed and a
tip in a language without an adapter is embedded exactly as before.

Files: content/matching/adapters/{embedder}.{language}.npy (float16, dim x dim), learned by

    python -m tipline.matching.adapters --language en --train SET[:even|:odd] ... [--check SET] [--write]

An adapter belongs to one embedding model: another model's vectors find no file and stay as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from tipline.settings import CONTENT_DIR

log = logging.getLogger(__name__)
ADAPTER_DIR = CONTENT_DIR / "matching" / "adapters"
# Chosen by two-fold cross-validation on en-clef2020-train (learn on one half, MAP@5 on the other), e5 alone
# 0.774 before: temperature 0.005 / regularisation 1.0 gave 0.853; 0.01 gave 0.843, 0.0025 0.851; a
# regularisation of 0.3 overfitted the 400 tips (0.849), 3.0 held back (0.842). Softer temperatures
# (0.02-0.05) lowered the loss but not the ranking.
TEMPERATURE = 0.005
REGULARISATION = 1.0
MAX_ITERATIONS = 60


@dataclass(frozen=True)
class QueryAdapter:
    matrix: np.ndarray  # dim x dim, the correction A

    def apply(self, vector: np.ndarray) -> np.ndarray:
        moved = vector + self.matrix @ vector
        norm = float(np.linalg.norm(moved))
        return (moved / norm).astype(np.float32) if norm else vector


def adapter_path(embedder_name: str, language: str, directory: Path = ADAPTER_DIR) -> Path:
    return directory / f"{embedder_name.replace('/', '_')}.{language}.npy"


def load_adapters(
    embedder_name: str, directory: Path = ADAPTER_DIR, dim: int | None = None
) -> dict[str, QueryAdapter]:
    """Language -> adapter for this embedding model (none when the folder has no file for it).

    A file that is not a finite dim x dim matrix is left out with a warning: tips are then embedded as they
    are, which is how the matcher worked without adapters, rather than every tip failing.
    """
    prefix = embedder_name.replace("/", "_") + "."
    out = {}
    for path in sorted(directory.glob(f"{prefix}*.npy")) if directory.exists() else []:
        language = path.name[len(prefix) : -len(".npy")]
        try:
            matrix = np.load(path).astype(np.float32)
        except (OSError, ValueError) as exc:
            log.warning("query adapter %s unreadable, not used: %s", path.name, exc)
            continue
        size = dim or (matrix.shape[0] if matrix.ndim == 2 else 0)
        if matrix.shape != (size, size) or not np.isfinite(matrix).all():
            log.warning("query adapter %s is not a finite %dx%d matrix, not used", path.name, size, size)
            continue
        out[language] = QueryAdapter(matrix)
    return out


def adapters_for(embedder: object | None, vectors: np.ndarray | None) -> dict[str, QueryAdapter]:
    """The shipped adapters of this embedder's model, for debunk vectors of this size."""
    name = getattr(embedder, "name", None)
    if not name:
        return {}
    return load_adapters(name, dim=vectors.shape[1] if vectors is not None and vectors.ndim == 2 else None)


@dataclass(frozen=True)
class Pairs:
    """Labelled tips of one set: tip vectors, the debunks' field vectors, and which fields are relevant."""

    queries: np.ndarray  # n x dim
    fields: np.ndarray  # m x dim, every field vector of every debunk
    relevant: Sequence[np.ndarray]  # per tip, a boolean mask over the m fields


def learn(
    sets: Sequence[Pairs],
    temperature: float = TEMPERATURE,
    regularisation: float = REGULARISATION,
    max_iterations: int = MAX_ITERATIONS,
) -> np.ndarray:
    """A minimising the softmax loss of the relevant fields among all fields, plus regularisation * |A|^2.

    The loss is the tip's probability mass on its relevant debunks' fields against every field of the set;
    its gradient in A is exact, so L-BFGS finds the optimum in a few dozen steps on 2 cores.
    """
    dim = sets[0].queries.shape[1]
    total = sum(len(s.queries) for s in sets)

    def loss_and_gradient(flat: np.ndarray) -> tuple[float, np.ndarray]:
        matrix = flat.reshape(dim, dim)
        loss, gradient = 0.0, np.zeros((dim, dim))
        for pairs in sets:
            moved = pairs.queries + pairs.queries @ matrix.T
            logits = moved @ pairs.fields.T / temperature
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            target = np.zeros_like(probs)
            for i, mask in enumerate(pairs.relevant):
                on_relevant = probs[i] * mask
                mass = on_relevant.sum()
                loss -= float(np.log(max(mass, 1e-12)))
                target[i] = on_relevant / max(mass, 1e-12)
            gradient += ((probs - target) @ pairs.fields / temperature).T @ pairs.queries
        loss = loss / total + regularisation * float(np.sum(matrix * matrix))
        gradient = gradient / total + 2 * regularisation * matrix
        return loss, gradient.ravel()

    result = minimize(
        loss_and_gradient,
        np.zeros(dim * dim),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iterations},
    )
    return np.asarray(result.x, dtype=np.float32).reshape(dim, dim)


def save(matrix: np.ndarray, embedder_name: str, language: str, directory: Path = ADAPTER_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = adapter_path(embedder_name, language, directory)
    np.save(path, matrix.astype(np.float16))
    return path
