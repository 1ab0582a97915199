"""`forecasts db backup FILE` and `forecasts db restore FILE`: a consistent copy of a live database.

SQLite uses its online backup API: one snapshot of the database as of one moment, taken while
the server keeps reading and writing (WAL lets writers go on), written beside FILE and renamed
into place so a cut-short backup never leaves a half-written FILE. PostgreSQL uses `pg_dump`
in its custom format and `pg_restore`, which must be on the PATH; the password travels in
the environment, never on a command line other users can see.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Annotated, NoReturn

import orjson
import typer
from rich.markup import escape
from sqlalchemy import make_url

from app.cli.common import JSON, announce, console, err_console, refuse_missing
from app.config import get_settings
from app.db import sqlite_file

FILE = Annotated[Path, typer.Argument(help="The backup file.", dir_okay=False)]


def backup(file: FILE, as_json: JSON = False) -> None:
    """Copy the database, while it serves, into FILE (SQLite: a database file; PostgreSQL: a
    pg_dump archive)."""
    announce()
    url = get_settings().database_url
    database = sqlite_file(url)
    partial = file.with_name(file.name + ".partial")
    partial.unlink(missing_ok=True)
    if database is None:
        _run("pg_dump", "--format=custom", "--no-owner", f"--file={partial}", url=url)
    else:
        if not database.exists():
            refuse_missing(database)
        _sqlite_copy(database, partial)
    partial.replace(file)
    _report("backed up to", file, as_json)


def restore(file: FILE, as_json: JSON = False) -> None:
    """Replace the database's contents with the backup in FILE (made by `forecasts db backup`)."""
    announce()
    if not file.is_file():
        _fail(f"There is no backup at {file}.", code=2)
    url = get_settings().database_url
    database = sqlite_file(url)
    if database is None:
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            str(file),
            url=url,
        )
    else:
        _check_sqlite_backup(file)
        database.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(file, database)
    _report("restored from", file, as_json)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with the online backup API: all pages in one step, so the copy is one snapshot."""
    with (
        _connect(f"file:{source}?mode=ro", uri=True) as origin,
        _connect(str(target)) as destination,
    ):
        origin.backup(destination)


def _connect(name: str, *, uri: bool = False) -> sqlite3.Connection:
    connection = sqlite3.connect(name, uri=uri, timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def _check_sqlite_backup(file: Path) -> None:
    try:
        with _connect(f"file:{file}?mode=ro", uri=True) as connection:
            (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        _fail(f"{file} is not a SQLite database: {exc}.", code=2)
    if "alembic_version" not in tables:
        _fail(f"{file} is not a Forecast Ledger database (it has no schema revision).", code=2)
    if integrity != "ok":
        _fail(f"{file} is damaged (integrity check: {integrity}); nothing was restored.")


def _run(tool: str, *args: str, url: str) -> None:
    """Run a PostgreSQL client tool against `url`; its own message and exit 1 if it fails."""
    executable = shutil.which(tool)
    if executable is None:
        _fail(f"{tool} is not installed: it comes with PostgreSQL's client tools.")
    parsed = make_url(url)
    target = parsed.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    argv = [executable, *args, f"--dbname={target.render_as_string(hide_password=False)}"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        _fail(f"{tool} failed: {done.stderr.strip()}")


def _fail(message: str, *, code: int = 1) -> NoReturn:
    err_console.print(f"[red]{escape(message)}[/]", soft_wrap=True)
    raise typer.Exit(code)


def _report(verb: str, file: Path, as_json: bool) -> None:
    if as_json:
        typer.echo(orjson.dumps({"file": str(file), "bytes": file.stat().st_size}).decode())
        return
    console.print(f"{verb} [bold]{escape(str(file))}[/] ({file.stat().st_size:,} bytes)")
