"""Scoring matches on a labelled set in the exchange format (debunks.jsonl, queries.jsonl, qrels.tsv).

The metrics are those of ../shared/tools/score_matches.py (CLEF's MAP@5) so the two cross-check each other.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tipline.matching.normalize import normalize
from tipline.matching.types import MatchResult

NOT_MATCHED = ("empty", "greeting", "question", "no_candidate")
# Confident answers the safeguards hold back: a threshold sweep keeps them held back.
WITHHELD_REASONS = (
    "short_text", "old_debunk", "other_names", "denies_claim", "small_index", "greeting", "empty"
)  # fmt: skip


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    language: str | None = None


class SetFormatError(ValueError):
    """A line of an evaluation set that cannot be read: figures from a partly read set would mislead."""


def read_queries(path: Path) -> list[Query]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise SetFormatError(f"{path}:{number}: not JSON ({exc})") from exc
        if not isinstance(obj, dict) or obj.get("id") in (None, ""):
            raise SetFormatError(f'{path}:{number}: expected an object with an "id" and a "text"')
        out.append(Query(str(obj["id"]), str(obj.get("text") or ""), obj.get("language")))
    return out


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    if not path.exists():
        return qrels
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise SetFormatError(f"{path}:{number}: expected query id <TAB> debunk url")
        query_id, url, grade = _qrel_fields(parts)
        if grade is None or grade > 0:
            qrels.setdefault(query_id, set()).add(url)
    return qrels


def _qrel_fields(parts: list[str]) -> tuple[str, str, int | None]:
    """Query id, url and relevance grade (None when the line gives none) of a qrels line.

    Beside the exchange format's `query <TAB> url`, TREC's `query <TAB> 0 <TAB> url <TAB> grade` (CLEF
    CheckThat! ships its qrels so) and `query <TAB> url <TAB> grade`: read as the first, a TREC line made
    every query's relevant url "0", and the set scored as if nothing could be answered.
    """
    if len(parts) == 4 and parts[1] in ("0", "Q0") and _is_integer(parts[3]):
        return parts[0], parts[2], int(parts[3])
    if len(parts) == 3 and _is_integer(parts[2]):
        return parts[0], parts[1], int(parts[2])
    return parts[0], parts[1], None


def _is_integer(text: str) -> bool:
    return text.lstrip("-").isdigit()


def half_of(query_id: str) -> str:
    """A stable split of a set's queries in two, by a hash of the id: learn on one, check on the other."""
    return "even" if hashlib.sha256(query_id.encode()).digest()[0] % 2 == 0 else "odd"


def stands_for_new_claim(query_id: str, share: float) -> bool:
    """A stable pick of `share` of the queries, by a hash of their id (independent of the even/odd halves)."""
    return hashlib.sha256(query_id.encode()).digest()[1] < share * 256


def hold_out_new_claims(
    qrels: dict[str, set[str]], share: float, claims: dict[str, str]
) -> tuple[dict[str, set[str]], set[str]]:
    """Qrels without `share` of the answerable queries, and the debunk urls to leave out with them.

    The left-out queries then stand for claims nobody has checked yet: a set without such queries (CLEF's)
    can still show how often a new claim would be answered with a wrong debunk (false-auto). `claims` maps
    each debunk url to its claim: a debunk with the same claim (CLEF has copies that differ in their quote
    marks) leaves with it, or the "new" claim would still have its answer in the index.
    """
    held = {q for q in qrels if stands_for_new_claim(q, share)}
    urls = {url for q in held for url in qrels[q]}
    gone = {normalize(claims[url]).text for url in urls if url in claims}
    urls |= {url for url, claim in claims.items() if normalize(claim).text in gone}
    return {q: urls_ for q, urls_ in qrels.items() if q not in held}, urls


@dataclass
class Scores:
    answerable: int
    unanswerable: int
    map5: float
    p1: float
    r5: float
    auto_precision: float
    auto_coverage: float
    false_auto: float
    suggest_share: float


def score(
    queries: Sequence[Query],
    qrels: dict[str, set[str]],
    results: dict[str, MatchResult],
    auto: dict[str, bool] | None = None,
) -> Scores:
    """`auto` overrides the decisions (to sweep thresholds); by default each result's own decision."""
    ap = p1 = r5 = 0.0
    answerable = auto_right = auto_all = negatives = negative_auto = suggested = 0
    for query in queries:
        result = results[query.id]
        urls = [c.url for c in result.candidates][:5]
        relevant = qrels.get(query.id)
        is_auto = auto[query.id] if auto is not None else result.decision == "auto"
        suggested += result.decision == "suggest"
        if relevant:
            answerable += 1
            hits, total = 0, 0.0
            for rank, url in enumerate(urls, 1):
                if url in relevant:
                    hits += 1
                    total += hits / rank
            ap += total / min(len(relevant), 5)
            p1 += bool(urls and urls[0] in relevant)
            r5 += len(relevant & set(urls)) / len(relevant)
            if is_auto:
                auto_all += 1
                auto_right += bool(urls and urls[0] in relevant)
        else:
            negatives += 1
            if is_auto:
                negative_auto += 1
                auto_all += 1
    n = max(answerable, 1)
    return Scores(
        answerable,
        negatives,
        ap / n,
        p1 / n,
        r5 / n,
        auto_right / auto_all if auto_all else 0.0,
        auto_right / n,
        negative_auto / negatives if negatives else 0.0,
        suggested / max(len(queries), 1),
    )


def threshold_sweep(
    queries: Sequence[Query],
    qrels: dict[str, set[str]],
    results: dict[str, MatchResult],
    thresholds: Sequence[float],
    min_top_score: float = 0.0,
) -> list[tuple[float, Scores]]:
    """What auto would give at other confidence thresholds (safeguards kept: short text, old debunks, another
    name than the debunk's)."""
    rows = []
    for threshold in thresholds:
        auto = {
            q.id: (results[q.id].confidence or 0.0) >= threshold
            and bool(results[q.id].candidates)
            and results[q.id].candidates[0].score >= min_top_score
            and results[q.id].reason not in WITHHELD_REASONS
            for q in queries
        }
        rows.append((threshold, score(queries, qrels, results, auto)))
    return rows


@dataclass
class SuggestRow:
    shown: int  # tips shown suggestions (not answered at once, top pair score >= t)
    right: int  # ... of them answerable, with a relevant debunk among the first three
    none_right: int  # ... answerable, none of the three relevant
    new_claims: int  # ... without a relevant debunk: a claim nobody has checked, or not a claim at all
    right_first_hidden: int  # answerable, relevant debunk first, but below t: queued, nothing shown


# Tips the matcher never offers anything for, whatever the threshold.
SUGGESTIONS = 3  # rows a voter is offered (the pipeline's first three distinct claims)


def suggest_sweep(
    queries: Sequence[Query],
    qrels: dict[str, set[str]],
    results: dict[str, MatchResult],
    thresholds: Sequence[float],
    min_confidence: float = float("inf"),
    confidence_floor: float = 0.0,
) -> list[tuple[float, SuggestRow]]:
    """What the voters of the tips not answered at once would be offered at other suggest thresholds: the
    first `SUGGESTIONS` candidates when the top pair scores at least t, or the confidence is at least
    `min_confidence` with the top pair scoring at least `confidence_floor`. (Auto answers are kept as
    decided; they need the configured suggest threshold too, which confident pairs pass anyway.)"""
    return [(t, _offers(queries, qrels, results, t, min_confidence, confidence_floor)) for t in thresholds]


def suggest_confidence_sweep(
    queries: Sequence[Query],
    qrels: dict[str, set[str]],
    results: dict[str, MatchResult],
    thresholds: Sequence[float],
    min_score: float,
    confidence_floor: float = 0.0,
) -> list[tuple[float, SuggestRow]]:
    """The same with the top pair's score threshold fixed at `min_score` and the confidence one at each t."""
    return [(t, _offers(queries, qrels, results, min_score, t, confidence_floor)) for t in thresholds]


def _offers(
    queries: Sequence[Query],
    qrels: dict[str, set[str]],
    results: dict[str, MatchResult],
    min_score: float,
    min_confidence: float,
    confidence_floor: float,
) -> SuggestRow:
    row = SuggestRow(0, 0, 0, 0, 0)
    for query in queries:
        result = results[query.id]
        if result.decision == "auto" or result.reason in NOT_MATCHED or not result.candidates:
            continue
        relevant = qrels.get(query.id, set())
        urls = [c.url for c in result.candidates][:SUGGESTIONS]
        top = result.candidates[0].score
        confident = (result.confidence or 0.0) >= min_confidence and top >= confidence_floor
        if top < min_score and not confident:
            row.right_first_hidden += urls[0] in relevant
            continue
        row.shown += 1
        row.right += bool(relevant & set(urls))
        row.none_right += bool(relevant) and not relevant & set(urls)
        row.new_claims += not relevant
    return row


def percentile_ms(seconds: Sequence[float], q: float) -> float:
    return float(np.percentile(np.array(seconds) * 1000.0, q)) if seconds else 0.0
