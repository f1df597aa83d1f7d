"""Debunks from a CSV file: its columns, a byte-order mark, quoted fields, and the lines of its bad rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.debunks.helpers import problems, records
from tipline.debunks.importer import DebunkFileError, read_debunks

CSV_HEADER = "url,claim,headline,rating,language,date_published,author,review_body,image_urls\n"


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_csv_with_or_without_bom(tmp_path: Path, bom: str) -> None:
    path = tmp_path / "debunks.csv"
    rows = (
        "https://c.id/1,Klaim satu,Judul satu,SALAH,id,2024-02-01,MAFINDO,Isi,https://i.id/a.jpg https://i.id/b.png\n"
        'https://c.id/2,"Klaim, dengan koma",,HOAKS,id,,,,"https://i.id/c.jpg|https://i.id/d.jpg"\n'
    )
    path.write_text(bom + CSV_HEADER + rows, encoding="utf-8")
    first, second = records(list(read_debunks(path)))
    assert first.url == "https://c.id/1"
    assert (first.claim_reviewed, first.headline, first.rating, first.language) == (
        "Klaim satu",
        "Judul satu",
        "SALAH",
        "id",
    )
    assert first.date_published == date(2024, 2, 1)
    assert first.author_name == "MAFINDO" and first.review_body == "Isi"
    assert first.image_urls == ["https://i.id/a.jpg", "https://i.id/b.png"]
    assert second.claim_reviewed == "Klaim, dengan koma"
    assert second.headline is None and second.date_published is None
    assert second.image_urls == ["https://i.id/c.jpg", "https://i.id/d.jpg"]


def test_csv_bad_rows_in_the_middle_report_their_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "debunks.csv"
    path.write_text(
        CSV_HEADER
        + "https://c.id/1,Klaim satu,,,,,,,\n"
        + 'https://c.id/2,"Klaim\nmultibaris",,,,,,,\n'
        + ",Klaim tanpa url,,,,,,,\n"
        + "https://c.id/4,Klaim,,,,bukan-tanggal,,,\n"
        + "https://c.id/5,Klaim lima,,,,,,,\n",
        encoding="utf-8",
    )
    items = list(read_debunks(path))
    assert [r.url for r in records(items)] == ["https://c.id/1", "https://c.id/2", "https://c.id/5"]
    assert records(items)[1].claim_reviewed == "Klaim\nmultibaris"
    assert [(p.line, p.message.split(" ")[0]) for p in problems(items)] == [
        (5, "missing"),
        (6, "date_published"),
    ]


def test_csv_without_url_column_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("link,claim\nhttps://x,y\n", encoding="utf-8")
    with pytest.raises(DebunkFileError, match="url"):
        list(read_debunks(path))
