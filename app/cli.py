"""The `forecasts` command: serve the API, migrate the database, load the sample data."""

from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from app import migrate
from app.config import get_settings
from app.db import make_engine, make_sessionmaker, transaction
from app.services import sample

app = typer.Typer(
    help="Forecast Ledger: structured expert forecasts over HTTP.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
sample_app = typer.Typer(help="The sample data set (the seed article).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(sample_app, name="sample")
console = Console()


def _load_sample(*, only_if_empty: bool) -> int:
    engine = make_engine(get_settings().database_url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            if only_if_empty and not sample.is_empty(session):
                return 0
            return sample.load(session)
    finally:
        engine.dispose()


def _upgrade() -> str | None:
    engine = make_engine(get_settings().database_url)
    try:
        migrate.upgrade(engine)
        return migrate.current(engine)
    finally:
        engine.dispose()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    sample_data: Annotated[
        bool, typer.Option("--sample/--no-sample", help="Load the sample into an empty database.")
    ] = True,
) -> None:
    """Migrate the database to head, load the sample if it is empty, and serve the API."""
    revision = _upgrade()
    console.print(f"database at revision [bold]{revision}[/]")
    if sample_data:
        added = _load_sample(only_if_empty=True)
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
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration up to head."""
    console.print(f"database at revision [bold]{_upgrade()}[/]")


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
    _upgrade()
    added = _load_sample(only_if_empty=False)
    console.print(f"sample data: {added} claims added" if added else "sample data already loaded")
