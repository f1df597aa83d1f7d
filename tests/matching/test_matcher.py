"""The in-memory matcher on the project's seed-like debunks: voter-style variants and the safeguards."""

from __future__ import annotations

from datetime import date

import pytest

from tests.matching.helpers import labelled_docs, lexical_matcher
from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher

ALWAYS_AUTO = Policy(
    auto_threshold=0.0, suggest_threshold=0.0, min_auto_words=4, max_auto_age_days=730, today=date(2024, 3, 1)
)


@pytest.mark.parametrize(
    ("tip", "slug"),
    [
        ("*INFO!!* pemilu DITUNDA krn anggaran KPU udh abis 😱 sebarkan", "pemilu-ditunda"),
        ("tinta pemiluu ada babinya, haraaam bgt", "tinta-haram"),
        ("bisa nyoblos 2x pake e-KTP sama suket lho", "coblos-dua-kali"),
        ("yg gak milih paslon itu bansosnya dicabut", "bansos-coblos"),
        ("server KPU di singapura udh disetting menangin paslon", "server-kpu-singapura"),
        ("petugas KPPS meninggal krn diracunn", "petugas-kpps-meninggal-racun"),
        ("coblos semua paslon tetep sah kok", "coblos-semua-sah"),
        # The debunk says "Rp600.000" and "Rp600 Ribu"; the voter writes only 600rb.
        ("ada yg udh dapet 600rb?", "uang-pemilih-600-ribu"),
        # Word joiners hidden inside every word, as scam chains do to slip past filters.
        ("ser\u2060ver K\u2060P\u2060U di sing\u2060apura", "server-kpu-singapura"),
    ],
)
def test_voter_style_variants_find_the_right_debunk_first(tip: str, slug: str) -> None:
    result = lexical_matcher().match(tip)
    assert result.candidates[0].url.endswith(slug)


def test_link_to_where_the_claim_appeared_matches_by_canonical_url() -> None:
    result = lexical_matcher().match("cek https://m.facebook.com/groups/123/posts/456?fbclid=zzz")
    assert result.candidates[0].url.endswith("gaji-asn-naik")
    assert result.candidates[0].score > 0.5


@pytest.mark.parametrize(
    ("tip", "slug"),
    [
        ("Bantuan sosial dicabutt bagi warga yang tidak memillih calon tertentu", "bansos-coblos"),
        ("Ratusan petugas KPPS menninggal karena diracunn", "petugas-kpps-meninggal-racun"),
    ],
)
def test_a_debunks_claim_copied_with_typos_is_answered_as_a_copy(tip: str, slug: str) -> None:
    result = lexical_matcher().match(tip)
    assert result.candidates[0].url.endswith(slug)
    assert result.decision == "auto"


def test_candidates_are_best_first_and_at_most_five() -> None:
    result = lexical_matcher().match("pemilu surat suara KPU coblos paslon TPS petugas")
    scores = [c.score for c in result.candidates]
    assert 1 < len(scores) <= 5
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("greeting", ["Halo min 🙏", "selamat pagi kak", "terima kasih", "menu", "", "   "])
def test_greetings_and_empty_messages_are_never_auto(greeting: str) -> None:
    result = lexical_matcher(ALWAYS_AUTO).match(greeting)
    assert result.decision == "none"
    assert result.candidates == []


def test_very_short_text_is_never_auto_even_when_it_matches() -> None:
    matcher = lexical_matcher(ALWAYS_AUTO)
    short = matcher.match("tinta babi haram")
    assert short.candidates[0].url.endswith("tinta-haram")
    assert (short.decision, short.reason) == ("suggest", "short_text")
    longer = matcher.match("tinta pemilu mengandung babi jadi haram buat umat islam")
    assert longer.decision == "auto"


def test_a_debunk_older_than_the_configured_age_is_not_auto() -> None:
    tip = "tujuh kontainer surat suara sudah dicoblos tiba di pelabuhan Tanjung Priok"
    old = lexical_matcher(ALWAYS_AUTO).match(tip)
    assert old.candidates[0].url.endswith("surat-suara-tujuh-kontainer")
    assert (old.decision, old.reason) == ("suggest", "old_debunk")
    lenient = Policy(auto_threshold=0.0, max_auto_age_days=20 * 365, today=date(2024, 3, 1))
    assert Matcher(labelled_docs(), policy=lenient).match(tip).decision == "auto"


def test_below_the_suggest_threshold_is_none() -> None:
    strict = Policy(auto_threshold=1.01, suggest_threshold=1.01, today=date(2024, 3, 1))
    result = Matcher(labelled_docs(), policy=strict).match("pemilu ditunda karena anggaran KPU habis")
    assert result.decision == "none"
    assert result.candidates  # the candidates are still there for the fact-checkers' queue


def test_language_is_reported_with_the_voters_language_as_fallback() -> None:
    matcher = lexical_matcher()
    assert matcher.match("pemilu ditunda?", language_hint="jv").language == "jv"
    assert matcher.match("Pemilu ditunda karena anggaran KPU sudah habis, benar tidak?").language == "id"


def test_extra_candidate_sources_can_add_debunks() -> None:
    class AlwaysFirstDebunk:
        def candidates(self, text: str, normalized: object) -> dict[int, float]:
            return {0: 1.0}

    docs = labelled_docs()
    matcher = Matcher(docs, extra_sources=[AlwaysFirstDebunk()])
    result = matcher.match("sesuatu yang sama sekali lain tentang cuaca")
    assert docs[0].id in [c.debunk_id for c in result.candidates]


def test_a_debunk_of_unknown_language_is_taken_to_be_in_the_collections_language() -> None:
    english = [
        DebunkDoc(i, f"https://fc.example/{i}", f"Claim number {i} about the vote", language="en")
        for i in range(3)
    ]
    unknown = DebunkDoc(9, "https://fc.example/9", "Vin Diesel", language=None)
    # Not in the tipline's default language (id): that would make it foreign to English tips and to English
    # debunks, scored as a cross-language pair.
    assert Matcher([*english, unknown], default_language="id").doc_languages.tolist() == ["en"] * 4
    assert Matcher([unknown], default_language="id").doc_languages.tolist() == ["id"]
