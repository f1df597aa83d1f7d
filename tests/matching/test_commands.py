"""`tipline match` (JSON lines) and `tipline eval --set` on the project's labelled set."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.matching.helpers import LABELLED, labelled_records
from tipline.db import make_engine
from tipline.debunks.service import upsert_debunks
from tipline.matching.commands import eval_command, match_command
from tipline.settings import Settings


def test_match_command_answers_one_line_per_input_line(sqlite_settings: Settings) -> None:
    engine = make_engine(sqlite_settings)
    with Session(engine) as session:
        upsert_debunks(session, labelled_records())
        session.commit()
    engine.dispose()
    stdin = io.StringIO(
        json.dumps({"id": "a", "text": "tinta pemilu ada babinya, haram bgt"})
        + "\n"
        + "this is not json\n"
        + json.dumps({"id": 7, "text": "Halo min"})
        + "\n"
        + json.dumps({"id": "b"})
        + "\n"
    )
    stdout = io.StringIO()
    assert match_command(sqlite_settings, stdin, stdout) == 0
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert len(lines) == 4
    assert lines[0]["id"] == "a"
    assert lines[0]["decision"] in ("auto", "suggest", "none")
    assert lines[0]["matches"][0]["url"].endswith("tinta-haram")
    assert set(lines[0]["matches"][0]) == {"url", "score", "debunk_id"}
    assert lines[1]["id"] is None and lines[1]["line"] == 2 and "error" in lines[1]
    assert lines[2] == {"id": 7, "decision": "none", "matches": []}
    # A query without a text keeps its id, so the caller knows which of its queries went unanswered.
    assert (lines[3]["id"], lines[3]["line"]) == ("b", 4) and "text" in lines[3]["error"]


def test_eval_prints_every_figure(sqlite_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_command(sqlite_settings, LABELLED) == 0
    out = capsys.readouterr().out
    for figure in (
        "MAP@5",
        "P@1",
        "Recall@5",
        "auto precision",
        "auto coverage",
        "false-auto",
        "debunks/s",
        "p50",
        "p99",
        "repeated tips",
        "a copy with an emoji added",
    ):
        assert figure in out
    assert "16 debunks" in out and "83 queries" in out
    # The labelled set's tips are in Indonesian, English, Javanese and Sundanese: each gets its own line.
    by_language = out.split("by detected tip language:")[1].split("threshold sweep")[0]
    assert [line.split()[0] for line in by_language.strip().splitlines()][:2] == ["id", "en"]
    assert " jv " in by_language and " su " in by_language


def test_eval_scores_one_half_of_the_queries(
    sqlite_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from tipline.matching.evaluation import half_of, read_queries

    queries = read_queries(LABELLED / "queries.jsonl")
    evens = sum(half_of(q.id) == "even" for q in queries)
    assert 0 < evens < len(queries)
    assert eval_command(sqlite_settings, LABELLED, half="even") == 0
    assert f"16 debunks (0 problems), {evens} queries" in capsys.readouterr().out


def test_eval_refuses_a_half_that_is_neither_even_nor_odd() -> None:
    from typer.testing import CliRunner

    from tipline.cli import app

    result = CliRunner().invoke(app, ["eval", "--set", str(LABELLED), "--half", "first"])
    assert result.exit_code == 2
    assert "--half takes even or odd, not first" in result.output


def test_eval_uses_a_scratch_database(sqlite_settings: Settings, tmp_path: Path) -> None:
    engine = make_engine(sqlite_settings)
    eval_command(sqlite_settings, LABELLED)
    with Session(engine) as session:
        from sqlalchemy import func, select

        from tipline.debunks.models import Debunk

        assert session.execute(select(func.count()).select_from(Debunk)).scalar_one() == 0
    engine.dispose()


def test_eval_can_hold_out_debunks_so_their_queries_stand_for_new_claims(
    sqlite_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert eval_command(sqlite_settings, LABELLED, new_claims=1.0) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert "left out, their queries count as unanswerable" in first
    assert " 0 answerable" in first and "83 without a relevant debunk" in first
    at_threshold = next(line for line in out.splitlines() if line.startswith("at auto threshold"))
    # With every relevant debunk gone, nothing may be answered at once.
    assert "false-auto 0.000" in at_threshold


def _labelled_set_moved_back(tmp_path: Path, years: int) -> Path:
    """The labelled set as if it had been collected `years` earlier: every date moved back."""
    out = tmp_path / f"labelled-{years}-years-back"
    out.mkdir()
    for name in ("queries.jsonl", "qrels.tsv"):
        (out / name).write_text((LABELLED / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = []
    for line in (LABELLED / "debunks.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj.get("datePublished"):
            year, rest = obj["datePublished"].split("-", 1)
            obj["datePublished"] = f"{int(year) - years}-{rest}"
        lines.append(json.dumps(obj, ensure_ascii=False))
    (out / "debunks.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _line(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(start))


def test_eval_judges_debunk_ages_on_the_day_of_the_set_not_today(
    sqlite_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_command(sqlite_settings, LABELLED)
    recent = capsys.readouterr().out
    eval_command(sqlite_settings, _labelled_set_moved_back(tmp_path, 12))
    old = capsys.readouterr().out
    # Twelve years older, the set's debunks are as old relative to its tips as before: same auto answers.
    assert _line(old, "at auto threshold") == _line(recent, "at auto threshold")
    assert "auto coverage 0.000" not in _line(old, "at auto threshold")
    newest = max(
        json.loads(line)["datePublished"]
        for line in (LABELLED / "debunks.jsonl").read_text(encoding="utf-8").splitlines()
        if "datePublished" in line
    )
    assert f"debunk age judged as of {int(newest[:4]) - 12}{newest[4:]}" in old
    assert "0 confident answers suggested instead of auto" in _line(old, "debunk age judged")
    assert "for naming another person, place or number than the debunk's claim" in _line(
        old, "debunk age judged"
    )
    # With a 30-day limit most debunks are too old even on the set's day: held back, and counted. Only
    # answers with the four debunks of the set's last month are left.
    eval_command(sqlite_settings.model_copy(update={"match_max_auto_age_days": 30}), LABELLED)
    strict = capsys.readouterr().out
    withheld = int(_line(strict, "debunk age judged").split(": ")[1].split()[0])
    assert withheld > 0
    assert _coverage(strict) + withheld / 54 == pytest.approx(_coverage(recent), abs=1e-3)
    assert _coverage(strict) < _coverage(recent)


def _coverage(out: str) -> float:
    return float(_line(out, "at auto threshold").split("auto coverage ")[1].split()[0])


def test_match_command_judges_ages_on_the_day_given(sqlite_settings: Settings, tmp_path: Path) -> None:
    engine = make_engine(sqlite_settings)
    with Session(engine) as session:
        upsert_debunks(session, labelled_records())
        session.commit()
    engine.dispose()
    # The link to a debunk is enough for an auto answer, as long as the debunk is recent.
    tip = json.dumps({"id": "a", "text": "liat ini https://cekfakta.example/2024/gaji-asn-naik"}) + "\n"
    decisions = {}
    for as_of in (None, date(2024, 3, 1), date(2031, 3, 1)):
        stdout = io.StringIO()
        assert match_command(sqlite_settings, io.StringIO(tip), stdout, as_of=as_of) == 0
        decisions[as_of] = json.loads(stdout.getvalue())["decision"]
    assert decisions[date(2024, 3, 1)] == "auto"
    assert decisions[date(2031, 3, 1)] == "suggest"


def test_a_debunk_dated_in_the_future_does_not_age_the_others(
    sqlite_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mistyped = _labelled_set_moved_back(tmp_path, 0)
    lines = (mistyped / "debunks.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["datePublished"] = "2204-01-20"  # 2024 mistyped
    (mistyped / "debunks.jsonl").write_text(
        "\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8"
    )
    eval_command(sqlite_settings, mistyped)
    out = capsys.readouterr().out
    assert "debunk age judged as of 2204" not in out
    assert "debunk age judged as of 2024-" in out
