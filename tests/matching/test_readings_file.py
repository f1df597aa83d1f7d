"""A first build takes the readings an earlier process saved, and reads only the debunks changed since."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.matching.helpers import labelled_docs, labelled_records
from tests.matching.test_prepared import EDITED_TIP, CountedPrepare, built_once, same_matcher, store_a_change
from tests.matching.test_service import store
from tipline.matching import readings_file
from tipline.matching.matcher import Matcher
from tipline.matching.prepared import prepare_all
from tipline.matching.readings_file import ReadingsFile
from tipline.matching.service import MatcherService
from tipline.settings import Settings


def test_saved_readings_load_equal_and_share_their_words(tmp_path: Path) -> None:
    _, readings = prepare_all(labelled_docs())
    file = ReadingsFile(tmp_path, "sqlite:///one.db")
    file.save(readings)
    loaded = file.load()
    assert loaded == readings and list(loaded) == list(readings)
    first_words = {}
    for reading in loaded.values():
        for word in (w for part in reading.words for w in part):
            assert first_words.setdefault(word, word) is word  # one string per word, as when read
    assert len({id(w) for w in first_words}) == len(first_words)


def test_readings_of_other_code_another_database_or_a_damaged_file_are_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _, readings = prepare_all(labelled_docs()[:5])
    file = ReadingsFile(tmp_path, "sqlite:///one.db")
    file.save(readings)
    assert ReadingsFile(tmp_path, "sqlite:///other.db").load() == {}
    newer = ReadingsFile(tmp_path, "sqlite:///one.db", version=b"changed reading code")
    assert newer.load() == {}
    file.path.write_bytes(file.path.read_bytes()[:-40])
    with caplog.at_level(logging.WARNING):
        assert file.load() == {}
    assert "unreadable" in caplog.text


CALLS: list[str] = []


def _called(what: str) -> str:
    CALLS.append(what)
    return what


class _Payload:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return _called, ("code ran",)


def test_readings_depend_on_the_code_that_reads_not_on_the_rest_of_matching() -> None:
    modules, packages = readings_file._imports_of(readings_file.READING_MODULE)
    names = {path.name for path in modules}
    # What prepare() runs, down to the stemmer and the word lists' reader...
    assert {"prepared.py", "normalize.py", "stemming.py", "names.py", "urls.py", "settings.py"} <= names
    assert {"Stemmer", "opencc_purepy"} <= packages
    # ...but not the decision, the fusion or the matcher: a deploy changing those keeps the readings.
    assert not {"decision.py", "fusion.py", "matcher.py", "service.py", "semantic.py"} & names


def test_a_readings_file_cannot_run_code(tmp_path: Path) -> None:
    file = ReadingsFile(tmp_path, "sqlite:///one.db")
    with file.path.open("wb") as f:
        pickle.dump((readings_file.FORMAT, file.version, 1), f)
        pickle.dump({b"k": _Payload()}, f)
    assert pickle.loads(pickle.dumps(_Payload())) == "code ran" and CALLS == ["code ran"]  # what it would do
    assert file.load() == {}
    assert CALLS == ["code ran"]


def test_a_second_process_reads_only_the_debunks_changed_since_the_file(
    engine: Engine, db_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The labelled set stands in for a large collection.
    monkeypatch.setattr(readings_file, "MIN_DEBUNKS", 1)
    monkeypatch.setattr(readings_file, "SAVE_MIN_UNSAVED", 1)
    settings = db_settings.model_copy(
        update={"match_reload_check_seconds": 0.0, "match_readings_dir": str(tmp_path / "readings")}
    )
    counted = CountedPrepare(monkeypatch)
    first, records = built_once(engine, settings, counted)
    saved = ReadingsFile(tmp_path / "readings", settings.database_url)
    assert len(saved.load()) == len(first.current_matcher().prepared)

    changed = store_a_change(engine, records)
    restarted = MatcherService(engine, settings)
    result = restarted.match_text(EDITED_TIP)
    assert sorted(counted.claims) == sorted(r.claim_reviewed for r in changed)
    assert result.candidates[0].url == changed[1].url
    same_matcher(restarted.current_matcher(), Matcher(restarted.current_matcher().docs))


def test_small_collections_and_evaluations_write_no_file(
    engine: Engine, db_settings: Settings, tmp_path: Path
) -> None:
    settings = db_settings.model_copy(update={"match_readings_dir": str(tmp_path / "readings")})
    store(engine, labelled_records())
    MatcherService(engine, settings).match_text("pemanasan")
    assert not (tmp_path / "readings").exists()
