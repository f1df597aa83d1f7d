from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import make_settings
from tipline.matching import indexing


@pytest.fixture(autouse=True)
def lexical_indexing() -> Iterator[None]:
    """index_debunks reads its settings from configure() (else the environment): tests keep semantic off."""
    indexing.configure(make_settings("sqlite://"))
    yield
    indexing.configure(None, None)
