"""The in-memory matcher: candidates from every source, features, fused score, decision.

It knows nothing of the database (MatcherService loads it) so the eval, the benchmark and the tests build it
from plain DebunkDoc values.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from tipline.matching.adapters import QueryAdapter, adapters_for
from tipline.matching.char_grams import CharIndex
from tipline.matching.copies import ClaimCopies, rival_logits
from tipline.matching.decision import Policy, decide
from tipline.matching.documents import MAX_QUERY_CHARS, DebunkDoc
from tipline.matching.embedders import Embedder
from tipline.matching.fusion import FusionModel, Fusions, confidence_inputs, load_fusions, sigmoid
from tipline.matching.language import NO_CROSS_LINGUAL, detect_language, language_code, matching_language
from tipline.matching.lexical import BM25Index, terms, top_ranks
from tipline.matching.names import collection_names
from tipline.matching.normalize import (
    NormalizedText,
    content_words,
    embedding_text,
    is_greeting,
    load_lexicon,
    normalize,
    without_boilerplate,
)
from tipline.matching.passages import reread
from tipline.matching.prepared import PreparedDoc, prepare_all
from tipline.matching.questions import is_question_only, without_voter_question
from tipline.matching.reply_language import reply_language
from tipline.matching.safeguards import held_back
from tipline.matching.semantic import Query, SemanticIndex
from tipline.matching.spelling import Speller
from tipline.matching.types import Candidate, MatchResult

TOP_PER_RETRIEVER = 30
MAX_RESULTS = 5
EXACT_LOGIT = 4.6  # sigmoid 0.99
# e5 cosines of unrelated texts sit around 0.75-0.80; a rank only counts once the cosine rises above that.
E5_UNRELATED = 0.80
E5_SPAN = 0.06


class CandidateSource(Protocol):
    """An extra way to find debunks (image hashes, OCR later): document index -> score in [0, 1]."""

    def candidates(self, text: str, normalized: NormalizedText) -> dict[int, float]: ...


@dataclass
class Features:
    doc_indices: list[int]
    exact: set[int] = field(default_factory=set)  # same normalised text or same link
    unambiguous: set[int] = field(default_factory=set)  # same full (not shortened) link: no text needed
    rows: dict[str, np.ndarray] = field(default_factory=dict)


class Matcher:
    def __init__(
        self,
        docs: Sequence[DebunkDoc],
        *,
        embedder: Embedder | None = None,
        vectors: np.ndarray | None = None,
        vector_owners: np.ndarray | None = None,
        fusion: FusionModel | Fusions | None = None,
        policy: Policy | None = None,
        extra_sources: Iterable[CandidateSource] = (),
        default_language: str | None = "id",
        half_vectors: bool = False,
        adapters: dict[str, QueryAdapter] | None = None,
        prepared: Mapping[bytes, PreparedDoc] | None = None,
    ) -> None:
        """`prepared`: a previous matcher's `prepared`, to reuse for the debunks whose text is unchanged."""
        self.docs = list(docs)
        self.index_of = {doc.id: index for index, doc in enumerate(self.docs)}
        self.policy = policy or Policy()
        self.default_language = default_language
        self.extra_sources = list(extra_sources)
        self.exact: dict[str, list[int]] = {}
        self.by_url: dict[str, list[int]] = {}
        # The debunks' own texts read once, and again only where they change: see prepared.py.
        ready, self.prepared = prepare_all(self.docs, prepared)
        for index, doc_ready in enumerate(ready):
            for key in doc_ready.exact_keys:
                self.exact.setdefault(key, []).append(index)
            for url in doc_ready.urls:
                self.by_url.setdefault(url, []).append(index)
        spelled = [[w for part in r.words for w in part] for r in ready]
        self.bm25 = BM25Index(
            [[t for part in r.terms for t in part] for r in ready], [r.terms for r in ready]
        )
        self.copies = ClaimCopies([r.claim_key for r in ready])
        self.speller = Speller.from_documents(spelled)
        self.names = collection_names(r.name_votes for r in ready)
        # The claim's and headline's words, already normalised above.
        self.chars = CharIndex([" ".join(words) for words in spelled])
        self.embedder = embedder
        self.adapters = adapters if adapters is not None else adapters_for(embedder, vectors)
        self.semantic: SemanticIndex | None = None
        if embedder is not None and vectors is not None and vector_owners is not None:
            self.semantic = SemanticIndex(vectors, vector_owners, len(self.docs), half=half_vectors)
        if isinstance(fusion, FusionModel):
            fusion = Fusions(fusion, {})
        self.fusions = fusion or load_fusions(semantic=self.semantic is not None)
        # A tip with no words to embed (a bare link) has no semantic features: the lexical models score it.
        self.lexical_fusions = self.fusions if self.semantic is None else load_fusions(semantic=False)
        given = [language_code(d.language) for d in self.docs]
        # A debunk of unknown language is taken to be in the language most debunks here are in (an English
        # collection without inLanguage is English), else in the tipline's default language.
        known = Counter(language for language in given if language)
        unknown = known.most_common(1)[0][0] if known else (default_language or "")
        self.doc_languages = np.array([language or unknown for language in given], dtype=object)
        self.index_languages = frozenset(self.doc_languages.tolist()) - {""}
        # What "in another language" is judged on (Malay, Javanese and Sundanese are matched as Indonesian).
        self.compared_languages = np.array(
            [matching_language(lang) for lang in self.doc_languages], dtype=object
        )
        self._foreign_docs: dict[str | None, np.ndarray] = {}

    def features(
        self,
        text: str,
        norm: NormalizedText,
        query_vector: np.ndarray | None,
        language: str | None = None,
    ) -> Features:
        words = self.speller.correct_words(norm.words, language)
        query_terms = terms(words)
        bm25 = self.bm25.scores(query_terms)
        picked: dict[int, None] = {}
        # The same text as a debunk once its typos are mended is a copy too ("Pusinng ... di Ksakus").
        exact_hits = set(self.exact.get(norm.text, [])) | set(self.exact.get(" ".join(words), []))
        url_hits: set[int] = set()
        for url in norm.urls:
            exact_hits.update(self.by_url.get(url.url, []))
            if not url.is_shortener:
                url_hits.update(self.by_url.get(url.url, []))
        picked.update(dict.fromkeys(sorted(exact_hits)))
        for source in self.extra_sources:
            picked.update(dict.fromkeys(source.candidates(text, norm)))
        bm25_rank = top_ranks(bm25, TOP_PER_RETRIEVER)
        picked.update(dict.fromkeys(bm25_rank))
        sem_rank: dict[int, int] = {}
        best_e5 = 0.0
        tip = self._tip_query(query_vector, language)
        if self.semantic is not None and tip is not None:
            sem_rank, best_e5 = self._semantic_ranks(tip)
            picked.update(dict.fromkeys(sem_rank))
        indices = list(picked)
        if language_code(language) in NO_CROSS_LINGUAL:
            same = matching_language(language)
            kept = exact_hits | url_hits
            indices = [i for i in indices if self.compared_languages[i] in (same, "") or i in kept]
        out = Features(indices, exact=exact_hits, unambiguous=url_hits)
        if not indices:
            return out
        idx = np.array(indices)
        best_bm25 = float(bm25.max()) or 1.0
        out.rows["bm25_rel"] = bm25[idx] / best_bm25
        out.rows["bm25_log"] = np.log1p(bm25[idx])
        coverage = self.bm25.coverage(query_terms, indices)
        out.rows["cov_d"], out.rows["cov_q"] = coverage[:, 0], coverage[:, 1]
        out.rows["char"] = self.chars.similarity(" ".join(words), indices)
        out.rows["bigram"] = self.bm25.bigram_coverage(query_terms, indices)
        out.rows["exact"] = np.array([i in exact_hits for i in indices], dtype=np.float64)
        out.rows["rr_bm25"] = np.array([1.0 / (2 + bm25_rank.get(i, TOP_PER_RETRIEVER)) for i in indices])
        # Relative features (share of the best score, rank) say nothing when the index is tiny or the tip is
        # unrelated to everything: they only count in proportion to absolute evidence of the same retriever.
        out.rows["bm25_rel_cov"] = out.rows["bm25_rel"] * out.rows["cov_d"]
        out.rows["rr_bm25_cov"] = out.rows["rr_bm25"] * out.rows["cov_d"]
        if self.semantic is not None and tip is not None:
            e5, out.rows["e5_top2"] = self.semantic.exact_and_top_two(tip, idx)
            out.rows["rr_e5"] = np.array([1.0 / (2 + sem_rank.get(i, TOP_PER_RETRIEVER)) for i in indices])
            out.rows["e5"] = e5
            out.rows["e5_gap"] = e5 - max(best_e5, float(e5.max()))
            out.rows["rr_e5_cos"] = out.rows["rr_e5"] * np.clip((e5 - E5_UNRELATED) / E5_SPAN, 0.0, 1.0)
            if language:
                compared = self.compared_languages[idx]
                out.rows["cross_lingual"] = (compared != matching_language(language)) & (compared != "")
        return out

    def with_embedder(self, embedder: Embedder) -> Matcher:
        """The same index with another embedder for tips (same model): the eval times an uncached one."""
        other = copy.copy(self)
        other.embedder = embedder
        return other

    def _tip_query(self, vector: np.ndarray | None, language: str | None) -> Query | None:
        """The tip's vector moved by its language's adapter, and as embedded for debunks in other languages:
        an adapter is learned within its language (it moved English tips away from Indonesian debunks of
        their claim)."""
        adapter = self.adapters.get(language or "")
        if vector is None or adapter is None:
            return None if vector is None else Query(vector)
        same = matching_language(language)
        if same not in self._foreign_docs:
            langs = self.compared_languages
            self._foreign_docs[same] = np.asarray((langs != same) & (langs != ""), dtype=bool)
        if not self._foreign_docs[same].any():
            return Query(adapter.apply(vector))
        return Query(adapter.apply(vector), vector, self._foreign_docs[same])

    def _semantic_ranks(self, tip: Query) -> tuple[dict[int, int], float]:
        """Rank of the e5 top debunks (within each language group if the tip has two vectors), best cosine."""
        assert self.semantic is not None
        if tip.other_docs is None:
            top, scores = self.semantic.search(tip, TOP_PER_RETRIEVER)
            return {int(i): rank for rank, i in enumerate(top)}, float(scores[0]) if len(scores) else 0.0
        top, scores = self.semantic.search(tip, 2 * TOP_PER_RETRIEVER)
        ranks: dict[int, int] = {}
        for group in (~tip.other_docs[top], tip.other_docs[top]):
            ranks.update({int(i): rank for rank, i in enumerate(top[group][:TOP_PER_RETRIEVER])})
        return ranks, float(scores[0]) if len(scores) else 0.0

    def query_vector(self, text: str, norm: NormalizedText, language: str | None = None) -> np.ndarray | None:
        """The tip as the embedder reads it (its language's adapter, if any, is applied in `features`)."""
        if self.embedder is None or self.semantic is None or not norm.text:
            return None
        # e5 reads the tip as written (case, punctuation): lower-cased text cost it ~4 MAP points in English.
        # Not the chain-message wrapping ("Forwarded many times", "sebarkan!!"): e5 reads it as content.
        claim = without_boilerplate(embedding_text(text))
        raw = self.speller.correct_text(claim, norm.words, load_lexicon().slang, language)[:MAX_QUERY_CHARS]
        return np.asarray(self.embedder.query([raw])[0]) if raw else None

    def match(self, text: str, *, language_hint: str | None = None) -> MatchResult:
        norm = normalize(text)
        return self.match_normalized(text, norm, language_hint=language_hint)

    def match_normalized(
        self, text: str, norm: NormalizedText, *, language_hint: str | None = None
    ) -> MatchResult:
        whole = self.match_reading(text, norm, language_hint)
        if whole.decision == "auto" or whole.reason in ("empty", "greeting", "question"):
            return whole
        return reread(self, text, norm, whole, language_hint)

    def match_reading(self, text: str, norm: NormalizedText, language_hint: str | None) -> MatchResult:
        """One reading of a tip (the whole message or a part of it: passages.py)."""
        claim = without_voter_question(text)
        if claim != text:
            text, norm = claim, normalize(claim)
        language = detect_language(
            text, hint=language_hint, default=self.default_language, also=self.index_languages
        )
        reader = reply_language(text, language)
        if not norm.text and not norm.urls:
            return MatchResult("none", [], norm.text, reader, reason="empty")
        if not norm.urls and is_greeting(norm.words):
            return MatchResult("none", [], norm.text, reader, reason="greeting")
        if is_question_only(text):
            return MatchResult("none", [], norm.text, reader, reason="question")
        feats = self.features(text, norm, self.query_vector(text, norm, language), language)
        if not feats.doc_indices:
            return MatchResult("none", [], norm.text, reader, reason="no_candidate")
        fusions = self.fusions if "e5" in feats.rows or self.semantic is None else self.lexical_fusions
        fusion = fusions.for_language(language)
        logits = fusion.pair_logits(feats.rows)
        exact = np.array([i in feats.exact for i in feats.doc_indices])
        # The exact tier answers alone: the same text or link as a debunk outranks any fused score.
        logits = np.where(exact, np.maximum(logits, EXACT_LOGIT), logits)
        order = np.argsort(-logits, kind="stable")
        ranked = self.copies.first_imported_first([feats.doc_indices[i] for i in order], feats.exact)
        candidates = [
            Candidate(self.docs[d].id, self.docs[d].url, round(sigmoid(float(logits[i])), 4))
            for d, i in zip(ranked[:MAX_RESULTS], order[:MAX_RESULTS], strict=True)
        ]
        n_words = len(content_words(norm.words))
        groups = self.copies.group_ids(feats.doc_indices)
        inputs = confidence_inputs(feats.rows, rival_logits(logits, groups), n_words)
        confidence = sigmoid(float(fusion.confidence.logits(inputs)[0]))
        top = ranked[0]
        if top in feats.exact:
            confidence = max(confidence, sigmoid(EXACT_LOGIT))
        if top in feats.unambiguous:
            n_words = max(n_words, self.policy.min_auto_words)
        published = self.copies.newest_date(top, self.docs)
        decision, reason = decide(
            self.policy, confidence, candidates[0].score, n_words, published, len(self.docs)
        )
        if decision == "auto" and top not in feats.exact:
            tip_words = self.speller.correct_words(norm.words, language)
            across = self.compared_languages[top] != matching_language(language)
            reason = held_back(text, tip_words, self.docs[top], self.names, across, top in feats.unambiguous)
            decision = "suggest" if reason else decision
        return MatchResult(decision, candidates, norm.text, reader, reason=reason, confidence=confidence)
