"""The `forecasts` command: one module per command group, registered here in the order of use."""

import sys

import typer
from rich.markup import escape
from sqlalchemy.exc import ArgumentError, OperationalError

from app.cli import backup, db, help, ingest, keys, sample, scoring, serve, transfer
from app.cli.common import err_console, shown_url

help.install()
app = typer.Typer(
    help="Forecast Ledger: structured expert forecasts over HTTP.",
    no_args_is_help=True,
)
app.command()(serve.serve)
db.db_app.command("backup")(backup.backup)
db.db_app.command("restore")(backup.restore)
app.add_typer(db.db_app, name="db")
app.add_typer(sample.sample_app, name="sample")
app.command()(ingest.ingest)
app.command("export")(transfer.export_command)
app.command("import")(transfer.import_command)
app.add_typer(keys.keys_app, name="keys")
app.command()(scoring.resolve)
app.command()(scoring.scorecard)
app.command("eval-extraction")(ingest.eval_extraction)


def main() -> None:
    """The `forecasts` command: the commands above, with a database that cannot be reached or
    named told in one line (exit 1) rather than as a traceback."""
    try:
        app()
    except (OperationalError, ArgumentError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        err_console.print(
            f"[red]cannot use the database {escape(shown_url())}: {escape(reason)}[/]",
            soft_wrap=True,
        )
        sys.exit(1)
