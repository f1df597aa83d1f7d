"""DESIGN §3 dependency rules, checked on the source: higher layers import lower, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (package path, prefixes it must never import)
RULES = [
    ("tipline/matching", ("fastapi", "starlette", "webhooks", "replies", "tipline.pipeline", "tipline.app")),
    ("tipline/debunks", ("fastapi", "starlette", "webhooks", "replies", "tipline.pipeline")),
    ("tipline/voters", ("fastapi", "webhooks", "replies", "tipline.pipeline")),
    ("tipline/tips", ("fastapi", "webhooks", "replies", "tipline.pipeline")),
    ("tipline/inbound", ("fastapi", "webhooks", "replies", "tipline.pipeline")),
    ("replies", ("webhooks", "tipline.pipeline", "tipline.app", "tipline.worker", "fastapi")),
    ("tipline/pipeline", ("fastapi", "webhooks")),
    ("webhooks", ("replies", "tipline.pipeline", "tipline.matching")),
]
# The fake Graph API is Meta's side of the wire, not ours; it may use FastAPI inside replies' tests only.


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(("package", "forbidden"), RULES, ids=[r[0] for r in RULES])
def test_package_respects_dependency_direction(package: str, forbidden: tuple[str, ...]) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package} has no Python files"
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(_imports(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    assert not bad, "\n".join(bad)


def test_only_webhooks_reads_metas_inbound_json() -> None:
    """Meta's envelope keys appear only in the inbound edge (and in the simulator, which plays Meta)."""
    allowed = {"webhooks", "tipline/simulator"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("tipline/**/*.py")) + sorted(ROOT.glob("replies/**/*.py"))
        if not any(str(path.relative_to(ROOT)).startswith(a) for a in allowed)
        and '"whatsapp_business_account"' in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
