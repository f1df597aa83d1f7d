"""A large collection's readings (prepared.py) kept on disk, so that a worker's first build reads only the
debunks that changed since, instead of all of them.

At 100k debunks reading them is ~21 s of a ~32 s first build; loading the file takes ~0.6 s. Tips wait for
a worker's first build, so every restart on election night (a deploy, a crashed worker) cost that wait.

The file belongs to one database (its name is a hash of the database's URL) and to one version of the
reading code (prepared.py and what it imports) and word lists: a file written by other code is ignored and
replaced. It holds only plain data,
and loading refuses any other class than the two it writes, so a tampered file cannot run code.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

from tipline.matching.names import NameVotes
from tipline.matching.prepared import PreparedDoc
from tipline.settings import CONTENT_DIR, PROJECT_ROOT

log = logging.getLogger(__name__)
MIN_DEBUNKS = 5_000  # smaller collections read in a few seconds (tests and the demo write no file)
SAVE_MIN_UNSAVED = 1_000  # readings not yet in the file before it is written again (~0.2 s to read them)
CHUNK = 1_000  # readings pickled at once: ~50 ms holding the GIL, so a background save leaves tips room
FORMAT = b"tipline-readings-1"
_ALLOWED = {(PreparedDoc.__module__, "PreparedDoc"), (NameVotes.__module__, "NameVotes")}
READING_MODULE = "tipline.matching.prepared"


@cache
def reading_version() -> bytes:
    """What a reading depends on: the code `prepare` runs (prepared.py and the project modules it imports,
    transitively), the versions of the packages those import, the word lists, and Python (pickles, `str`
    rules). A deploy that changes other code (decisions, replies, fusion) keeps the saved readings."""
    modules, packages = _imports_of(READING_MODULE)
    digest = hashlib.blake2b(FORMAT + sys.version.encode(), digest_size=16)
    for path in modules:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    distributions = metadata.packages_distributions()
    for package in sorted(packages):
        for name in sorted(distributions.get(package, [package])):
            digest.update(f"{package}={name}={_version_of(name)}\0".encode())
    lists = CONTENT_DIR / "matching"
    for path in sorted(p for p in lists.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _imports_of(root: str) -> tuple[list[Path], set[str]]:
    """The project's source files `root` runs when imported (its own, its packages' and every project
    module it imports, transitively, read from their syntax), and the other packages they import."""
    files: dict[str, Path] = {}
    packages: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for end in range(1, len(parts) + 1):  # a module runs its packages' __init__ first
            module = ".".join(parts[:end])
            path = _source_of(module)
            if module in files or path is None:
                continue
            files[module] = path
            for node in ast.walk(ast.parse(path.read_bytes())):
                if isinstance(node, ast.Import):
                    found = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
                else:
                    continue
                for imported in found:
                    top = imported.split(".")[0]
                    if top == "tipline":
                        todo.append(imported)
                    elif top not in sys.stdlib_module_names:
                        packages.add(top)
    return sorted(files.values()), packages


def _source_of(module: str) -> Path | None:
    base = PROJECT_ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None  # a name imported from a module, not a module


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a readings file")
        return super().find_class(module, name)


class ReadingsFile:
    def __init__(self, directory: Path, database_url: str, version: bytes | None = None) -> None:
        """`version`: the reading code's (default: this code's, see `reading_version`)."""
        name = hashlib.blake2b(database_url.encode(), digest_size=8).hexdigest()
        self.path = directory / f"readings-{name}.pickle"
        self._given_version = version

    @property
    def version(self) -> bytes:
        # Worked out at the first load or save (~0.2 s, once a process), not for every service made.
        return self._given_version or reading_version()

    @staticmethod
    def worth_saving(debunks: int, unsaved: int) -> bool:
        return debunks >= MIN_DEBUNKS and unsaved >= SAVE_MIN_UNSAVED

    def load(self) -> dict[bytes, PreparedDoc]:
        """The saved readings by key; none if there is no file, or one of other code, or a damaged one."""
        try:
            with self.path.open("rb") as f:
                unpickler = _PlainUnpickler(f)
                header = unpickler.load()
                if header != (FORMAT, self.version, header[2]):
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
                pickler.dump((FORMAT, self.version, len(readings)))
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
