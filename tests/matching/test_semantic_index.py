"""SemanticIndex: best field per debunk, exact and coarse (projected) search agree on what matters."""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_info

from tipline.matching.semantic import Query, SemanticIndex, one_blas_thread


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def random_index(rng: np.random.Generator, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    # One to three fields per debunk, given out of order, and one debunk without any vector.
    owners = np.concatenate([np.repeat(np.arange(1, n_docs), rng.integers(1, 4, size=n_docs - 1))])
    rng.shuffle(owners)
    return unit(rng.standard_normal((len(owners), 64))), owners


def test_a_debunk_scores_its_best_field_and_zero_without_vectors() -> None:
    rng = np.random.default_rng(1)
    vectors, owners = random_index(rng, 50)
    index = SemanticIndex(vectors, owners, 50)
    query = vectors[7]
    scores = index.scores(query)
    expected = np.array([max((vectors[owners == d] @ query).tolist(), default=0.0) for d in range(50)])
    assert np.allclose(scores, expected, atol=1e-5)
    assert scores[0] == 0.0
    assert np.allclose(
        index.exact(query, np.array([0, owners[7], 3])), expected[[0, owners[7], 3]], atol=1e-5
    )
    top, top_scores = index.search(query, 5)
    assert top[0] == owners[7]
    assert list(top_scores) == sorted(top_scores, reverse=True)


def test_a_debunk_also_gives_the_mean_of_its_two_best_fields() -> None:
    rng = np.random.default_rng(2)
    vectors, owners = random_index(rng, 30)
    index = SemanticIndex(vectors, owners, 30)
    query = unit(rng.standard_normal(64))
    docs = np.array(sorted(set(range(30))))
    best, top_two = index.exact_and_top_two(query, docs)
    fields = [np.sort(vectors[owners == d] @ query)[::-1] for d in docs]
    assert np.allclose(best, [f[0] if len(f) else 0.0 for f in fields], atol=1e-5)
    assert np.allclose(top_two, [f[:2].mean() if len(f) else 0.0 for f in fields], atol=1e-5)
    assert any(len(f) == 3 for f in fields) and any(len(f) == 1 for f in fields)


def test_a_far_third_field_does_not_pull_a_debunk_down() -> None:
    claim, headline, body, query = np.eye(4, 64, dtype=np.float32)
    fields = unit(np.stack([query + claim, query + 0.8 * headline]))
    vectors = np.concatenate([fields, fields, [body]])
    index = SemanticIndex(vectors, np.array([0, 0, 1, 1, 1]), 2)  # debunk 1 has a conclusion too
    best, top_two = index.exact_and_top_two(query, np.array([0, 1]))
    assert np.allclose(best, best[0]) and np.allclose(top_two, top_two[0])
    assert top_two[0] < best[0]


def test_two_fields_as_good_as_each_other_are_the_two_best() -> None:
    field, body, query = np.eye(3, 64, dtype=np.float32)
    near = unit(query + field)
    index = SemanticIndex(np.stack([near, near, body]), np.array([0, 0, 0]), 1)
    best, top_two = index.exact_and_top_two(query, np.array([0]))
    assert np.allclose(top_two, best)


class CoarseIndex(SemanticIndex):
    EXACT_LIMIT = 100
    RERANK_DEPTH = 60
    COARSE_DIMS = 32


def test_coarse_search_finds_the_noisy_copy_and_scores_it_exactly() -> None:
    rng = np.random.default_rng(2)
    vectors, owners = random_index(rng, 2000)
    exact, coarse = SemanticIndex(vectors, owners, 2000), CoarseIndex(vectors, owners, 2000)
    assert exact.coarse_blocks is None and coarse.coarse_blocks is not None
    for row in rng.integers(len(vectors), size=20):
        query = unit(vectors[row] + 0.5 * unit(rng.standard_normal(64)))
        top, top_scores = coarse.search(query, 10)
        assert top[0] == owners[row]
        assert np.allclose(top_scores, exact.scores(query)[top], atol=1e-5)


def test_a_two_vector_query_scores_each_debunk_with_the_vector_meant_for_it() -> None:
    rng = np.random.default_rng(4)
    vectors, owners = random_index(rng, 2000)
    own, other = unit(rng.standard_normal(64)), unit(rng.standard_normal(64))
    flagged = rng.random(2000) < 0.5
    query = Query(own, other, flagged)
    plain = SemanticIndex(vectors, owners, 2000)
    expected = np.where(flagged, plain.scores(other), plain.scores(own))
    for index in (SemanticIndex(vectors, owners, 2000), CoarseIndex(vectors, owners, 2000)):
        assert np.allclose(index.exact(query, np.arange(2000)), expected, atol=1e-5)
        top, top_scores = index.search(query, 10)
        assert np.allclose(top_scores, expected[top], atol=1e-5)
    assert set(plain.search(query, 10)[0]) == set(np.argsort(-expected)[:10])
    # Each vector finds the near copy of its own debunk, through the coarse pre-search as well.
    mine, theirs = (int(np.flatnonzero(flagged[owners] == f)[0]) for f in (False, True))  # vector rows
    query = Query(
        unit(vectors[mine] + 0.5 * unit(rng.standard_normal(64))),
        unit(vectors[theirs] + 0.5 * unit(rng.standard_normal(64))),
        flagged,
    )
    assert set(CoarseIndex(vectors, owners, 2000).search(query, 2)[0]) == {owners[mine], owners[theirs]}


def test_the_rerank_grows_with_the_square_root_of_the_index() -> None:
    rng = np.random.default_rng(3)
    vectors = unit(rng.standard_normal((300, 64)))
    small, large = (CoarseIndex(vectors, rng.integers(0, n, size=300), n) for n in (2000, 40_000))
    assert (small.depth, large.depth) == (60, 120)
    assert large.coarse_blocks is not None and len(large.search(vectors[0], 5)[0]) == 5


def test_a_search_runs_blas_on_one_thread_and_gives_the_others_back() -> None:
    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert set(blas_threads()) <= {1}
    assert blas_threads() == before
