"""Typos corrected towards the debunks' words, so a hurried voter still gets the verdict at once."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from tests.matching.helpers import lexical_matcher
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize
from tipline.matching.spelling import Speller, edits1, likely_slip

SPELLER = Speller({"pemilu": 40, "kecurangan": 12, "ditunda": 9, "tinta": 7, "kertas": 3, "kerras": 1})


def test_one_slip_of_the_finger_is_one_edit() -> None:
    assert {"pemilu", "peilu", "pemilau", "pemmilu", "pemulu"} <= edits1("pmeilu") | edits1("pemilu")
    assert "pemilu" in edits1("pmeilu")  # two neighbours swapped
    assert "pemilu" in edits1("pemiluu")  # a letter doubled
    assert "pemilu" in edits1("pemlu")  # a letter dropped
    assert "pemilu" in edits1("pemiku")  # the key next to it


def test_unknown_words_become_the_most_used_debunk_word_one_edit_away() -> None:
    assert SPELLER.correct_words(("pmeilu", "ditundaa", "kecurnagan")) == ("pemilu", "ditunda", "kecurangan")
    # kertas (3 debunks) beats kerras (1) for kertaas; a tie would go to the first in alphabetical order.
    assert SPELLER.correct("kertss") == "kertas"


@pytest.mark.parametrize(
    ("typed", "meant", "likely"),
    [
        ("garua", "garuda", True),  # a letter left out
        ("burhu", "buruh", True),  # two neighbours swapped
        ("tynggal", "tunggal", True),  # y is next to u
        ("ribuaan", "ribuan", True),  # a letter doubled
        ("pemiliu", "pemilu", True),  # i pressed beside u
        ("tynggal", "tanggal", False),  # a is far from y
        ("garua", "gara", False),  # an extra u beside r and a
        ("kertas", "kertas", False),
        ("pamiku", "pemilu", False),  # two letters wrong, not two neighbours swapped
    ],
)
def test_a_thumbs_slips_are_told_from_other_edits(typed: str, meant: str, likely: bool) -> None:
    assert likely_slip(typed, meant) is likely


def test_a_likely_slip_wins_among_words_used_about_as_much() -> None:
    speller = Speller({"gara": 5, "garuda": 3, "tanggal": 6, "tunggal": 2, "najwa": 25, "nata": 1})
    # tanggal (6) and tunggal (2 x 3) tie, and the slip wins the tie.
    assert speller.correct_words(("garua", "tynggal")) == ("garuda", "tunggal")
    # A word far more used still wins: natwa is najwa with a far key sooner than nata with a w pressed.
    assert speller.correct("natwa") == "najwa"


CHAT_SPELLER = Speller(
    dict.fromkeys(
        ["dibatalkan", "membatalkan", "mengumumkan", "menyebarkan", "menyebar", "mengaku", "dingin"], 3
    ),
    # The word lists hold the chat forms too: they must not shield them from the debunks' forms.
    frozenset({"nyebarin", "dingin", "kemarin"}),
)


@pytest.mark.parametrize(
    ("spoken", "formal"),
    [
        ("dibatalin", "dibatalkan"),
        ("batalin", "membatalkan"),
        ("ngumumin", "mengumumkan"),
        ("nyebarin", "menyebarkan"),
        ("nyebar", "menyebar"),
        ("ngaku", "mengaku"),
        # -in words that are no chat verb, or whose formal form no debunk uses, stay as they are.
        ("dingin", "dingin"),
        ("kemarin", "kemarin"),
        ("within", "within"),
        ("diumumin", "diumumin"),
    ],
)
def test_a_jakarta_chat_verb_becomes_the_form_a_debunk_writes(spoken: str, formal: str) -> None:
    assert CHAT_SPELLER.correct_words((spoken,)) == (formal,)


def test_known_short_and_far_words_are_left_alone() -> None:
    assert SPELLER.correct("kerras") == "kerras"  # a debunk uses it
    assert SPELLER.correct("tinta") == "tinta"
    assert SPELLER.correct("tnta") == "tnta"  # four letters: too many words are one edit apart
    assert SPELLER.correct("pemiiluu") == "pemiiluu"  # two edits
    assert SPELLER.correct("pemilu2") == "pemilu2"
    assert SPELLER.correct("пемилу") == "пемилу"


def test_a_short_word_only_loses_a_doubled_letter() -> None:
    speller = Speller({"sah": 4, "sih": 2, "tinta": 3}, frozenset({"saat"}))
    assert speller.correct_words(("sahh", "saat", "sahi", "tnta")) == ("sah", "saat", "sahi", "tnta")


def test_real_words_no_debunk_uses_are_not_typos() -> None:
    """With wordfreq's Indonesian and English lists (the default): sesat is not sesak, nor a wombat combat."""
    speller = Speller({"sesak": 5, "pemilik": 5, "combat": 5, "prabowo": 9, "koalisi": 4})
    assert speller.correct_words(("sesat", "pemilih", "wombat")) == ("sesat", "pemilih", "wombat")
    assert speller.correct_words(("prbowo", "kualisi")) == ("prabowo", "koalisi")


def test_a_tip_in_a_language_without_a_word_list_is_left_as_typed() -> None:
    """Spanish verbs are in neither list: quitar had become quita."""
    speller = Speller({"quita": 3, "pemilu": 3}, frozenset())
    assert speller.correct_words(("quitar",), "es") == ("quitar",)
    assert speller.correct_text("no quitar", ["quitar"], {"no": "nomor"}, "es") == "no quitar"
    assert speller.correct_words(("pmeilu",), "jv") == ("pemilu",)  # Javanese is matched as Indonesian
    assert speller.correct_words(("pmeilu",), None) == ("pemilu",)


def test_from_documents_counts_debunks_not_occurrences() -> None:
    speller = Speller.from_documents([["pemilu", "pemilu", "tunda"], ["pemilu"]])
    assert speller.counts == {"pemilu": 2, "tunda": 1}


def test_a_tip_typed_in_a_hurry_scores_its_debunk_as_the_careful_tip_does() -> None:
    matcher = lexical_matcher()
    careful = matcher.match("tinta pemilu mengandung babi jadi haram buat umat islam")
    hurried = matcher.match("tinta pemliu mengandnug babi jadi haramm buat umat islam")
    assert careful.candidates[0].url.endswith("tinta-haram")
    assert hurried.candidates[0] == careful.candidates[0]
    assert hurried.confidence == careful.confidence
    # Without the correction every misspelt word counts as one no debunk has ever used.
    uncorrected = copy.copy(matcher)
    uncorrected.speller = Speller({})
    mistyped = uncorrected.match("tinta pemliu mengandnug babi jadi haramm buat umat islam")
    assert mistyped.candidates[0].score < careful.candidates[0].score


class RecordingEmbedder:
    name = "recording"

    def __init__(self) -> None:
        self.read: list[str] = []

    def query(self, texts: list[str]) -> np.ndarray:
        self.read.extend(texts)
        return np.tile(np.array([1.0, 0.0], np.float32), (len(texts), 1))

    def passage(self, texts: list[str]) -> np.ndarray:
        return self.query(texts)


def test_the_embedder_reads_the_tip_corrected_in_the_case_it_was_typed_and_unwrapped() -> None:
    doc = DebunkDoc(1, "https://cekfakta.example/tinta", "Tinta pemilu mengandung babi", language="id")
    embedder = RecordingEmbedder()
    matcher = Matcher(
        [doc], embedder=embedder, vectors=np.array([[1.0, 0.0]], np.float32), vector_owners=np.array([0])
    )
    text = "Forwarded many times\nTINTA PEMLIU mengandnug babi?? Yg bener aja 😱 sebarkan"
    matcher.query_vector(text, normalize(text))
    # Chat spellings written out too: e5 had read "jdi" and "yg" as words of their own.
    assert embedder.read == ["TINTA PEMILU mengandung babi?? Yang benar saja"]


def test_a_word_is_corrected_once_then_remembered_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    speller = Speller({"pemilu": 40, "tinta": 7})
    calls: list[str] = []
    original = Speller._correct

    def counted(self: Speller, word: str) -> str:
        calls.append(word)
        return original(self, word)

    monkeypatch.setattr(Speller, "_correct", counted)
    assert [speller.correct("pmeilu") for _ in range(3)] == ["pemilu"] * 3
    assert speller.correct("tintaa") == "tinta"
    assert calls == ["pmeilu", "tintaa"]  # known debunk words are not even looked up
    speller.forget()
    assert speller.correct("pmeilu") == "pemilu" and calls[-1] == "pmeilu"
    monkeypatch.setattr("tipline.matching.spelling.CORRECTIONS_KEPT", 2)
    for typo in ("pemiluu", "pemlu", "tintta"):
        speller.correct(typo)
    assert len(speller._corrected) <= 2
