"""`forecasts serve`, `forecasts db …` and `forecasts sample …`: the service and its database."""

from typing import Annotated

import typer
import uvicorn

from app import migrate
from app.cli.common import console, err_console, load_sample, upgrade
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
    revision = upgrade()
    console.print(f"database at revision [bold]{revision}[/]")
    if sample_data:
        added = load_sample(only_if_empty=True)
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
def db_upgrade() -> None:
    """Apply every migration up to head."""
    console.print(f"database at revision [bold]{upgrade()}[/]")


@db_app.command("current")
def db_current() -> None:
    """Print the database's revision and the newest one available."""
    engine = make_engine(get_settings().database_url)
    try:
        current, head = migrate.current(engine), migrate.head(engine)
    finally:
        engine.dispose()
    state = "up to date" if current == head else "behind: run `forecasts db upgrade`"
    console.print(f"current: [bold]{current or 'empty'}[/]  head: [bold]{head}[/]  ({state})")


@sample_app.command("load")
def sample_load() -> None:
    """Load the seed article's experts, topics and claims (does nothing if already there)."""
    upgrade()
    added = load_sample(only_if_empty=False)
    console.print(f"sample data: {added} claims added" if added else "sample data already loaded")
