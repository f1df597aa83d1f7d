"""The quick forms of two normalisation steps give what the plain per-character and per-position ones gave."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.matching.helpers import OTHER_LANGUAGES, labelled_records
from tipline.matching import normalize as normalize_module
from tipline.matching.normalize import _strip_symbols, spell_out_digits

AWKWARD = [
    "Th\u2060e A\u2060nti\u2060mon\u2060opo\u2060ly",  # word joiners inside words
    "KPU 🙂🙏 curang!!! ^_^ `kode`",  # emoji, and the two ASCII symbols (^ and `)
    "x\ue000y \U000f0000 \ud800",  # private use, a lone surrogate
    "\u200fمرحبا\u200e 選舉 ①②",  # direction marks, other scripts, circled digits
    "J0K0WI PENJAR4 covid19 g20 5g _a1_ x9y9 1a résumé2 ٣a pilpres2024 0812-3456",
]


def per_character(text: str) -> str:
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        out.append("" if category == "Cf" else " " if category in ("So", "Sk", "Co", "Cs") else ch)
    return "".join(out)


EVERY_START = re.compile(r"[^\W_]*(?:[^\W\d_][0-9]|[0-9][^\W\d_])[^\W_]*")


def texts() -> list[str]:
    records = labelled_records() + labelled_records(OTHER_LANGUAGES)
    return [t for r in records for t in (r.claim_reviewed, r.headline or "", r.review_body or "")] + AWKWARD


@pytest.mark.parametrize("limit", [0, 100_000])
def test_symbols_read_as_each_character_was(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    # limit 0: past the characters remembered, each is still read right.
    monkeypatch.setattr(normalize_module, "_SYMBOLS", normalize_module._SymbolsAsSpaces())
    monkeypatch.setattr(normalize_module._SymbolsAsSpaces, "LIMIT", limit)
    for text in texts():
        assert _strip_symbols(text) == per_character(text)
    assert len(normalize_module._SYMBOLS) == (0 if limit == 0 else len(set("".join(texts()))))


def test_digits_spelled_out_as_when_tried_at_every_position() -> None:
    for text in texts():
        assert spell_out_digits(text) == EVERY_START.sub(normalize_module._letters_for_digits, text)
    assert spell_out_digits("J0K0WI masuk PENJAR4") == "JOKOWI masuk PENJARA"
