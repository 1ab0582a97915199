"""What every command group shares: the consoles, the database (said on stderr by every command
that opens it), one session per command, option checks."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from app import migrate
from app.config import get_settings
from app.db import make_engine, make_sessionmaker, sqlite_file, transaction
from app.errors import AppError, field_path, message
from app.services import sample

console = Console()
err_console = Console(stderr=True)

# `--json` on every command whose output a script may read: one JSON document on stdout.
JSON = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


# A dry run against a database that does not exist yet reads an empty one in memory instead.
SCRATCH = "sqlite://"


def missing() -> Path | None:
    """The configured SQLite file when it does not exist yet."""
    path = sqlite_file(get_settings().database_url)
    return path if path is not None and not path.exists() else None


def announce(note: str = "") -> None:
    """Say which database the command uses, on stderr (stdout stays for what scripts read)."""
    err_console.print(f"[dim]database: {escape(shown_url())}{escape(note)}[/]", soft_wrap=True)


def refuse_missing(path: Path) -> None:
    err_console.print(
        f"[red]There is no database at {escape(str(path))} yet: `forecasts serve` or"
        " `forecasts db upgrade` creates it, and FORECASTS_DATABASE_URL names another.[/]",
        soft_wrap=True,
    )
    raise typer.Exit(1)


@contextmanager
def database(*, create: bool = True, scratch: bool = False) -> Iterator[Engine]:
    """The configured database, migrated to head. A SQLite file that does not exist yet is
    made when `create`, replaced by an empty one in memory when `scratch` (a dry run creates
    nothing), and otherwise refused."""
    url, absent = get_settings().database_url, missing()
    if absent is not None and scratch:
        announce(" (not there yet: the dry run reads an empty one in memory, creating nothing)")
        url = SCRATCH
    else:
        announce()
    if absent is not None and url != SCRATCH:
        if not create:
            refuse_missing(absent)
        absent.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        with migrate.exclusive(engine):
            migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def db_session(*, create: bool = True, scratch: bool = False) -> Iterator[Session]:
    """One transaction against the configured database (see `database`)."""
    with database(create=create, scratch=scratch) as engine:
        try:
            with transaction(make_sessionmaker(engine)) as session:
                yield session
        except AppError as exc:
            err_console.print(f"[red]{escape(exc.detail)}[/]")
            raise typer.Exit(1) from exc


M = TypeVar("M", bound=BaseModel)


def valid(model: type[M], values: dict[str, Any]) -> M:
    """The options as the API would take them; a clear message and exit 2 when they are not."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            where = field_path(list(error["loc"])) or "input"
            err_console.print(f"[red]{escape(where)}: {escape(message(error))}[/]")
        raise typer.Exit(2) from exc


def upgrade(*, load: bool | None = None) -> tuple[str | None, int]:
    """Migrate to head, then load the sample (`load`: always; None: into an empty database);
    the revision and the number of claims loaded."""
    with database() as engine:
        added = 0
        if load is not False:
            # Under the lock, so of two processes starting at once only one loads the sample.
            with migrate.exclusive(engine), transaction(make_sessionmaker(engine)) as session:
                if load or sample.is_empty(session):
                    added = sample.load(session)
        return migrate.current(engine), added


def shown_url() -> str:
    """The configured database URL, its password hidden."""
    url = get_settings().database_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)
