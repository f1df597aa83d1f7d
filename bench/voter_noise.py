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

from tipline.matching.commands import scratch_set
from tipline.matching.evaluation import Query, read_qrels, read_queries, score
from tipline.matching.types import MatchResult
from tipline.settings import Settings

# Not taken from content/matching/slang.tsv on purpose: a lexicon gap shows up here as a loss.
ABBREVIATIONS = {
    "yang": ["yg", "yng"],
    "tidak": ["gak", "ga", "tdk", "nggak"],
    "sudah": ["udh", "sdh", "udah"],
    "karena": ["krn", "karna"],
    "dengan": ["dgn", "dg"],
    "untuk": ["utk", "buat"],
    "juga": ["jg"],
    "sekarang": ["skrg", "skrng"],
    "orang": ["org"],
    "dari": ["dr"],
    "tapi": ["tp"],
    "belum": ["blm"],
    "bisa": ["bs", "bisa"],
    "harus": ["hrs"],
    "jangan": ["jgn"],
    "saja": ["aja", "aj"],
    "sama": ["sm"],
    "banyak": ["byk", "bnyk"],
    "kalau": ["klo", "kalo"],
    "lagi": ["lg"],
    "bagaimana": ["gmn", "gimana"],
    "tahu": ["tau"],
    "semua": ["smua"],
    "seperti": ["spt", "kyk"],
    "akan": ["akn"],
    "hanya": ["cm", "cuma"],
    "dan": ["dn", "&"],
    "ini": ["ni"],
    "itu": ["tu"],
    "apa": ["ap"],
    "mereka": ["mrk"],
    "pemerintah": ["pemrth", "pemerintah"],
    "masyarakat": ["masy", "masyarakat"],
    "tanggal": ["tgl"],
    "nomor": ["no"],
    "presiden": ["presiden", "pres"],
}
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
OPENERS = ["*PENTING!!*", "Forwarded many times", "dari grup sebelah 👇", "‼️ INFO A1 ‼️", "_copas dari grup_"]
CLOSERS = ["sebarkan!!! 🙏🙏", "viralkan sebelum dihapus 😱", "tolong share ke keluarga", "🔥🔥🔥"]
QUESTIONS = [
    "Min, ini bener gak?",
    "kak tolong dicek ya 🙏",
    "ini hoax bukan sih?",
    "Mau tanya min, benarkah info ini?",
    "bener ga sih min??",
    "Is this true?",
]

# Written for this bench, after content/matching/questions.txt was, by someone who had not seen it, and not
# used to change it: how the question rule does on phrasings it was not fitted to (those it was fitted to are
# in tests/matching/test_questions.py).
UNSEEN_QUESTIONS = [
    "min ini bener ga sih?? 🙏",
    "Cek dong",
    (
        "Selamat siang Bapak/Ibu admin, mohon maaf mengganggu. Saya menerima pesan berikut dari grup "
        "pengajian, mohon dibantu apakah informasinya benar adanya. Terima kasih 🙏🙏"
    ),
    "Hi, is this true? Got it from my office group chat. Pls check 🙏",
    "wkwk ini hoax kan min?? soalnya bapak gw udh share ke 5 grup 😭😭",
    "Punten min, ieu leres teu nya? Abdi kenging ti grup kulawarga, sieun hoaks 🙏",
    "HOAX BUKAN INI???",
    (
        "Assalamualaikum, maaf nak admin, ibu dapat kiriman ini dari grup keluarga. Apa betul ini? Ibu jadi "
        "takut mau keluar rumah."
    ),
    "kak tlg dicek yaa, aku dpt dr grup kelas, takut nyebar info salah 🥺",
    "fake or not??",
    "Mas mbak, iki bener ora to? Aku oleh saka grup RT, wong-wong wis pada ribut 🙏",
    "anjir min ini beneran ga sih, di fyp gw bnyk yg bahas jir 💀 fr",
    "Valid ga nih min??",
    "Mohon konfirmasinya, apakah video di atas benar atau hasil editan? Terima kasih.",
    "Bang, ini beneran kagak sih? Aye dapet dari grup, pada ribut noh 😅",
    "min td pagi tetangga kirim ini, katanya udh viral. sy ragu krn sumbernya ga jelas. tolong cek ya",
    (
        "Good evening, could you kindly verify the message below? My parents keep forwarding it and I want to"
        " show them proof. Thank you."
    ),
    "Ini bener gak ya? kok serem bgt",
    "Uda admin, iko bana atau indak? Ambo dapek dari grup, cubo caliak an dulu 🙏",
    "min spill dong ini asli apa hoaks, gue udh keburu repost di story 😭🙏",
    (
        "Permisi, saya mau tanya. Pesan ini sudah beredar di banyak grup WA dan bikin resah warga. Apakah "
        "sudah pernah dicek kebenarannya?"
    ),
    "is this legit?? seems sus",
    "sumpah ini fakta apa fitnah sih min, grup alumni pd ribut gara2 ini 😤",
    (
        "Yth. Admin, mohon maaf saya sudah sepuh dan kurang paham soal internet. Pesan di bawah ini dikirim "
        "oleh cucu saya, apakah betul isinya? Terima kasih banyak."
    ),
    # A second writer's, also written after the list and not used to change it.
    "Ini bener gak sih?",
    (
        "Assalamualaikum wr wb. Mohon maaf mengganggu, saya dapat pesan ini dari grup keluarga. Apakah "
        "berita ini benar adanya?"
    ),
    "Is this true?",
    "Tolong dicek min",
    "Niki leres nopo mboten nggih? Kulo angsal saking grup keluarga.",
    (
        "Dapet dari grup kantor, udah banyak yang nerusin. Minta tolong dicek ya, biar saya bisa "
        "luruskan ke teman-teman."
    ),
    "Hoax bukan?",
    "wkwk ini beneran apa editan bang? videonya viral bgt di grup kelas",
    "Saya khawatir sekali, anak saya baru pertama kali milih. Apa benar seperti yang ditulis di pesan ini?",
    "Punten, ieu leres henteu? Sieun hoaks, abdi kenging ti grup.",
    "Kok bisa nyebar gini sih?? Capek lihat beginian tiap hari, tolong diluruskan!",
    "Got this from my family group chat, can someone verify before I share it?",
    "Selamat pagi, apakah foto ini asli? Mohon konfirmasinya.",
    "Cek fakta dong",
    "Ini boleh saya teruskan ke grup warga atau jangan dulu?",
    "Ini beneran kagak sih? Aye dapet dari grup tetangga, ngeri juga bacanya.",
    "Bingung, di grup satu bilang benar di grup lain bilang hoaks. Mana yang betul ya?",
    "Pesan berantai lagi nih, valid gak?",
    "Pls check this video, looks edited to me. My parents keep forwarding it.",
    "Shalom, saya terima ini dari teman. Apakah informasinya bisa dipercaya?",
    "Betul ji ini kah? Dapat ka dari grup keluarga, takut ka salah sebar i.",
    "Bapak/Ibu admin yth, mohon dibantu verifikasi berita di atas. Terima kasih.",
    "Berita ini bikin panik ibu-ibu pengajian. Benar atau tidak ya?",
    "Asli?",
]


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
    "asked": asked,
    "unseen": asked_unseen,
    "all": everything,
}


def noisy(queries: list[Query], kind: str) -> list[Query]:
    return [Query(q.id, NOISE[kind](q.text, random.Random(f"{kind}:{q.id}")), q.language) for q in queries]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", required=True, type=Path, help="a set in the exchange format")
    parser.add_argument("--queries", type=int, default=1200, help="how many of its tips (every n-th)")
    parser.add_argument("--kinds", nargs="+", default=list(NOISE), choices=list(NOISE))
    args = parser.parse_args()
    every = read_queries(args.set / "queries.jsonl")
    queries = every[:: max(1, len(every) // args.queries)][: args.queries]
    qrels = read_qrels(args.set / "qrels.tsv")
    variants = {kind: noisy(queries, kind) for kind in args.kinds}
    tips = [q.text for variant in variants.values() for q in variant]
    with scratch_set(Settings(), args.set, tips=tips) as scratch:
        baseline = None
        print(f"set {args.set.name}: {len(queries)} of its {len(every)} tips")
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
