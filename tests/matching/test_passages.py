"""A claim buried in a long chain letter: matched on its own sentence as well as in the whole message."""

from __future__ import annotations

from tests.matching.helpers import AFTER, BEFORE, lexical_matcher
from tipline.matching.normalize import NormalizedText, content_words, normalize
from tipline.matching.passages import (
    better,
    densest_sentence,
    in_its_own_language,
    in_language,
    sentences,
    without_edge,
)
from tipline.matching.types import Candidate, MatchResult

CLAIM = "Server KPU berada di Singapura dan sudah diatur untuk memenangkan satu pasangan."


def test_a_claim_inside_a_long_letter_is_answered_as_the_claim_alone_is() -> None:
    matcher = lexical_matcher()
    letter = f"{BEFORE}\n\n{CLAIM}\n\n{AFTER}"
    alone = matcher.match(CLAIM)
    assert alone.decision == "auto" and alone.candidates[0].url.endswith("server-kpu-singapura")
    # Read whole, the letter's greetings and pleas outweigh the claim: the right debunk, but only suggested.
    whole = matcher.match_reading(letter, normalize(letter), None)
    assert whole.decision == "suggest" and whole.candidates[0].url.endswith("server-kpu-singapura")
    result = matcher.match(letter)
    assert result.decision == "auto"
    assert [c.url for c in result.candidates[1:]] == [c.url for c in whole.candidates[1:]]
    assert result.normalized_text == whole.normalized_text


def test_only_a_long_tip_is_read_sentence_by_sentence() -> None:
    matcher = lexical_matcher()
    assert densest_sentence(matcher, CLAIM, len(content_words(normalize(CLAIM).words))) is None
    letter = f"{BEFORE} {CLAIM} {AFTER}"
    assert densest_sentence(matcher, letter, len(content_words(normalize(letter).words))) == CLAIM


def result(decision: str, *debunk_ids: int, score: float = 0.5) -> MatchResult:
    candidates = [Candidate(i, f"https://cekfakta.example/{i}", score) for i in debunk_ids]
    return MatchResult(decision, candidates, "whole text", "id")


def test_the_sentence_speaks_only_for_the_debunk_the_whole_message_put_first() -> None:
    whole = result("suggest", 1, 2, 3, score=0.4)
    # A side remark of the letter that is sure of another debunk: the whole message's answer stands.
    assert better(whole, result("auto", 2, 1, score=0.99)) is whole
    # The same debunk first, more sure: the sentence's decision, the whole message's ranking and text.
    agreed = better(whole, result("auto", 1, 5, score=0.99))
    assert agreed.decision == "auto"
    assert [c.debunk_id for c in agreed.candidates] == [1, 2, 3]
    assert agreed.candidates[0].score == 0.99 and agreed.normalized_text == "whole text"
    # Deciding no more than the whole message: nothing changes.
    assert better(whole, result("suggest", 1, score=0.9)) is whole


def test_a_letters_headings_end_at_their_colons() -> None:
    # Forged letters and job ads run their fields together: each field is read as a sentence of its own.
    letter = "Nomor : 029/HRD/2024 Perihal : Undangan wawancara kerja Kepada : Yth. Bapak/Ibu calon pegawai"
    assert sentences(letter) == [
        "Nomor :",
        "029/HRD/2024 Perihal :",
        "Undangan wawancara kerja Kepada :",
        "Yth.",
        "Bapak/Ibu calon pegawai",
    ]
    assert sentences("Jam 07:30 https://kpu.go.id/info") == ["Jam 07:30 https://kpu.go.id/info"]


FRAMING = (
    "Assalamualaikum, maaf nak admin, ibu dapat kiriman ini dari grup pengajian. Apa betul ini? Ibu jadi "
    "takut mau keluar rumah."
)


def test_a_voters_own_lines_around_a_forward_do_not_hold_back_its_answer() -> None:
    matcher = lexical_matcher()
    asked = "Ibu dapat kiriman ini dari grup pengajian, apa betul ini?"
    # A line of nothing but asking words is left out by every reading: the edge to go is past it.
    for tip in (
        f"{FRAMING}\n{CLAIM}",
        f"{CLAIM}\n\n{FRAMING}",
        f"{asked} {CLAIM}",
        f"Cek dong\n{FRAMING}\n{CLAIM}",
    ):
        whole = matcher.match_reading(tip, normalize(tip), None)
        assert whole.decision == "suggest" and whole.candidates[0].url.endswith("server-kpu-singapura")
        result = matcher.match(tip)
        assert result.decision == "auto", tip
        assert result.candidates[0].url.endswith("server-kpu-singapura")
        assert result.normalized_text == whole.normalized_text


def test_only_an_edge_that_is_not_about_the_answer_is_left_out() -> None:
    matcher = lexical_matcher()
    top = next(i for i, doc in enumerate(matcher.docs) if doc.url.endswith("server-kpu-singapura"))
    assert without_edge(matcher, f"{FRAMING}\n{CLAIM}", top) == CLAIM
    assert without_edge(matcher, f"{CLAIM} {FRAMING}", top) is not None
    # Both halves of the claim are about its debunk: neither is read without the other.
    halves = "Server KPU berada di Singapura.\nSudah diatur untuk memenangkan satu pasangan di pilpres."
    assert without_edge(matcher, halves, top) is None
    # What would be left is too short to answer for the message, or less about the answer than the edge.
    assert without_edge(matcher, f"{FRAMING}\nServer KPU curang", top) is None
    assert without_edge(matcher, f"{FRAMING} {CLAIM}", top) is not None
    assert without_edge(matcher, CLAIM, top) is None


def test_an_initials_point_ends_no_sentence() -> None:
    assert sentences("Killed by a U.S. airstrike in Yemen. Joko W. Widodo said so") == [
        "Killed by a U.S. airstrike in Yemen.",
        "Joko W. Widodo said so",
    ]
    assert sentences("Suhu antara 40 dan 50 °C. Minum air putih") == [
        "Suhu antara 40 dan 50 °C.",
        "Minum air putih",
    ]


def test_a_message_is_read_again_without_an_edge_only_when_it_has_one_that_is_not_about_the_answer() -> None:
    matcher = lexical_matcher()
    readings: list[str] = []
    read = matcher.match_reading

    def counted(text: str, norm: NormalizedText, language_hint: str | None) -> MatchResult:
        readings.append(text)
        return read(text, norm, language_hint)

    matcher.match_reading = counted  # type: ignore[method-assign]
    matcher.match(f"{FRAMING}\n{CLAIM}")
    assert readings == [f"{FRAMING}\n{CLAIM}", CLAIM]
    one_sentence = "Katanya server KPU ada di Singapura dan diatur untuk memenangkan satu pasangan"
    assert matcher.match(one_sentence).decision == "suggest"
    assert readings[2:] == [one_sentence]


def test_the_part_in_another_language_runs_from_its_first_to_its_last_sentence_with_short_ones_around() -> (
    None
):
    units = [
        "Selamat pagi bapak ibu semua, semoga sehat selalu dan dilancarkan rezekinya.",
        "Of course we should have captured him long before we did.",
        "We paid them billions of dollars and they never told us where he was living.",
        "Fools!..",
        "— Donald J. Trump (@realDonaldTrump)",
        "Semoga Allah melindungi bangsa dan negara kita, aamiin ya rabbal alamin.",
    ]
    assert in_language(lexical_matcher(), units, "en") == units[1:5]
    assert in_language(lexical_matcher(), units, "id") == units
    assert in_language(lexical_matcher(), units[:1], "en") == []


def test_a_part_in_another_language_speaks_alone_only_for_a_debunk_in_its_own_language() -> None:
    matcher = lexical_matcher()
    english = "Foreign nationals were given Indonesian ID cards and allowed to vote in the 2024 election."
    letter = f"{BEFORE}\n\n{english}\n\n{AFTER}"
    whole = matcher.match_reading(letter, normalize(letter), None)
    part = matcher.match_reading(english, normalize(english), None)
    found = in_its_own_language(matcher, letter, whole, part, None)
    assert found is not None
    text, reading = found
    assert text == english and reading.candidates[0].url.endswith("foreign-voters")
    assert (reading.language, reading.normalized_text) == (whole.language, whole.normalized_text)
    # An English title quoted in an Indonesian post whose only debunks are Indonesian: no part speaks alone.
    quoted = "The ink contains pork fat, so it is haram for Muslims: a new paper says so."
    post = f"{BEFORE}\n\n{quoted}\n\n{AFTER}"
    whole = matcher.match_reading(post, normalize(post), None)
    part = matcher.match_reading(quoted, normalize(quoted), None)
    assert in_its_own_language(matcher, post, whole, part, None) is None
