"""What every command group shares: the consoles, one session per command, option checks."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.markup import escape
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from app import migrate
from app.config import get_settings
from app.db import make_engine, make_sessionmaker, transaction
from app.errors import AppError
from app.services import sample

console = Console()
err_console = Console(stderr=True)


@contextmanager
def db_session() -> Iterator[Session]:
    """One transaction against the configured database, migrated to head first."""
    engine = make_engine(get_settings().database_url)
    try:
        migrate.upgrade(engine)
        with transaction(make_sessionmaker(engine)) as session:
            yield session
    except AppError as exc:
        err_console.print(f"[red]{escape(exc.detail)}[/]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()


M = TypeVar("M", bound=BaseModel)


def valid(model: type[M], values: dict[str, Any]) -> M:
    """The options as the API would take them; a clear message and exit 2 when they are not."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "input"
            err_console.print(f"[red]{escape(where)}: {escape(error['msg'])}[/]")
        raise typer.Exit(2) from exc


def load_sample(*, only_if_empty: bool) -> int:
    engine = make_engine(get_settings().database_url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            if only_if_empty and not sample.is_empty(session):
                return 0
            return sample.load(session)
    finally:
        engine.dispose()


def upgrade() -> str | None:
    engine = make_engine(get_settings().database_url)
    try:
        migrate.upgrade(engine)
        return migrate.current(engine)
    finally:
        engine.dispose()


def shown_url() -> str:
    """The configured database URL, its password hidden."""
    url = get_settings().database_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)
