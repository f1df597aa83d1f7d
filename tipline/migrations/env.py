"""Alembic environment: runs against the engine the caller passes in, else TIPLINE_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tipline.all_models  # noqa: F401  (registers every table)
from tipline.db import make_engine
from tipline.settings import Settings

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(Settings())
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
