"""`tipline demo`: the whole product on one machine, with a fake Graph API and the /simulator page."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from tipline.settings import Settings

DEMO_DEFAULTS = {
    "whatsapp_app_secret": "demo-app-secret",
    "whatsapp_verify_token": "demo-verify-token",
    "whatsapp_access_token": "demo-access-token",
    "whatsapp_phone_number_id": "100000000000001",
}


def _persistent_secret(path: Path) -> str:
    """The demo's own secret key, made once and kept, so stored phone numbers stay readable."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def demo_settings(host: str, port: int) -> Settings:
    base = Settings()
    updates: dict[str, object] = {"demo": True}
    for field, value in DEMO_DEFAULTS.items():
        if not os.environ.get(f"TIPLINE_{field.upper()}"):
            updates[field] = value
    if not os.environ.get("TIPLINE_GRAPH_API_URL"):
        updates["graph_api_url"] = f"http://{host}:{port}/fake-graph/v25.0"
    if not base.secret_key:
        updates["secret_key"] = _persistent_secret(Path("var/demo-secret-key"))
    return base.model_copy(update=updates)


def seed_content(settings: Settings) -> str:
    from tipline.db import make_engine, session_scope
    from tipline.debunks.importer import read_debunks
    from tipline.debunks.models import Debunk
    from tipline.debunks.records import DebunkRecord, ImportProblem
    from tipline.debunks.service import upsert_debunks
    from tipline.matching.indexing import index_debunks
    from tipline.migrate import upgrade

    engine = make_engine(settings)
    upgrade(engine)
    records: list[DebunkRecord] = []
    for path in sorted((settings.content_dir / "debunks").glob("*.jsonl")):
        for item in read_debunks(path):
            if isinstance(item, ImportProblem):
                raise SystemExit(f"seed content is broken: {item}")
            records.append(item)
    with session_scope(engine) as session:
        result = upsert_debunks(session, records)
        index_debunks(session, result.changed_ids)
    with session_scope(engine) as session:
        total = session.query(Debunk).count()
    engine.dispose()
    return f"{total} debunks ({result.created} new, {result.updated} updated)"


def run_demo(host: str, port: int) -> None:
    from tipline.serve import run_server

    settings = demo_settings(host, port)
    print(f"seeding content... {seed_content(settings)}", flush=True)
    url = f"http://{host}:{port}"
    print(
        "\n  tipline demo is running\n"
        f"  simulator (chat as a voter):  {url}/simulator\n"
        f"  webhook (Meta's callback):    {url}/webhooks/whatsapp\n"
        f"  fake Graph API:               {url}/fake-graph/_fake/sent\n"
        f"  health / readiness / metrics: {url}/healthz  {url}/readyz  {url}/metrics\n"
        f"  database: {settings.database_url}\n"
        "  Ctrl+C stops it.\n",
        flush=True,
    )
    run_server(settings, host=host, port=port, with_worker=True)
