"""`forecasts db …`: the database's schema migrations and, from `app.cli.backup`, its backups."""

import orjson
import typer

from app import migrate
from app.cli.common import JSON, announce, console, missing, upgrade
from app.config import get_settings
from app.db import make_engine

db_app = typer.Typer(help="The database: schema migrations, backups.", no_args_is_help=True)


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
