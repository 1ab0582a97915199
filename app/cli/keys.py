"""`forecasts keys …`: API keys for writing, shown once and stored hashed."""

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from app.cli.common import console, db_session, err_console
from app.services import keys

keys_app = typer.Typer(help="API keys for writing.", no_args_is_help=True)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="Who or what uses the key (shown in history).")],
    scope: Annotated[
        list[str], typer.Option(help=f"Repeat for several: {', '.join(keys.SCOPES)}.")
    ],
) -> None:
    """Make a key and print it once; only its hash is stored."""
    with db_session() as session:
        key, plaintext = keys.create(session, name=name, scopes=scope)
        err_console.print(
            f"key [bold]{key.prefix}[/] for {escape(key.name)} ({', '.join(key.scopes)}):"
        )
    # The key alone on stdout, so `KEY=$(forecasts keys create …)` captures it.
    typer.echo(plaintext)


@keys_app.command("list")
def keys_list() -> None:
    """Show every key: prefix, name, scopes, created, revoked."""
    table = Table("prefix", "name", "scopes", "created", "revoked")
    with db_session() as session:
        for key in keys.list_(session):
            revoked = key.revoked_at.strftime("%Y-%m-%d %H:%M") if key.revoked_at else ""
            table.add_row(
                key.prefix,
                escape(key.name),
                ", ".join(key.scopes),
                key.created_at.strftime("%Y-%m-%d %H:%M"),
                revoked,
            )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(prefix: Annotated[str, typer.Argument(help="The key's prefix.")]) -> None:
    """Revoke a key; it stops working at once, and its history stays."""
    with db_session() as session:
        key = keys.revoke(session, prefix=prefix)
        console.print(f"revoked {key.prefix} ({escape(key.name)})")
