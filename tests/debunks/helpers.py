"""Sorting what read_debunks yields: the records it could import and the problems it reported."""

from __future__ import annotations

from tipline.debunks.records import DebunkRecord, ImportProblem


def records(items: list[DebunkRecord | ImportProblem]) -> list[DebunkRecord]:
    return [item for item in items if isinstance(item, DebunkRecord)]


def problems(items: list[DebunkRecord | ImportProblem]) -> list[ImportProblem]:
    return [item for item in items if isinstance(item, ImportProblem)]
