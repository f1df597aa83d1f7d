"""What a matcher build reads from each debunk's own text, kept from one build to the next.

Every change of the debunks rebuilds the matcher from all of them, and normalising their texts was most of
a build: at 100k debunks 26 of 45 s. None of it depends on the other debunks, so a rebuild takes it from the
previous matcher for every debunk whose text did not change, and reads only the new and edited ones.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tipline.matching.copies import claim_key
from tipline.matching.documents import DebunkDoc
from tipline.matching.lexical import terms
from tipline.matching.names import NameVotes, name_votes
from tipline.matching.normalize import normalize
from tipline.matching.urls import canonical_url


@dataclass(frozen=True, slots=True)
class PreparedDoc:
    exact_keys: tuple[str, ...]  # its normalised texts: a tip that reads the same is a copy
    urls: tuple[str, ...]  # canonical links of the debunk and of where the claim appeared
    claim_key: str  # what copies of its claim share ("" for a claim too short to be one)
    words: tuple[tuple[str, ...], ...]  # the claim's and the headline's normalised words
    terms: tuple[tuple[str, ...], ...]  # the same, stemmed content words
    name_votes: NameVotes  # words its claim writes as names, and as ordinary words


def doc_key(doc: DebunkDoc) -> bytes:
    """Everything `prepare` reads, hashed: a debunk edited in any of these is read again."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (doc.url, doc.claim, doc.headline or "", doc.body or "", *doc.urls):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0\1")
    return digest.digest()


def _interned(words: Sequence[str]) -> tuple[str, ...]:
    # One string per distinct word across the collection: kept for every debunk, copies would cost ~100 MB.
    return tuple(sys.intern(w) for w in words)


def prepare(doc: DebunkDoc, token_words: dict[str, tuple[str, ...]] | None = None) -> PreparedDoc:
    normalized = {name: normalize(text) for name, text in doc.fields().items()}
    # The headline as published too: a voter may forward the fact-check's own title.
    published = normalize(doc.headline).text if doc.headline else ""
    exact = dict.fromkeys([*(n.text for n in normalized.values()), published])
    words = [normalized[k].words for k in ("claim", "headline") if k in normalized]
    return PreparedDoc(
        exact_keys=tuple(key for key in exact if key),
        urls=tuple(canonical_url(url).url for url in (doc.url, *doc.urls)),
        claim_key=claim_key(words[0]) if "claim" in normalized else "",
        words=tuple(_interned(part) for part in words),
        terms=tuple(_interned(terms(part)) for part in words),
        name_votes=name_votes(doc.claim, token_words),
    )


def prepare_all(
    docs: Sequence[DebunkDoc], previous: Mapping[bytes, PreparedDoc] | None = None
) -> tuple[list[PreparedDoc], dict[bytes, PreparedDoc]]:
    """Each debunk prepared, in order, taken from `previous` where its text is unchanged; and all of them by
    key, for the next build."""
    kept = previous or {}
    token_words: dict[str, tuple[str, ...]] = {}
    by_key: dict[bytes, PreparedDoc] = {}
    ordered = []
    for doc in docs:
        key = doc_key(doc)
        found = by_key.get(key) or kept.get(key)
        if found is None:
            found = prepare(doc, token_words)
        ordered.append(by_key.setdefault(key, found))
    return ordered, by_key
