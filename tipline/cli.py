"""The `tipline` command. Names here are a public contract (DESIGN §5): keep them stable."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from tipline.settings import Settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help="A WhatsApp tipline for election hoaxes.")
debunks_app = typer.Typer(no_args_is_help=True, help="Import and export debunks (ClaimReview).")
app.add_typer(debunks_app, name="debunks")


def _settings() -> Settings:
    return Settings()


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from tipline.db import make_engine
    from tipline.migrate import upgrade

    settings = _settings()
    upgrade(make_engine(settings))
    typer.echo("database is up to date")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Web only; run `tipline worker` apart")
    ] = False,
) -> None:
    """Serve the webhook (and, unless --no-worker, the worker in the same process)."""
    from tipline.serve import run_server

    run_server(_settings(), host=host, port=port, with_worker=not no_worker)


@app.command()
def worker() -> None:
    """Process stored deliveries, answer tips and send the outbox, until stopped."""
    from tipline.worker import run_worker_forever

    run_worker_forever(_settings())


@app.command()
def demo(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
) -> None:
    """Migrate, seed the content and run the product with a fake Graph API and the /simulator page."""
    from tipline.simulator.demo import run_demo

    run_demo(host=host, port=port)


@debunks_app.command("import")
def debunks_import(
    paths: Annotated[
        list[Path], typer.Argument(help="ClaimReview JSON / JSON lines / Fact Check Tools / CSV")
    ],
    no_progress: Annotated[bool, typer.Option("--no-progress")] = False,
) -> None:
    """Import debunks; the same url updates the stored debunk instead of adding a second one."""
    from tipline.debunks.commands import import_command

    raise typer.Exit(import_command(_settings(), paths, progress=not no_progress))


@debunks_app.command("export")
def debunks_export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout)")
    ] = None,
) -> None:
    """Write every stored debunk as ClaimReview JSON lines."""
    from tipline.debunks.commands import export_command

    raise typer.Exit(export_command(_settings(), output))


@app.command()
def match(
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Judge debunk ages (MATCH_MAX_AUTO_AGE_DAYS) on this day instead of today: for a past set",
        ),
    ] = None,
) -> None:
    """JSON lines {"id","text"} in; {"id","decision","matches":[{"url","score","debunk_id"}]} out."""
    from tipline.matching.commands import match_command

    raise typer.Exit(match_command(_settings(), sys.stdin, sys.stdout, as_of.date() if as_of else None))


@app.command("eval")
def eval_(
    set_dir: Annotated[
        Path, typer.Option("--set", help="A folder with debunks.jsonl, queries.jsonl, qrels.tsv")
    ],
    new_claims: Annotated[
        float,
        typer.Option(
            "--new-claims",
            min=0.0,
            max=1.0,
            help="Leave out the debunks of this share of the answerable queries, which then stand for new "
            "claims: false-auto on a set that has no unanswerable queries",
        ),
    ] = 0.0,
    half: Annotated[
        str | None,
        typer.Option(
            "--half",
            help="Score only the even or odd half of the queries (by a hash of their id): what the shipped "
            "models learned from id-turnbackhoax-2024's even half, its odd half checks unseen",
        ),
    ] = None,
) -> None:
    """Measure matching on an evaluation set (imported into a scratch database)."""
    if half not in (None, "even", "odd"):
        typer.echo(f"error: --half takes even or odd, not {half}", err=True)
        raise typer.Exit(2)
    from tipline.matching.commands import eval_command
    from tipline.matching.evaluation import SetFormatError

    try:
        code = eval_command(_settings(), set_dir, new_claims, half)
    except (SetFormatError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    raise typer.Exit(code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
