"""`forecasts sample …`: the sample data set (the seed article)."""

import orjson
import typer

from app.cli.common import JSON, console, upgrade

sample_app = typer.Typer(help="The sample data set (the seed article).", no_args_is_help=True)


@sample_app.command("load")
def sample_load(as_json: JSON = False) -> None:
    """Load the seed article's experts, topics and claims (does nothing if already there)."""
    _, added = upgrade(load=True)
    if as_json:
        typer.echo(orjson.dumps({"claims_added": added}).decode())
        return
    console.print(f"sample data: {added} claims added" if added else "sample data already loaded")
