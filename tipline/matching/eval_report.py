"""What `tipline eval` prints: accuracy, speed, figures per tip language, and the threshold sweeps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tipline.matching.evaluation import (
    Query,
    SuggestRow,
    percentile_ms,
    score,
    suggest_confidence_sweep,
    suggest_sweep,
    threshold_sweep,
)
from tipline.matching.types import MatchResult
from tipline.settings import Settings


def _age_line(settings: Settings, as_of: date | None, results: dict[str, MatchResult]) -> str:
    withheld = sum(r.reason == "old_debunk" for r in results.values())
    day = (
        f"{as_of.isoformat()}, the newest datePublished in the set"
        if as_of
        else "today (no dates in the set)"
    )
    other_names = sum(r.reason == "other_names" for r in results.values())
    denials = sum(r.reason == "denies_claim" for r in results.values())
    small = sum(r.reason == "small_index" for r in results.values())
    return (
        f"debunk age judged as of {day}: {withheld} confident answers suggested instead of auto, "
        f"their debunk older than MATCH_MAX_AUTO_AGE_DAYS={settings.match_max_auto_age_days}; "
        f"{other_names} for naming another person, place or number than the debunk's claim, "
        f"{denials} for denying it, {small} for a pair score under "
        f"MATCH_SMALL_INDEX_MIN_SCORE={settings.match_small_index_min_score} among fewer than "
        f"MATCH_SMALL_INDEX_DEBUNKS={settings.match_small_index_debunks} debunks"
    )


def _language_lines(
    queries: list[Query], qrels: dict[str, set[str]], results: dict[str, MatchResult]
) -> list[str]:
    """The figures per detected tip language: a language the matcher handles badly is not averaged away."""
    groups: dict[str, list[Query]] = {}
    for query in queries:
        groups.setdefault(results[query.id].language or "?", []).append(query)
    if len(groups) < 2:
        return []
    lines = ["by detected tip language:"]
    for language, group in sorted(groups.items(), key=lambda item: -len(item[1])):
        s = score(group, qrels, results)
        tips = "tips" if len(group) != 1 else "tip "
        lines.append(
            f"  {language:<3} {len(group):>6} {tips} ({s.answerable} answerable)  MAP@5 {s.map5:.3f}  "
            f"P@1 {s.p1:.3f}  auto precision {s.auto_precision:.3f}  auto coverage {s.auto_coverage:.3f}  "
            f"false-auto {s.false_auto:.3f}"
        )
    return lines


def print_report(
    settings: Settings,
    set_dir: Path,
    left_out: int,
    queries: list[Query],
    qrels: dict[str, set[str]],
    results: dict[str, MatchResult],
    imported: int,
    problems: int,
    import_seconds: float,
    build_seconds: float,
    timings: list[float],
    repeats: tuple[list[float], list[float]],  # the same texts again; copies with an emoji added
    as_of: date | None,
) -> None:
    s = score(queries, qrels, results)
    mode = f"lexical + semantic ({settings.match_embedder})" if settings.match_semantic else "lexical only"
    held = f" (--new-claims: {left_out} left out, their queries count as unanswerable)" if left_out else ""
    lines = [
        f"set {set_dir.name}: {imported} debunks{held} ({problems} problems), {len(queries)} queries, "
        f"{s.answerable} answerable, {s.unanswerable} without a relevant debunk; matching: {mode}",
        f"MAP@5 {s.map5:.3f}  P@1 {s.p1:.3f}  Recall@5 {s.r5:.3f}",
        f"at auto threshold {settings.match_auto_threshold:g}: auto precision {s.auto_precision:.3f}  "
        f"auto coverage {s.auto_coverage:.3f}  false-auto {s.false_auto:.3f}  (suggest {s.suggest_share:.3f} "
        f"of queries at suggest threshold {settings.match_suggest_threshold:.2f})",
        f"import: {imported / max(import_seconds, 1e-9):.0f} debunks/s ({import_seconds:.1f} s, embeddings "
        f"included, vectors cached on disk by text hash); index build {build_seconds:.2f} s",
        f"novel tips ({len(timings)} timed, tip embedded, not cached): "
        f"{len(timings) / max(sum(timings), 1e-9):.1f}/s  p50 {percentile_ms(timings, 50):.1f} ms  "
        f"p99 {percentile_ms(timings, 99):.1f} ms",
        f"repeated tips: p50 {percentile_ms(repeats[0], 50):.3f} ms  "
        f"p99 {percentile_ms(repeats[0], 99):.3f} ms; a copy with an emoji added: "
        f"p50 {percentile_ms(repeats[1], 50):.3f} ms  p99 {percentile_ms(repeats[1], 99):.3f} ms",
        _age_line(settings, as_of, results),
        *_language_lines(queries, qrels, results),
        "threshold sweep (confidence >= t -> auto, safeguards kept):",
    ]
    for t, row in threshold_sweep(
        queries,
        qrels,
        results,
        [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.982, 0.983, 0.985, 0.99],
        settings.match_suggest_threshold,
    ):
        lines.append(
            f"  t={t:<5g} auto precision {row.auto_precision:.3f}  auto coverage {row.auto_coverage:.3f}  "
            f"false-auto {row.false_auto:.3f}"
        )
    min_score, min_confidence = settings.match_suggest_threshold, settings.match_suggest_confidence
    floor = settings.match_suggest_confidence_min_score
    lines.append(
        "suggest sweep (not answered at once, top pair score >= t, or confidence >= "
        f"{min_confidence:g} with a score >= {floor:g} -> the first three offered; per query):"
    )
    n = max(len(queries), 1)
    by_score = suggest_sweep(
        queries, qrels, results, [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5], min_confidence, floor
    )
    lines.extend(_offer_line(t, offered, n) for t, offered in by_score)
    lines.append(
        f"suggest sweep by confidence (not answered at once, top pair score >= {min_score:g}, or confidence "
        f">= t with a score >= {floor:g} -> the first three offered; per query):"
    )
    by_confidence = suggest_confidence_sweep(
        queries, qrels, results, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01], min_score, floor
    )
    lines.extend(_offer_line(t, offered, n) for t, offered in by_confidence)
    print("\n".join(lines))


def _offer_line(t: float, offered: SuggestRow, n: int) -> str:
    return (
        f"  t={t:<4g} offered {offered.shown / n:.3f}: a right one among them {offered.right / n:.3f}, "
        f"none right {offered.none_right / n:.3f}, no debunk exists {offered.new_claims / n:.3f}; "
        f"right first but not offered {offered.right_first_hidden / n:.3f}"
    )
