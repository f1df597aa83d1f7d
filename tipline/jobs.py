"""Claiming work from a table with a lease: at-least-once, never two workers on the same row at once.

A crash after claiming loses nothing: the lease expires and another worker takes the row over.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session


def claim_ids(
    engine: Engine,
    model: Any,
    *,
    ready: ColumnElement[bool],
    now: datetime,
    lease_seconds: float,
    limit: int,
    order_by: Any = None,
) -> list[int]:
    """Lease up to `limit` ready rows and return their ids, in one statement (SKIP LOCKED on PostgreSQL)."""
    table = model.__table__
    free = or_(table.c.leased_until.is_(None), table.c.leased_until < now)
    pick = (
        select(table.c.id)
        .where(ready, free)
        .order_by(order_by if order_by is not None else table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        update(table)
        .where(table.c.id.in_(pick.scalar_subquery()), free)
        .values(leased_until=now + timedelta(seconds=lease_seconds))
        .returning(table.c.id)
    )
    with engine.begin() as conn:
        return sorted(conn.execute(stmt).scalars().all())


def insert_ignore(session: Session, model: Any, values: dict[str, Any], conflict: list[str]) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING; returns the new id, or None when the row already existed."""
    table = model.__table__
    dialect = session.get_bind().dialect.name
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        builder(table).values(**values).on_conflict_do_nothing(index_elements=conflict).returning(table.c.id)
    )
    return session.execute(stmt).scalar_one_or_none()
