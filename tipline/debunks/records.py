"""A debunk as read from a file, before it is stored: the importer's output, the service's input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class DebunkRecord:
    url: str
    claim_reviewed: str
    headline: str | None = None
    review_body: str | None = None
    rating: str | None = None
    language: str | None = None
    author_name: str | None = None
    date_published: date | None = None
    identifier: str | None = None
    image_urls: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportProblem:
    """A row we could not import: reported with where it was, the rest of the file still imports."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
