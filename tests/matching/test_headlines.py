"""A fact-check headline read for its claim: verdict labels and framing questions taken off."""

from __future__ import annotations

import pytest

from tipline.matching.documents import DebunkDoc
from tipline.matching.headlines import claim_of_headline


@pytest.mark.parametrize(
    ("headline", "claim"),
    [
        ("[HOAKS] Tinta Pemilu Mengandung Babi dan Haram", "Tinta Pemilu Mengandung Babi dan Haram"),
        (
            "[HOAKS atau FAKTA]: Pilpres 2024 dibatalkan, ditunda hingga 2029",
            "Pilpres 2024 dibatalkan, ditunda hingga 2029",
        ),
        (
            "Cek fakta: KPU bolehkan mencoblos Pemilu 2024 secara online, benarkah?",
            "KPU bolehkan mencoblos Pemilu 2024 secara online",
        ),
        ("Hoaks! Penghitungan suara dihentikan", "Penghitungan suara dihentikan"),
        ("Keliru, Klaim Tinta Pemilu Haram", "Klaim Tinta Pemilu Haram"),
        ("FALSE: Submarine Abandoned in Desert", "Submarine Abandoned in Desert"),
        ("Fact check: video does not show ballots burned", "video does not show ballots burned"),
        ("(SALAH) [VIDEO] Surat suara dibakar di Medan", "Surat suara dibakar di Medan"),
    ],
)
def test_labels_and_framing_are_taken_off(headline: str, claim: str) -> None:
    assert claim_of_headline(headline) == claim


@pytest.mark.parametrize(
    "headline",
    [
        # The label word begins the claim itself: no punctuation after it.
        "Salah Satu Gerai McDonald di Prancis Mendapat Kiriman Truk",
        "Benarkah KPU curang?",
        "Did 122 Prisoners Released from Guantanamo Return to the Battlefield?",
        "Makan siang gratis di mana jadinya?",
        # Nothing, or next to nothing, would be left.
        "[SALAH]",
        "Hoaks: KPU",
    ],
)
def test_a_headline_that_is_its_claim_is_kept_as_written(headline: str) -> None:
    assert claim_of_headline(headline) == headline


def test_a_debunk_is_matched_on_its_headline_without_the_label() -> None:
    doc = DebunkDoc(
        1, "https://cekfakta.example/x", "Tinta pemilu haram", "[HOAKS] Tinta pemilu haram", "Body."
    )
    # The labelled headline is the claim again: one vector less, and none for the label's words.
    assert doc.fields() == {"claim": "Tinta pemilu haram", "body": "Body."}


def test_a_forwarded_fact_check_title_is_still_an_exact_match() -> None:
    from tipline.matching.matcher import Matcher

    doc = DebunkDoc(
        1,
        "https://cekfakta.example/tinta",
        "Tinta pemilu mengandung lemak babi sehingga haram",
        "[HOAKS] Tinta Pemilu Mengandung Babi dan Haram",
    )
    other = DebunkDoc(2, "https://cekfakta.example/kotak", "Kotak suara dari kardus mudah dibobol")
    result = Matcher([doc, other]).match("*[HOAKS] Tinta Pemilu Mengandung Babi dan Haram*")
    assert result.candidates[0].url == doc.url
    # The exact tier: as sure as a forwarded copy of the claim (0.977 from the fused scores alone).
    assert result.confidence is not None and result.confidence >= 0.99
