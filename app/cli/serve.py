"""`forecasts serve`, `forecasts db …` and `forecasts sample …`: the service and its database."""

from typing import Annotated

import orjson
import typer
import uvicorn
from rich.markup import escape

from app import migrate, signing
from app.cli.common import JSON, announce, console, err_console, missing, upgrade
from app.config import get_settings
from app.db import make_engine

db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
sample_app = typer.Typer(help="The sample data set (the seed article).", no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    sample_data: Annotated[
        bool, typer.Option("--sample/--no-sample", help="Load the sample into an empty database.")
    ] = True,
) -> None:
    """Migrate the database to head, load the sample if it is empty, and serve the API."""
    settings = get_settings()
    if workers > 1 and settings.rate_limits and settings.redis_url is None:
        err_console.print(
            "[red]Several workers need shared rate-limit counters: set FORECASTS_REDIS_URL "
            "(or FORECASTS_RATE_LIMITS=false).[/]"
        )
        raise typer.Exit(2)
    try:
        signing.check(settings.secret_key, settings.database_url)
    except signing.SecretKeyError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]", soft_wrap=True)
        raise typer.Exit(2) from None
    revision, added = upgrade(load=None if sample_data else False)
    console.print(f"database at revision [bold]{revision}[/]")
    if added:
        console.print(f"loaded the sample data: {added} claims")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
    console.print(f"docs at [link]http://{shown}:{port}/docs[/link]")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        proxy_headers=True,
        server_header=False,
    )


@db_app.command("upgrade")
def db_upgrade(as_json: JSON = False) -> None:
    """Apply every migration up to head."""
    revision, _ = upgrade(load=False)
    if as_json:
        typer.echo(orjson.dumps({"revision": revision}).decode())
        return
    console.print(f"database at revision [bold]{revision}[/]")


@db_app.command("current")
def db_current(as_json: JSON = False) -> None:
    """Print the database's revision and the newest one available (creates nothing)."""
    # A SQLite file that is not there is reported as empty rather than made by connecting.
    absent = missing()
    announce(" (not there yet)" if absent else "")
    engine = make_engine(get_settings().database_url if absent is None else "sqlite://")
    try:
        current, head = migrate.current(engine), migrate.head(engine)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(orjson.dumps({"current": current, "head": head}).decode())
        return
    state = "up to date" if current == head else "behind: run `forecasts db upgrade`"
    console.print(f"current: [bold]{current or 'empty'}[/]  head: [bold]{head}[/]  ({state})")


@sample_app.command("load")
def sample_load(as_json: JSON = False) -> None:
    """Load the seed article's experts, topics and claims (does nothing if already there)."""
    _, added = upgrade(load=True)
    if as_json:
        typer.echo(orjson.dumps({"claims_added": added}).decode())
        return
    console.print(f"sample data: {added} claims added" if added else "sample data already loaded")
