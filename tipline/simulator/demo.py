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
    # The fake Graph API approves the templates the project ships; a real number needs Meta's approval first.
    "follow_up_template": "tipline_verdict",
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
    """Import the project's seed debunks (idempotent: a restart changes nothing)."""
    import contextlib
    import io

    from tipline.debunks.commands import import_command

    paths = sorted((settings.content_dir / "debunks").glob("*.jsonl"))
    summary = io.StringIO()
    with contextlib.redirect_stdout(summary):
        code = import_command(settings, paths, progress=False)
    if code != 0:
        raise SystemExit(f"seed content could not be imported (exit {code}); see the lines above")
    return summary.getvalue().strip()


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
