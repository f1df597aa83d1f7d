"""Reading an evaluation set: a line that cannot be read stops the eval with its file and line number."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.matching.helpers import LABELLED
from tipline.cli import app
from tipline.matching.commands import eval_command
from tipline.matching.evaluation import SetFormatError, read_qrels, read_queries
from tipline.settings import Settings


def test_queries_with_a_byte_order_mark_and_blank_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text('\ufeff{"id": 1, "text": "a"}\n\n{"id": "b", "text": null}\n', encoding="utf-8")
    assert [(q.id, q.text) for q in read_queries(path)] == [("1", "a"), ("b", "")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [('{"id": "a", "text": "x"}\n{"id": "b", "text": \n', "not JSON"), ('{"text": "x"}\n', '"id"')],
)
def test_a_bad_query_line_is_reported_with_its_number(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SetFormatError, match=rf"queries.jsonl:{content.count(chr(10))}: .*{problem}"):
        read_queries(path)


def test_qrels_need_a_tab_between_query_and_url(tmp_path: Path) -> None:
    path = tmp_path / "qrels.tsv"
    path.write_text("q1\thttps://a.example/1\nq1\thttps://a.example/2\n\nq2 https://a.example/3\n")
    with pytest.raises(SetFormatError, match=r"qrels.tsv:4: expected query id <TAB> debunk url"):
        read_qrels(path)
    path.write_text("q1\thttps://a.example/1\r\nq1\thttps://a.example/2\r\n")
    assert read_qrels(path) == {"q1": {"https://a.example/1", "https://a.example/2"}}


def test_trec_style_qrels_are_read_and_their_zero_grades_left_out(tmp_path: Path) -> None:
    path = tmp_path / "qrels.tsv"
    path.write_text(
        "q1\t0\thttps://a.example/1\t1\n"
        "q1\tQ0\thttps://a.example/2\t2\n"
        "q2\t0\thttps://a.example/3\t0\n"
        "q3\thttps://a.example/4\t1\n"
        "q4\thttps://a.example/5\t0\n"
        "q5\thttps://a.example/6\tsee note\n"
    )
    assert read_qrels(path) == {
        "q1": {"https://a.example/1", "https://a.example/2"},
        "q3": {"https://a.example/4"},
        "q5": {"https://a.example/6"},
    }


def test_tipline_eval_names_the_bad_line_instead_of_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "set"
    shutil.copytree(LABELLED, broken)
    lines = (broken / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps({"text": "no id"})
    (broken / "queries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--set", str(broken)])
    assert result.exit_code == 2
    assert "queries.jsonl:3:" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def labelled_with_lines_added(tmp_path: Path, name: str, *lines: str) -> Path:
    """A copy of the labelled set with these lines at the end of one of its files."""
    copy = tmp_path / "set"
    shutil.copytree(LABELLED, copy)
    with (copy / name).open("a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
    return copy


def test_eval_warns_of_relevant_debunks_missing_from_the_set(
    sqlite_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = labelled_with_lines_added(tmp_path, "qrels.tsv", "v1\thttps://nowhere.example/gone")
    assert eval_command(sqlite_settings, broken) == 0
    assert "warning: 1 urls in qrels.tsv are not in debunks.jsonl" in capsys.readouterr().out


def test_eval_names_the_debunk_lines_it_skipped_and_scores_the_rest(
    sqlite_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    no_url = json.dumps({"@type": "ClaimReview", "claimReviewed": "a claim without its url"})
    broken = labelled_with_lines_added(tmp_path, "debunks.jsonl", "{not json", no_url)
    first_bad = len(LABELLED.joinpath("debunks.jsonl").read_text(encoding="utf-8").splitlines()) + 1
    assert eval_command(sqlite_settings, broken) == 0
    out, err = capsys.readouterr()
    assert "16 debunks (2 problems)" in out and "MAP@5" in out
    assert f"skipped {broken / 'debunks.jsonl'}:{first_bad}: invalid JSON" in err
    assert f"debunks.jsonl:{first_bad + 1}: missing url" in err
