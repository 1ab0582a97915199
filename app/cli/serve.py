"""`forecasts serve`: migrate, load the sample into an empty database, and serve the API."""

from typing import Annotated

import typer
import uvicorn
from rich.markup import escape

from app import signing
from app.cli.common import console, err_console, upgrade
from app.config import get_settings


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    sample_data: Annotated[
        bool, typer.Option("--sample/--no-sample", help="Load the sample into an empty database.")
    ] = True,
    grace: Annotated[
        int,
        typer.Option(
            min=0,
            help="Seconds requests in flight may take to finish after SIGTERM or Ctrl-C.",
        ),
    ] = 30,
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
        timeout_graceful_shutdown=grace,
        log_config=None,  # the app's structured logging (app.observability) writes uvicorn's too
    )
