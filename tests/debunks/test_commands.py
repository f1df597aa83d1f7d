"""`tipline debunks import/export`: exit codes, problem lines on stderr, re-imports, a 10,000-entry file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from tests.conftest import make_settings
from tipline.db import make_engine
from tipline.debunks.commands import export_command, import_command
from tipline.debunks.models import Debunk
from tipline.settings import CONTENT_DIR, Settings

TIPLINE = Path(sys.executable).parent / "tipline"


def review(n: int, **extra: object) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://cek.example.id/{n}",
        "claimReviewed": f"Klaim hoaks nomor {n} tentang pemilu",
        "reviewRating": {"@type": "Rating", "alternateName": "SALAH"},
        "inLanguage": "id",
        **extra,
    }


def write_jsonl(path: Path, items: Sequence[object]) -> Path:
    path.write_text("".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items))
    return path


def stored_count(settings: Settings) -> int:
    engine = make_engine(settings)
    try:
        with Session(engine) as session:
            return int(session.execute(select(func.count()).select_from(Debunk)).scalar_one())
    finally:
        engine.dispose()


def run_cli(db_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIPLINE_DATABASE_URL": db_url, "TIPLINE_MATCH_SEMANTIC": "false"}
    return subprocess.run(
        [str(TIPLINE), "debunks", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_import_reports_problem_lines_and_exit_codes(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path}/fresh.db"
    good = write_jsonl(tmp_path / "good.jsonl", [review(1), review(2)])
    bad = write_jsonl(
        tmp_path / "bad.jsonl", [review(3), "{oops", review(5), {"url": "https://x.id/no-claim"}]
    )

    first = run_cli(db_url, tmp_path, "import", str(good), "--no-progress")
    assert first.returncode == 0, first.stderr
    assert "created 2, updated 0, unchanged 0, problems 0" in first.stdout

    second = run_cli(db_url, tmp_path, "import", str(good), str(bad), "--no-progress")
    assert second.returncode == 1
    assert f"{bad}:2: invalid JSON" in second.stderr
    assert f"{bad}:4: missing claimReviewed" in second.stderr
    assert "created 2, updated 0, unchanged 2, problems 2" in second.stdout

    notes = tmp_path / "notes.txt"
    notes.write_text("this is not a debunk file\n")
    third = run_cli(
        db_url, tmp_path, "import", str(notes), str(tmp_path / "missing.json"), str(good), "--no-progress"
    )
    assert third.returncode == 2
    assert f"{notes}: unknown format" in third.stderr
    assert "missing.json" in third.stderr
    assert "unchanged 2" in third.stdout

    csv_path = tmp_path / "rows.csv"
    csv_path.write_text("url,claim\nhttps://c.id/1,Satu\n,tanpa url\nhttps://c.id/3,Tiga\n", encoding="utf-8")
    fourth = run_cli(db_url, tmp_path, "import", str(csv_path), "--no-progress")
    assert fourth.returncode == 1
    assert fourth.stderr.strip().splitlines()[-1] == f"{csv_path}:3: missing url"
    assert "created 2, updated 0, unchanged 0, problems 1" in fourth.stdout

    exported = run_cli(db_url, tmp_path, "export")
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    expected = ["https://c.id/1", "https://c.id/3"] + [f"https://cek.example.id/{n}" for n in (1, 2, 3, 5)]
    assert sorted(item["url"] for item in lines) == expected
    assert all(item["@type"] == "ClaimReview" for item in lines)


def test_reimport_and_modified_file(
    sqlite_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [review(n) for n in range(20)])
    assert import_command(sqlite_settings, [path], progress=False) == 0
    assert import_command(sqlite_settings, [path], progress=False) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "created 20, updated 0, unchanged 0, problems 0",
        "created 0, updated 0, unchanged 20, problems 0",
    ]
    items = [review(n, headline="Judul baru") if n < 5 else review(n) for n in range(20)] + [review(99)]
    write_jsonl(path, items)
    assert import_command(sqlite_settings, [path], progress=False) == 0
    assert capsys.readouterr().out.strip() == "created 1, updated 5, unchanged 15, problems 0"
    assert stored_count(sqlite_settings) == 21


def test_export_to_file_then_import_elsewhere(sqlite_settings: Settings, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "feed.jsonl", [review(n, image="https://i.id/a.jpg") for n in range(5)])
    assert import_command(sqlite_settings, [source], progress=False) == 0
    exported = tmp_path / "export.jsonl"
    assert export_command(sqlite_settings, exported) == 0
    elsewhere = make_settings(f"sqlite:///{tmp_path}/other.db")
    assert import_command(elsewhere, [exported], progress=False) == 0
    assert stored_count(elsewhere) == 5
    assert exported.read_text() == _export_text(elsewhere, tmp_path / "again.jsonl")


def _export_text(settings: Settings, path: Path) -> str:
    assert export_command(settings, path) == 0
    return path.read_text()


def test_ten_thousand_entries(db_settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "big.jsonl", [review(n, reviewBody=f"Faktanya {n}.") for n in range(10_000)]
    )
    assert import_command(db_settings, [path], progress=False) == 0
    assert stored_count(db_settings) == 10_000
    assert import_command(db_settings, [path], progress=False) == 0
    assert stored_count(db_settings) == 10_000


def test_seed_content_imports_on_both_databases(
    db_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = CONTENT_DIR / "debunks" / "seed.jsonl"
    assert import_command(db_settings, [seed], progress=False) == 0
    assert import_command(db_settings, [seed], progress=False) == 0
    first, second = capsys.readouterr().out.strip().splitlines()
    seeded = stored_count(db_settings)
    assert seeded >= 36
    assert first == f"created {seeded}, updated 0, unchanged 0, problems 0"
    assert second == f"created 0, updated 0, unchanged {seeded}, problems 0"
