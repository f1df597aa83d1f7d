"""How much worse matching gets when a set's tips are written the way voters type them.

    .venv/bin/python bench/voter_noise.py --set ../shared/eval/id-turnbackhoax-2024 [--queries 1200]

An evaluation set's tips are usually copied from fact-check articles: clean, well spelled. Voters' own
messages are not. Each kind of noise below is applied, on its own and then all together, to every
`len/queries`-th tip (seeded by the tip's id, so every run sees the same noisy text), and the figures of
`tipline eval` are printed next to the clean tips' in the same run:

- lower:  the whole message in lower case (or, for one tip in four, in capitals);
- typos:  one slip of the finger in about one word of six that has five letters or more (a letter dropped,
          doubled, swapped with the next, or replaced by a key next to it);
- slang:  common Indonesian chat abbreviations (`yg`, `gak`, `udh`, `krn`, `dgn`, `jg`, `skrg`, `org`...);
- chain:  the wrapping of a forwarded chain message (formatting marks, emoji, "sebarkan!", "dari grup
          sebelah");
- buried: the tip as one paragraph of a long chain letter, two to four sentences of greetings and provenance
          before it and of pleas to share after it (not part of "all");
- asked:  the voter's own question to the tipline before or after the forwarded text ("Min, ini bener
          gak?", "ini hoax bukan sih?"); not part of "all", which is the four kinds above;
- unseen: the same with 48 questions, by two writers, the matcher's question words were not fitted to.

Nothing from the set is written to disk except the tips' vectors in the eval's embedding cache.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from voter_noise_texts import (
    ABBREVIATIONS,
    CLOSERS,
    CLOSINGS,
    KEYBOARD,
    OPENERS,
    PREAMBLES,
    QUESTIONS,
    UNSEEN_QUESTIONS,
)

from tipline.matching.commands import scratch_set
from tipline.matching.evaluation import Query, read_qrels, read_queries, score
from tipline.matching.types import MatchResult
from tipline.settings import Settings


def lower(text: str, rng: random.Random) -> str:
    return text.upper() if rng.random() < 0.25 else text.lower()


def _neighbour(letter: str, rng: random.Random) -> str:
    for row in KEYBOARD:
        at = row.find(letter.lower())
        if at >= 0:
            near = [row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)]
            return rng.choice(near)
    return letter


def _slip(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1 :]
    if kind == 1:
        return word[:at] + word[at] + word[at:]
    if kind == 2:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + _neighbour(word[at], rng) + word[at + 1 :]


def typos(text: str, rng: random.Random) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        return _slip(word, rng) if len(word) >= 5 and rng.random() < 1 / 6 else word

    return re.sub(r"[^\W\d_]+", one, text)


def slang(text: str, rng: random.Random) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        short = ABBREVIATIONS.get(word.lower())
        if not short or rng.random() < 0.2:
            return word
        choice = rng.choice(short)
        return choice.upper() if word.isupper() and len(word) > 1 else choice

    return re.sub(r"[^\W\d_]+", one, text)


# How Jakarta chat says what a hoax writes formally, by its own rules (not content/matching/slang.tsv's list):
# -kan verbs as -in (disebarkan -> disebarin, mengumumkan -> ngumumin, membatalkan -> batalin) and a few
# everyday words as spoken.
SPOKEN = {
    "dapat": "dapet",
    "datang": "dateng",
    "dengar": "denger",
    "sampai": "sampe",
    "nanti": "ntar",
    "benar": "bener",
    "kemarin": "kemaren",
    "tetap": "tetep",
    "teman": "temen",
    "pakai": "pake",
    "lihat": "liat",
    "habis": "abis",
    "ingin": "pengen",
    "tidak tahu": "gatau",
    "tidak usah": "gausah",
    "tidak bisa": "gabisa",
}
_SPOKEN_WORDS = "|".join(sorted(SPOKEN, key=len, reverse=True))
_SPOKEN = re.compile(r"(?<!\w)(" + _SPOKEN_WORDS + r")(?!\w)", re.IGNORECASE)
_KAN_VERBS = [
    (re.compile(r"^di(\w{3,})kan$"), r"di\1in"),
    (re.compile(r"^meng([aeiou]\w{2,})kan$"), r"ng\1in"),
    (re.compile(r"^meny([aeiou]\w{2,})kan$"), r"ny\1in"),
    (re.compile(r"^mem(\w{3,})kan$"), r"\1in"),
    (re.compile(r"^(?!ke|pe|me|di)(\w{3,})kan$"), r"\1in"),
]


def colloquial(text: str, rng: random.Random) -> str:
    def verb(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() < 0.2:
            return word
        for pattern, spoken in _KAN_VERBS:
            if pattern.match(word.lower()):
                return pattern.sub(spoken, word.lower())
        return word

    spoken = _SPOKEN.sub(lambda m: m.group(0) if rng.random() < 0.2 else SPOKEN[m.group(0).lower()], text)
    return re.sub(r"[^\W\d_]+", verb, spoken)


def chain(text: str, rng: random.Random) -> str:
    return f"{rng.choice(OPENERS)}\n\n{text}\n\n{rng.choice(CLOSERS)}"


def buried(text: str, rng: random.Random) -> str:
    """The claim as one paragraph inside a long chain letter's prose, before and after it."""
    before = " ".join(rng.sample(PREAMBLES, rng.randint(2, 4)))
    after = " ".join(rng.sample(CLOSINGS, rng.randint(2, 4)))
    return f"{before}\n\n{text}\n\n{after}"


def asked(text: str, rng: random.Random, questions: list[str] = QUESTIONS) -> str:
    question = rng.choice(questions)
    return f"{question}\n{text}" if rng.random() < 0.5 else f"{text}\n\n{question}"


def asked_unseen(text: str, rng: random.Random) -> str:
    return asked(text, rng, UNSEEN_QUESTIONS)


def everything(text: str, rng: random.Random) -> str:
    return chain(typos(slang(lower(text, rng), rng), rng), rng)


NOISE: dict[str, Callable[[str, random.Random], str]] = {
    "clean": lambda text, rng: text,
    "lower": lower,
    "typos": typos,
    "slang": slang,
    "colloquial": colloquial,
    "chain": chain,
    "buried": buried,
    "asked": asked,
    "unseen": asked_unseen,
    "all": everything,
}


def noisy(queries: list[Query], kind: str) -> list[Query]:
    return [Query(q.id, NOISE[kind](q.text, random.Random(f"{kind}:{q.id}")), q.language) for q in queries]


def noisy_sample(
    set_dir: Path, how_many: int, kinds: list[str]
) -> tuple[int, list[Query], dict[str, set[str]], dict[str, list[Query]]]:
    """A set's size, every n-th of its tips (at most `how_many`), its qrels, and each noise on them."""
    every = read_queries(set_dir / "queries.jsonl")
    queries = every[:: max(1, len(every) // how_many)][:how_many]
    return (
        len(every),
        queries,
        read_qrels(set_dir / "qrels.tsv"),
        {kind: noisy(queries, kind) for kind in kinds},
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", required=True, type=Path, help="a set in the exchange format")
    parser.add_argument("--queries", type=int, default=1200, help="how many of its tips (every n-th)")
    parser.add_argument("--kinds", nargs="+", default=list(NOISE), choices=list(NOISE))
    args = parser.parse_args()
    size, queries, qrels, variants = noisy_sample(args.set, args.queries, args.kinds)
    tips = [q.text for variant in variants.values() for q in variant]
    with scratch_set(Settings(), args.set, tips=tips) as scratch:
        baseline = None
        print(f"set {args.set.name}: {len(queries)} of its {size} tips")
        for kind, variant in variants.items():
            started = time.perf_counter()
            results: dict[str, MatchResult] = {
                q.id: scratch.service.match_text(q.text, language_hint=q.language) for q in variant
            }
            s = score(variant, qrels, results)
            baseline = baseline or s
            map_ratio = s.map5 / max(baseline.map5, 1e-9)
            auto_ratio = s.auto_coverage / max(baseline.auto_coverage, 1e-9)
            print(
                f"{kind:<6} MAP@5 {s.map5:.3f} (x{map_ratio:.3f})  P@1 {s.p1:.3f}  R@5 {s.r5:.3f}  "
                f"auto precision {s.auto_precision:.3f}  auto coverage {s.auto_coverage:.3f} "
                f"(x{auto_ratio:.3f})  "
                f"false-auto {s.false_auto:.3f}  [{time.perf_counter() - started:.0f} s]",
                flush=True,
            )


if __name__ == "__main__":
    main()
