"""A tip that speaks of an office where the debunk's claim names a person: suggested, not answered at once."""

from __future__ import annotations

from datetime import date

import pytest

from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize
from tipline.matching.roles import office_for_name, role_words

ALWAYS_AUTO = Policy(auto_threshold=0.0, suggest_threshold=0.0, min_auto_words=4, today=date(2024, 3, 1))
ANIES = DebunkDoc(
    1,
    "https://factcheck.example/anies-kpk",
    "Breaking: Anies Baswedan officially named a corruption suspect by the KPK over Formula E and social aid",
    headline="False posts target Indonesian politician Anies Baswedan with 'corruption suspect' claim",
)
GANJAR = DebunkDoc(
    2,
    "https://cekfakta.example/ganjar-kpk",
    "Heboh! Ganjar Pranowo resmi jadi tersangka KPK kasus korupsi e-KTP, sebarkan!",
)


def office(tip: str, doc: DebunkDoc) -> bool:
    return office_for_name(normalize(tip).words, doc.claim, doc.headline)


@pytest.mark.parametrize(
    ("tip", "doc"),
    [
        ("KPK names former minister a suspect over social aid corruption", ANIES),
        ("mantan menteri resmi jadi tersangka KPK kasus korupsi e-KTP", GANJAR),
        ("Gubernur resmi jadi tersangka KPK kasus korupsi e-KTP, heboh!", GANJAR),
    ],
)
def test_an_office_for_the_claims_person_is_only_suggested(tip: str, doc: DebunkDoc) -> None:
    assert office(tip, doc)
    result = Matcher([ANIES, GANJAR], policy=ALWAYS_AUTO).match(tip)
    assert result.candidates[0].debunk_id == doc.id
    assert (result.decision, result.reason) == ("suggest", "other_names")


@pytest.mark.parametrize(
    ("tip", "doc"),
    [
        # the tip names the claim's person, with or without the office
        ("Gubernur Anies Baswedan named a corruption suspect by the KPK over social aid", ANIES),
        ("Anies Baswedan officially named a corruption suspect by the KPK over social aid", ANIES),
        # the claim's people named, and an office besides
        ("Ganjar Pranowo resmi jadi tersangka KPK kasus korupsi e-KTP kata presiden", GANJAR),
    ],
)
def test_a_tip_naming_the_claims_person_is_answered_at_once(tip: str, doc: DebunkDoc) -> None:
    assert not office(tip, doc)
    result = Matcher([ANIES, GANJAR], policy=ALWAYS_AUTO).match(tip)
    assert result.candidates[0].debunk_id == doc.id
    assert result.decision == "auto"


def test_the_office_in_the_claim_itself_is_no_other_person() -> None:
    claim = DebunkDoc(3, "https://cekfakta.example/bupati", "Bupati Sleman Kustini bagi uang lewat WhatsApp")
    assert not office("Bupati bagi uang lewat WhatsApp, hubungi nomor ini", claim)


def test_role_words_are_read_as_tips_are() -> None:
    words = role_words()
    assert {"menteri", "gubernur", "minister", "president"} <= words
    assert not any(w.startswith("#") for w in words)
