"""Every input shape read_debunks accepts, and the line numbers of the rows it cannot import."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.debunks.helpers import problems, records
from tipline.debunks.importer import DebunkFileError, read_debunks
from tipline.debunks.records import DebunkRecord

FULL_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "  https://cek.example.id/2024/01/surat-suara  ",
    "claimReviewed": "Surat suara sudah dicoblos di gudang KPU",
    "headline": "[SALAH] Surat suara sudah tercoblos",
    "reviewBody": "KPU membantah.",
    "reviewRating": {"@type": "Rating", "alternateName": "SALAH", "ratingValue": 1},
    "inLanguage": {"@type": "Language", "name": "Indonesian", "alternateName": "id"},
    "author": [{"@type": "Organization", "name": "MAFINDO"}, {"@type": "Organization", "name": "Kominfo"}],
    "datePublished": "2024-02-10T08:30:00+07:00",
    "identifier": "tbh-1",
    "image": [
        {"@type": "ImageObject", "contentUrl": "https://img.example.id/a"},
        "https://img.example.id/b.jpg",
    ],
    "itemReviewed": {
        "@type": "Claim",
        "appearance": [
            {"@type": "CreativeWork", "url": "https://facebook.com/posts/1"},
            {"@type": "ImageObject", "url": "https://img.example.id/c"},
            {"url": "https://img.example.id/d.PNG?size=large"},
            "https://img.example.id/e.webp",
        ],
    },
}


def review(n: int, **extra: object) -> dict[str, object]:
    return {
        "@type": "ClaimReview",
        "url": f"https://cek.example.id/{n}",
        "claimReviewed": f"klaim {n}",
        **extra,
    }


def test_single_claimreview_object_maps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(FULL_REVIEW, indent=2), encoding="utf-8")
    [record] = list(read_debunks(path))
    assert isinstance(record, DebunkRecord)
    assert record.url == "https://cek.example.id/2024/01/surat-suara"
    assert record.claim_reviewed == "Surat suara sudah dicoblos di gudang KPU"
    assert record.headline == "[SALAH] Surat suara sudah tercoblos"
    assert record.review_body == "KPU membantah."
    assert record.rating == "SALAH"
    assert record.language == "id"
    assert record.author_name == "MAFINDO, Kominfo"
    assert record.date_published == date(2024, 2, 10)
    assert record.identifier == "tbh-1"
    assert record.image_urls == [
        "https://img.example.id/a",
        "https://img.example.id/b.jpg",
        "https://img.example.id/c",
        "https://img.example.id/d.PNG?size=large",
        "https://img.example.id/e.webp",
    ]
    assert record.raw == FULL_REVIEW


@pytest.mark.parametrize(
    ("review_fields", "expected"),
    [
        ({"inLanguage": "en"}, ("en", None, None)),
        ({"inLanguage": {"name": "English"}}, ("en", None, None)),
        ({"author": "Cek Fakta Tempo"}, (None, "Cek Fakta Tempo", None)),
        ({"author": {"@type": "Organization", "name": "AFP"}}, (None, "AFP", None)),
        ({"reviewRating": {"ratingValue": "Keliru"}}, (None, None, "Keliru")),
        ({"description": "ringkasan"}, (None, None, None)),
    ],
)
def test_claimreview_variants(tmp_path: Path, review_fields: dict[str, object], expected: tuple) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(review(1, **review_fields)), encoding="utf-8")
    [record] = records(list(read_debunks(path)))
    assert (record.language, record.author_name, record.rating) == expected
    if "description" in review_fields:
        assert record.review_body == "ringkasan"


def test_name_stands_in_for_headline_and_headline_for_claim(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps({"@type": "ClaimReview", "url": "https://x.id/1", "name": "Judul"}), encoding="utf-8"
    )
    [record] = records(list(read_debunks(path)))
    assert record.headline == "Judul"
    assert record.claim_reviewed == "Judul"


def test_json_array_problem_reports_the_line_its_object_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    body = [review(1), {"@type": "ClaimReview", "claimReviewed": "tanpa url"}, review(3)]
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    items = list(read_debunks(path))
    assert [r.url for r in records(items)] == ["https://cek.example.id/1", "https://cek.example.id/3"]
    [problem] = problems(items)
    object_starts = [n for n, line in enumerate(json.dumps(body, indent=2).splitlines(), 1) if line == "  {"]
    assert problem.line == object_starts[1] == 7
    assert "url" in problem.message


def test_json_lines_bad_rows_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(review(1)),
        "",
        "{not json",
        json.dumps({"@type": "ClaimReview", "url": "https://cek.example.id/4"}),
        json.dumps(review(5)),
        "   ",
        json.dumps(review(7)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_debunks(path))
    assert [r.url for r in records(items)] == [f"https://cek.example.id/{n}" for n in (1, 5, 7)]
    assert [(p.line, p.path) for p in problems(items)] == [(3, str(path)), (4, str(path))]
    assert "invalid JSON" in problems(items)[0].message
    assert "claimReviewed" in problems(items)[1].message
    assert str(problems(items)[0]).startswith(f"{path}:3: ")


def test_json_lines_without_jsonl_suffix_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text("{broken\n" + json.dumps(review(2)) + "\n", encoding="utf-8")
    items = list(read_debunks(path))
    assert [r.url for r in records(items)] == ["https://cek.example.id/2"]
    assert [p.line for p in problems(items)] == [1]


def test_fact_check_tools_response_gives_one_record_per_review(tmp_path: Path) -> None:
    response = {
        "claims": [
            {
                "text": "Pemilu 2024 ditunda ke 2025",
                "claimant": "Unggahan Facebook",
                "claimDate": "2024-01-02T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Kompas", "site": "kompas.com"},
                        "url": "https://kompas.example/1",
                        "title": "[HOAKS] Pemilu ditunda",
                        "reviewDate": "2024-01-05T00:00:00Z",
                        "textualRating": "Hoaks",
                        "languageCode": "id",
                    },
                    {
                        "publisher": {"name": "AFP", "site": "factcheck.afp.com"},
                        "url": "https://afp.example/2",
                        "title": "Election not postponed",
                        "textualRating": "False",
                        "languageCode": "en",
                    },
                ],
            },
            {"text": "tanpa url", "claimReview": [{"title": "x"}]},
        ],
        "nextPageToken": "abc",
    }
    path = tmp_path / "factcheck.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    items = list(read_debunks(path))
    first, second = records(items)
    assert first.claim_reviewed == second.claim_reviewed == "Pemilu 2024 ditunda ke 2025"
    assert (first.url, first.headline, first.rating, first.language) == (
        "https://kompas.example/1",
        "[HOAKS] Pemilu ditunda",
        "Hoaks",
        "id",
    )
    assert first.author_name == "Kompas"
    assert first.date_published == date(2024, 1, 5)
    assert second.author_name == "AFP" and second.language == "en"
    assert first.raw["claim"]["claimant"] == "Unggahan Facebook"
    assert [p.message for p in problems(items)] == ["missing url"]


def test_graph_wrapper_keeps_only_claimreviews(tmp_path: Path) -> None:
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "url": "https://x.id"},
            review(1),
            {"@type": ["ClaimReview"], **review(2)},
        ],
    }
    path = tmp_path / "page.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert [r.url for r in records(list(read_debunks(path)))] == [
        "https://cek.example.id/1",
        "https://cek.example.id/2",
    ]


@pytest.mark.parametrize("content", ["just some prose\nwith lines\n", "<html><body>nope</body></html>"])
def test_unknown_format_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DebunkFileError, match="unknown format"):
        list(read_debunks(path))


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DebunkFileError):
        list(read_debunks(tmp_path / "absent.json"))


def test_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    for name in ("latin1.json", "latin1.jsonl", "latin1.csv"):
        path = tmp_path / name
        path.write_bytes(b"url,claim\nhttps://x.id/1,Caf\xe9 \xff\n")
        with pytest.raises(DebunkFileError):
            list(read_debunks(path))


def test_broken_json_array_is_unreadable_after_its_good_elements(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[\n" + json.dumps(review(1)) + ",\n{oops}\n]", encoding="utf-8")
    reader = read_debunks(path)
    first = next(reader)
    assert isinstance(first, DebunkRecord)
    with pytest.raises(DebunkFileError, match=":3: invalid JSON"):
        next(reader)


@pytest.mark.parametrize(
    ("in_language", "code"),
    [
        ("Spanish", "es"),
        ({"@type": "Language", "name": "Arabic"}, "ar"),
        ("中文", "zh"),
        ("pt-BR", "pt-br"),
        ("Bahasa Melayu", "ms"),
        ("ind", "id"),
        ("eng", "en"),
    ],
)
def test_language_names_become_codes(tmp_path: Path, in_language: object, code: str) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({**FULL_REVIEW, "inLanguage": in_language}), encoding="utf-8")
    (record,) = list(read_debunks(path))
    assert isinstance(record, DebunkRecord) and record.language == code
