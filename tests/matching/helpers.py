"""The project's own labelled set (content/matching/labelled) as matcher input for tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.conftest import make_settings
from tipline.debunks.importer import read_debunks
from tipline.debunks.records import DebunkRecord
from tipline.matching.building import policy_from
from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.indexing import doc_from_record
from tipline.matching.matcher import Matcher
from tipline.settings import CONTENT_DIR

LABELLED = CONTENT_DIR / "matching" / "labelled"
OTHER_LANGUAGES = CONTENT_DIR / "matching" / "labelled-other-languages"


def labelled_records(directory: Path = LABELLED) -> list[DebunkRecord]:
    return [r for r in read_debunks(directory / "debunks.jsonl") if isinstance(r, DebunkRecord)]


def labelled_docs(directory: Path = LABELLED) -> list[DebunkDoc]:
    return [doc_from_record(i + 1, r) for i, r in enumerate(labelled_records(directory))]


def lexical_matcher(policy: Policy | None = None, directory: Path = LABELLED) -> Matcher:
    """With the thresholds of the default Settings, on a day when the labelled debunks are recent."""
    default = replace(policy_from(make_settings("sqlite://")), today=date(2024, 3, 1))
    return Matcher(labelled_docs(directory), policy=policy or default)


# A chain letter's own prose around what it forwards: greetings and provenance before, pleas to share after.
BEFORE = (
    "Selamat pagi bapak ibu sekalian, semoga sehat selalu. Pesan ini saya terima dari sepupu saya yang "
    "bekerja di kota, dia bilang sudah dicek berkali-kali oleh temannya. Saya tidak menambah atau mengurangi "
    "isinya."
)
AFTER = (
    "Mari kita berdoa untuk kebaikan negeri ini. Bagikan kepada saudara dan tetangga supaya semua tahu. "
    "Terima kasih banyak atas perhatiannya, salam hangat dari kami sekeluarga."
)
