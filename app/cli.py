"""The `forecasts` command: serve the API, migrate the database, load the sample data."""

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import orjson
import typer
import uvicorn
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from app import cli_export, cli_ingest, migrate
from app.api.responses import JSON_OPTIONS
from app.cli_tables import scorecard_table
from app.config import get_settings
from app.db import make_engine, make_sessionmaker, transaction
from app.errors import AppError
from app.models import Outcome
from app.schemas.experts import ScorecardQuery
from app.schemas.propositions import ResolutionCreate
from app.services import experts, keys, resolutions, sample, scorecards
from app.services.keys import Principal

app = typer.Typer(
    help="Forecast Ledger: structured expert forecasts over HTTP.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
sample_app = typer.Typer(help="The sample data set (the seed article).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(sample_app, name="sample")
console = Console()
err_console = Console(stderr=True)


@contextmanager
def _session() -> Iterator[Session]:
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


def _valid(model: type[M], values: dict[str, Any]) -> M:
    """The options as the API would take them; a clear message and exit 2 when they are not."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "input"
            err_console.print(f"[red]{escape(where)}: {escape(error['msg'])}[/]")
        raise typer.Exit(2) from exc


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
    settings = get_settings()
    if workers > 1 and settings.rate_limits and settings.redis_url is None:
        err_console.print(
            "[red]Several workers need shared rate-limit counters: set FORECASTS_REDIS_URL "
            "(or FORECASTS_RATE_LIMITS=false).[/]"
        )
        raise typer.Exit(2)
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


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .html, .htm) and folders.")],
    title: Annotated[str | None, typer.Option(help="Default: first line, or <title>.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Outlet.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published (never fetched).")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    language: Annotated[str | None, typer.Option(help="BCP 47 tag (default: detected).")] = None,
    dry_run: Annotated[bool, typer.Option(help="Show the drafts; save nothing.")] = False,
    output: Annotated[
        cli_ingest.Format, typer.Option("--format", help="A table per article, or JSON.")
    ] = cli_ingest.Format.table,
) -> None:
    """Extract experts and draft claims from articles and store them (as POST /v1/sources)."""
    options = {"title": title, "publisher": publisher, "url": url, "published_on": date}
    try:
        articles = cli_ingest.prepare(paths, {**options, "language": language})
    except cli_ingest.InputError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from exc
    with _session() as session:
        results = cli_ingest.run(session, articles, dry_run=dry_run, progress=err_console)
    if output is cli_ingest.Format.json:
        typer.echo(orjson.dumps(cli_ingest.as_json(results), option=JSON_OPTIONS).decode())
        return
    for path, result in results:
        console.print(cli_ingest.table(path, result))
    console.print(cli_ingest.summary(results), soft_wrap=True)


# Registered here so that `forecasts --help` lists them after `ingest`, in the order of use.
app.command("export")(cli_export.export_command)
app.command("import")(cli_export.import_command)
keys_app = typer.Typer(help="API keys for writing.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="Who or what uses the key (shown in history).")],
    scope: Annotated[
        list[str], typer.Option(help=f"Repeat for several: {', '.join(keys.SCOPES)}.")
    ],
) -> None:
    """Make a key and print it once; only its hash is stored."""
    with _session() as session:
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
    with _session() as session:
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
    with _session() as session:
        key = keys.revoke(session, prefix=prefix)
        console.print(f"revoked {key.prefix} ({escape(key.name)})")


@app.command()
def resolve(
    outcome: Annotated[Outcome, typer.Option(help="What happened.")],
    evidence: Annotated[str, typer.Option(help="URL where the outcome is documented.")],
    note: Annotated[str, typer.Option(help="Why this outcome, in a sentence or two.")],
    claim: Annotated[int | None, typer.Option(help="The claim's id.")] = None,
    proposition: Annotated[str | None, typer.Option(help="The proposition's slug.")] = None,
    on: Annotated[str | None, typer.Option(help="When it became known (YYYY-MM-DD).")] = None,
    resolver: Annotated[str, typer.Option(help="Who resolves (shown in history).")] = "cli",
) -> None:
    """Resolve a claim or a proposition (and every claim linked to it)."""
    if (claim is None) == (proposition is None):
        err_console.print("[red]Give exactly one of --claim and --proposition.[/]")
        raise typer.Exit(2)
    body = ResolutionCreate.model_validate(
        {
            "outcome": outcome,
            "resolved_on": on or dt.date.today().isoformat(),
            "rationale": note,
            "evidence": {"url": evidence},
        }
    )
    actor = Principal(key_id=None, name=resolver, scopes=frozenset({"resolve"}))
    with _session() as session:
        if claim is not None:
            resolutions.resolve_claim(session, claim_id=claim, values=body.columns(), actor=actor)
            console.print(f"claim {claim}: {outcome.value}")
        else:
            assert proposition is not None
            resolutions.resolve_proposition(
                session, slug=proposition, values=body.columns(), actor=actor
            )
            console.print(f"proposition {proposition}: {outcome.value}")


@app.command()
def scorecard(
    slug: Annotated[str, typer.Argument(help="The expert's slug.")],
    as_of: Annotated[str | None, typer.Option(help="As it stood on this day.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic and below.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """An expert's scorecard: the same numbers as /v1/experts/{slug}/scorecard."""
    query = _valid(ScorecardQuery, {"as_of": as_of, "topic": topic})
    with _session() as session:
        expert = experts.get(session, slug)
        card = scorecards.for_expert(
            session, expert_id=expert["id"], topic=query.topic, as_of=query.as_of
        )
    if as_json:
        typer.echo(orjson.dumps({"expert": slug, **card}, option=JSON_OPTIONS).decode())
        return
    console.print(scorecard_table(expert["name"], card))


@app.command("eval-extraction")
def eval_extraction(
    directories: Annotated[
        list[Path], typer.Argument(help="Folders of <stem>.json annotations and their texts.")
    ],
    detail: Annotated[
        list[str] | None, typer.Option(help="Also list found/missed/extra claims of this stem.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Precision and recall of the extractor (experts, expert-claim pairs) on annotated articles."""
    # Imported here: the extractor compiles its rules at import, which other commands don't need.
    from app.extraction import evaluate, report

    missing = [str(d) for d in directories if not d.is_dir()]
    if missing:
        err_console.print(f"[red]not a directory: {escape(', '.join(missing))}[/]")
        raise typer.Exit(2)
    try:
        results = evaluate.evaluate(directories)
    except evaluate.AnnotationError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from exc
    unknown = set(detail or ()) - {result.stem for result in results}
    if not results or unknown:
        what = ", ".join(sorted(unknown)) if unknown else "articles (<stem>.json naming its text)"
        err_console.print(f"[red]no annotated {escape(what)} in {escape(_listed(directories))}[/]")
        raise typer.Exit(2)
    if as_json:
        typer.echo(orjson.dumps(report.as_json(results), option=JSON_OPTIONS).decode())
        return
    console.print(report.summary_table(results))
    console.print(report.articles_table(results))
    shown = set(detail or ()) | {p.stem for p in report.SAMPLE_DIR.glob("*.json")}
    for result in results:
        if result.stem in shown:
            console.print(report.comparison_table(result))


def _listed(paths: list[Path]) -> str:
    return ", ".join(str(path) for path in paths)


def main() -> None:
    """The `forecasts` command: the commands above, with a database that cannot be reached or
    named told in one line (exit 1) rather than as a traceback."""
    try:
        app()
    except (OperationalError, ArgumentError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        err_console.print(
            f"[red]cannot use the database {escape(_shown_url())}: {escape(reason)}[/]"
        )
        sys.exit(1)


def _shown_url() -> str:
    """The configured database URL, its password hidden."""
    url = get_settings().database_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)
