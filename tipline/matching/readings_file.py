"""A large collection's readings (prepared.py) kept on disk, so that a worker's first build reads only the
debunks that changed since, instead of all of them.

At 100k debunks reading them is ~21 s of a ~37 s first build; loading the file takes ~0.6 s. Tips wait for
a worker's first build, so every restart on election night (a deploy, a crashed worker) cost that wait.

The file belongs to one database (its name is a hash of the database's URL) and to one version of the
reading code and word lists: a file written by other code is ignored and replaced. It holds only plain data,
and loading refuses any other class than the two it writes, so a tampered file cannot run code.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from tipline.matching.names import NameVotes
from tipline.matching.prepared import PreparedDoc
from tipline.settings import CONTENT_DIR

log = logging.getLogger(__name__)
MIN_DEBUNKS = 5_000  # smaller collections read in a few seconds (tests and the demo write no file)
SAVE_MIN_UNSAVED = 1_000  # readings not yet in the file before it is written again (~0.2 s to read them)
CHUNK = 1_000  # readings pickled at once: ~50 ms holding the GIL, so a background save leaves tips room
FORMAT = b"tipline-readings-1"
_ALLOWED = {(PreparedDoc.__module__, "PreparedDoc"), (NameVotes.__module__, "NameVotes")}
_READING_CODE = (Path(__file__).parent, CONTENT_DIR / "matching")


def reading_version() -> bytes:
    """What a reading depends on: the matching code, its word lists, and Python (pickles and `str` rules)."""
    digest = hashlib.blake2b(FORMAT + sys.version.encode(), digest_size=16)
    for folder in _READING_CODE:
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a readings file")
        return super().find_class(module, name)


class ReadingsFile:
    def __init__(self, directory: Path, database_url: str) -> None:
        name = hashlib.blake2b(database_url.encode(), digest_size=8).hexdigest()
        self.path = directory / f"readings-{name}.pickle"
        self._version = reading_version()

    @staticmethod
    def worth_saving(debunks: int, unsaved: int) -> bool:
        return debunks >= MIN_DEBUNKS and unsaved >= SAVE_MIN_UNSAVED

    def load(self) -> dict[bytes, PreparedDoc]:
        """The saved readings by key; none if there is no file, or one of other code, or a damaged one."""
        try:
            with self.path.open("rb") as f:
                unpickler = _PlainUnpickler(f)
                header = unpickler.load()
                if header != (FORMAT, self._version, header[2]):
                    log.info("readings file %s is of other code: reading every debunk", self.path)
                    return {}
                readings: dict[bytes, PreparedDoc] = {}
                while len(readings) < header[2]:
                    readings.update(unpickler.load())  # the unpickler's memo spans chunks: words stay shared
                return readings
        except FileNotFoundError:
            return {}
        except Exception:
            log.warning("readings file %s is unreadable: reading every debunk", self.path, exc_info=True)
            return {}

    def save(self, readings: Mapping[bytes, PreparedDoc]) -> None:
        """To a temporary file, then renamed: a worker loading meanwhile reads the old file whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".readings-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as f:
                # One pickler for every chunk: its memo writes each shared word once across the file.
                pickler = pickle.Pickler(f, protocol=5)
                pickler.dump((FORMAT, self._version, len(readings)))
                for chunk in _chunks(readings):
                    pickler.dump(chunk)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _chunks(readings: Mapping[bytes, PreparedDoc]) -> Iterator[dict[bytes, PreparedDoc]]:
    items = iter(readings.items())
    while chunk := dict(islice(items, CHUNK)):
        yield chunk
