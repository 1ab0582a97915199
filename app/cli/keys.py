"""`forecasts keys …`: API keys for writing, shown once and stored hashed."""

from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from app.cli.common import JSON, console, db_session, err_console
from app.models import ApiKey
from app.responses import JSON_OPTIONS
from app.services import keys

keys_app = typer.Typer(help="API keys for writing.", no_args_is_help=True)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="Who or what uses the key (shown in history).")],
    scope: Annotated[
        list[str], typer.Option(help=f"Repeat for several: {', '.join(keys.SCOPES)}.")
    ],
    as_json: JSON = False,
) -> None:
    """Make a key and print it once; only its hash is stored."""
    with db_session() as session:
        key, plaintext = keys.create(session, name=name, scopes=scope)
        shown = _shown(key)
        err_console.print(
            f"key [bold]{key.prefix}[/] for {escape(key.name)} ({', '.join(key.scopes)}):"
        )
    if as_json:
        typer.echo(orjson.dumps({**shown, "key": plaintext}, option=JSON_OPTIONS).decode())
        return
    # The key alone on stdout, so `KEY=$(forecasts keys create …)` captures it.
    typer.echo(plaintext)


@keys_app.command("list")
def keys_list(as_json: JSON = False) -> None:
    """Show every key: prefix, name, scopes, created, revoked."""
    with db_session(create=False) as session:
        listed = [_shown(key) for key in keys.list_(session)]
    if as_json:
        typer.echo(orjson.dumps(listed, option=JSON_OPTIONS).decode())
        return
    table = Table("prefix", "name", "scopes", "created", "revoked")
    for key in listed:
        table.add_row(
            key["prefix"],
            escape(key["name"]),
            ", ".join(key["scopes"]),
            key["created_at"].strftime("%Y-%m-%d %H:%M"),
            key["revoked_at"].strftime("%Y-%m-%d %H:%M") if key["revoked_at"] else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    prefix: Annotated[str, typer.Argument(help="The key's prefix.", metavar="PREFIX")],
    as_json: JSON = False,
) -> None:
    """Revoke a key; it stops working at once, and its history stays."""
    with db_session(create=False) as session:
        key = keys.revoke(session, prefix=prefix)
        shown = _shown(key)
    if as_json:
        typer.echo(orjson.dumps(shown, option=JSON_OPTIONS).decode())
        return
    console.print(f"revoked {key.prefix} ({escape(key.name)})")


def _shown(key: ApiKey) -> dict[str, Any]:
    """A key as `--json` prints it: never its hash."""
    return {
        "prefix": key.prefix,
        "name": key.name,
        "scopes": list(key.scopes),
        "created_at": key.created_at,
        "revoked_at": key.revoked_at,
    }
