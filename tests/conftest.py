"""Shared fixtures: a migrated database on SQLite and on the real PostgreSQL, settings for tests.

PostgreSQL and Redis are real services here (127.0.0.1:5432, :6379). When they cannot be reached the tests
that need them fail: a skipped scaled-mode test would hide exactly the bug it exists to catch.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import tipline.all_models  # noqa: F401
from tipline.db import make_engine
from tipline.migrate import upgrade
from tipline.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = Path(os.environ.get("TIPLINE_SAMPLES_DIR", SHARED / "whatsapp-samples"))
PG_ADMIN_URL = os.environ.get("TIPLINE_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("TIPLINE_TEST_REDIS", "redis://127.0.0.1:6379/15")

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": VERIFY_TOKEN,
        "whatsapp_access_token": "test-access-token",
        "whatsapp_phone_number_id": "1122334455667",
        "graph_api_url": "http://127.0.0.1:9/v25.0",
        "secret_key": "test-secret-key-0123456789abcdef",
        "worker_poll_seconds": 0.05,
        "send_backoff_base_seconds": 0.01,
        "match_semantic": False,
        "match_index_images": False,
        "match_link_previews": False,
        "match_reload_check_seconds": 0.0,
        # Each change is seen by the next tip; test_service.py checks the rebuild in the background.
        "match_rebuild_wait_seconds": 3600.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test session."""
    name = f"tipline_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}", pytrace=False)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def pg_engine(pg_database: str) -> Iterator[Engine]:
    engine = make_engine(make_settings(pg_database))
    upgrade(engine)
    yield engine
    engine.dispose()


def _truncate(engine: Engine) -> None:
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))  # noqa: S608 (table names are ours)


@pytest.fixture(params=["sqlite", "postgres"])
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a migrated, empty database: the same test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        settings = make_settings(f"sqlite:///{tmp_path}/tipline.db")
        engine = make_engine(settings)
        upgrade(engine)
        engine.dispose()
        yield settings
    else:
        pg_engine: Engine = request.getfixturevalue("pg_engine")
        _truncate(pg_engine)
        yield make_settings(request.getfixturevalue("pg_database"))


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    settings = make_settings(f"sqlite:///{tmp_path}/tipline.db")
    engine = make_engine(settings)
    upgrade(engine)
    engine.dispose()
    return settings


@pytest.fixture
def engine(db_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(db_settings)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(sqlite_settings)
    yield engine
    engine.dispose()
