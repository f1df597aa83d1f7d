"""A tip that states what the fact-check found, in the hoax's own sentence, is suggested, not answered."""

from __future__ import annotations

from datetime import date

import pytest

from tests.matching.helpers import labelled_docs
from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.findings import states_finding
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize

ALWAYS_AUTO = Policy(auto_threshold=0.0, suggest_threshold=0.0, min_auto_words=4, today=date(2024, 3, 1))


def doc(key: str) -> DebunkDoc:
    return next(d for d in labelled_docs() if d.url.endswith(key))


@pytest.mark.parametrize(
    ("key", "tip"),
    [
        # The conclusion: "... penyakit jantung, hipertensi dan kelelahan, bukan racun".
        ("petugas-kpps-meninggal-racun", "Ratusan petugas KPPS meninggal karena kelelahan"),
        # "KPU memastikan pemungutan suara tetap digelar 14 Februari 2024."
        ("pemilu-ditunda", "Pemilu 14 Februari 2024 tetap digelar, anggaran KPU sudah dicairkan"),
        # "Tinta pemilu sudah bersertifikat halal dari MUI."
        ("tinta-haram", "Tinta pemilu sudah bersertifikat halal sehingga boleh dipakai umat Islam"),
        # In the conclusion's words more than the claim's: "... but are excluded from the voter list".
        ("foreign-voters", "Is it true that foreigners are excluded from the voter list?"),
    ],
)
def test_the_finding_in_place_of_the_hoax_is_only_suggested(key: str, tip: str) -> None:
    assert states_finding(normalize(tip).words, doc(key))
    result = Matcher(labelled_docs(), policy=ALWAYS_AUTO).match(tip)
    assert result.candidates[0].url == doc(key).url
    assert (result.decision, result.reason) == ("suggest", "denies_claim")


@pytest.mark.parametrize(
    ("key", "tip"),
    [
        # The conclusion restates the hoax to deny it: "Klaim bahwa tinta mengandung unsur babi tidak ...".
        ("tinta-haram", "Tinta pemilu berunsur babi sehingga haram dipakai umat Islam"),
        # "Vaksin tidak mengandung perangkat elektronik."
        ("vaksin-chip", "Vaksin booster mengandung chip elektronik untuk memantau pilihan politik warga"),
        # Another word for the hoax's own, which the conclusion does not use.
        ("coblos-dua-kali", "Pemilih bisa nyoblos dua kali pakai KTP elektronik dan suket"),
    ],
)
def test_the_hoax_in_the_conclusions_denied_words_is_still_answered_at_once(key: str, tip: str) -> None:
    assert not states_finding(normalize(tip).words, doc(key))
    result = Matcher(labelled_docs(), policy=ALWAYS_AUTO).match(tip)
    assert result.candidates[0].url == doc(key).url
    assert result.decision == "auto"


def test_without_a_conclusion_or_in_a_long_letter_nothing_is_read_as_a_finding() -> None:
    tip = "Ratusan petugas KPPS meninggal karena kelelahan"
    bare = DebunkDoc(1, "https://cekfakta.example/racun", "Ratusan petugas KPPS meninggal karena diracun")
    assert not states_finding(normalize(tip).words, bare)
    letter = (
        "Innalillahi, ratusan petugas KPPS meninggal karena diracun, bukan karena kelelahan seperti kata "
        "pemerintah. Keluarga korban menuntut otopsi dan penyelidikan, sebarkan sebelum dihapus"
    )
    assert not states_finding(normalize(letter).words, doc("petugas-kpps-meninggal-racun"))
