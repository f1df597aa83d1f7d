"""Read debunk files: ClaimReview JSON / JSON array / JSON lines, Fact Check Tools responses, CSV.

Every row that cannot be imported becomes an ImportProblem with its line; the rest of the file imports.
A file that cannot be read at all raises DebunkFileError.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tipline.debunks.claimreview import (
    NotAClaimReview,
    as_list,
    record_from_claimreview,
    records_from_factcheck_claim,
)
from tipline.debunks.csv_format import CsvHeaderError, read_csv
from tipline.debunks.records import DebunkRecord, ImportProblem

JSON_LINES_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
CSV_SUFFIXES = {".csv"}

Item = DebunkRecord | ImportProblem


class DebunkFileError(Exception):
    """The whole file is unreadable: missing, not UTF-8, or in no format we know."""


def read_debunks(path: Path) -> Iterator[DebunkRecord | ImportProblem]:
    for _line, item in read_debunks_with_lines(path):
        yield item


def read_debunks_with_lines(path: Path) -> Iterator[tuple[int, Item]]:
    """Like read_debunks, with the line where each item starts (for progress reporting)."""
    try:
        if path.suffix.lower() in CSV_SUFFIXES:
            yield from _from_csv(path)
            return
        if path.suffix.lower() in JSON_LINES_SUFFIXES:
            yield from _from_json_lines(path)
            return
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, CsvHeaderError) as exc:
        raise DebunkFileError(f"{path}: {exc}") from exc
    yield from _from_sniffed_text(path, text)


def _from_sniffed_text(path: Path, text: str) -> Iterator[tuple[int, Item]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _from_json_array(path, text)
    elif stripped.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            if not _some_line_is_json(stripped):
                raise DebunkFileError(f"{path}: not valid JSON and not JSON lines") from None
            yield from _json_lines(path, text.splitlines())
            return
        line = text[: len(text) - len(stripped)].count("\n") + 1
        for item in _items_from_object(path, line, document):
            yield line, item
    elif _looks_like_csv_header(stripped):
        yield from _from_csv(path)
    elif not stripped:
        return
    else:
        raise DebunkFileError(
            f"{path}: unknown format (expected ClaimReview JSON, JSON lines, a Fact Check Tools response, "
            "or CSV with a url column)"
        )


def _some_line_is_json(text: str, lines_to_try: int = 20) -> bool:
    """A pretty-printed object has no line that is JSON on its own; JSON lines has (nearly) only those."""
    candidates = [line for line in text.split("\n", lines_to_try * 2)[: lines_to_try * 2] if line.strip()]
    for line in candidates[:lines_to_try]:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except json.JSONDecodeError:
            continue
    return False


def _looks_like_csv_header(text: str) -> bool:
    first_line = text.split("\n", 1)[0].lower()
    return "," in first_line and "url" in [cell.strip().strip('"') for cell in first_line.split(",")]


def _from_csv(path: Path) -> Iterator[tuple[int, Item]]:
    try:
        for line, result in read_csv(path):
            if isinstance(result, str):
                yield line, ImportProblem(str(path), line, result)
            else:
                yield line, result
    except (OSError, UnicodeDecodeError, CsvHeaderError) as exc:
        raise DebunkFileError(f"{path}: {exc}") from exc


def _from_json_lines(path: Path) -> Iterator[tuple[int, Item]]:
    with path.open(encoding="utf-8-sig") as handle:
        yield from _json_lines(path, handle)


def _json_lines(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, Item]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ImportProblem(str(path), number, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        for item in _items_from_object(path, number, document):
            yield number, item


def _from_json_array(path: Path, text: str) -> Iterator[tuple[int, Item]]:
    """Walks the array element by element so that each problem can name the line its object starts on."""
    decoder = json.JSONDecoder()
    position = _skip_whitespace(text, text.index("[") + 1)
    counted_to, line = 0, 1

    def line_at(offset: int) -> int:
        nonlocal counted_to, line
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        return line

    if text.startswith("]", position):
        return
    while True:
        try:
            document, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise DebunkFileError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
        start_line = line_at(position)
        for item in _items_from_object(path, start_line, document):
            yield start_line, item
        position = _skip_whitespace(text, end)
        if text.startswith(",", position):
            position = _skip_whitespace(text, position + 1)
        elif text.startswith("]", position):
            break
        else:
            where = line_at(min(position, len(text)))
            raise DebunkFileError(f"{path}:{where}: expected ',' or ']' in the JSON array")
    if text[position + 1 :].strip():
        raise DebunkFileError(f"{path}:{line_at(position)}: unexpected text after the JSON array")


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _items_from_object(path: Path, line: int, document: Any) -> Iterator[Item]:
    if isinstance(document, list):
        for element in document:
            yield from _items_from_object(path, line, element)
        return
    if not isinstance(document, dict):
        yield ImportProblem(str(path), line, f"expected a JSON object, got {type(document).__name__}")
        return
    if isinstance(document.get("claims"), list):
        for claim in document["claims"]:
            yield from _items_from_object(path, line, claim)
        return
    if "claimReview" in document:
        for result in records_from_factcheck_claim(document):
            yield _as_item(path, line, result)
        return
    if isinstance(document.get("@graph"), list):
        context = document.get("@context")
        for node in document["@graph"]:
            if isinstance(node, dict) and _is_claimreview_node(node):
                yield from _items_from_object(path, line, _with_context(node, context))
        return
    try:
        yield record_from_claimreview(document)
    except NotAClaimReview as exc:
        yield ImportProblem(str(path), line, str(exc))


def _is_claimreview_node(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    return any(str(t).rsplit("/", 1)[-1] == "ClaimReview" for t in as_list(types))


def _with_context(node: dict[str, Any], context: Any) -> dict[str, Any]:
    return node if context is None or "@context" in node else {"@context": context, **node}


def _as_item(path: Path, line: int, result: DebunkRecord | NotAClaimReview) -> Item:
    if isinstance(result, NotAClaimReview):
        return ImportProblem(str(path), line, str(result))
    return result
