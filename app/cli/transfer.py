"""`forecasts export` and `forecasts import`: the API's export formats as files, and an NDJSON
export loaded into another database.

The CLI reads the database directly, so an export holds drafts too (as a key holder sees them);
retracted claims are left out unless `--review retracted` asks for them, as in the API.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import orjson
import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.cli.common import JSON, announce, database, err_console, missing, refuse_missing
from app.config import LOCAL_URL
from app.db import make_sessionmaker, transaction
from app.errors import AppError, message
from app.exports.base import Format
from app.exports.lines import Lines
from app.exports.linked import Linked
from app.exports.table import Table
from app.schemas.claims import ClaimQuery
from app.services import claims, exports, imports


class ExportFormat(StrEnum):
    csv = "csv"
    ndjson = "ndjson"
    jsonld = "jsonld"


FORMATS: dict[ExportFormat, Callable[[], Format]] = {
    ExportFormat.csv: Table,
    ExportFormat.ndjson: Lines,
    ExportFormat.jsonld: Linked,
}


def export_command(
    format_: Annotated[ExportFormat, typer.Option("--format", help="File format.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    topic: Annotated[
        list[str] | None, typer.Option(help="Topic slug (and below); repeatable.")
    ] = None,
    expert: Annotated[list[str] | None, typer.Option(help="Expert slug; repeatable.")] = None,
    kind: Annotated[
        list[str] | None, typer.Option(help="forecast, assessment, prescription.")
    ] = None,
    outcome: Annotated[list[str] | None, typer.Option(help="An outcome, or `open`.")] = None,
    review: Annotated[
        list[str] | None, typer.Option(help="draft, verified, disputed, retracted.")
    ] = None,
    source: Annotated[list[int] | None, typer.Option(help="Source id; repeatable.")] = None,
    proposition: Annotated[list[str] | None, typer.Option(help="Proposition slug.")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Source language (BCP 47).")] = None,
    stated_since: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    stated_until: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    resolves_before: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    resolves_after: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    min_probability: Annotated[float | None, typer.Option(help="0–1.")] = None,
    max_probability: Annotated[float | None, typer.Option(help="0–1.")] = None,
    q: Annotated[str | None, typer.Option(help="Words that must all occur.")] = None,
    sort: Annotated[
        str | None, typer.Option(help="As the API's `sort` (default: newest first).")
    ] = None,
    base_url: Annotated[
        str, typer.Option(help="The service's URL, for the links in the file.")
    ] = LOCAL_URL,
    as_json: JSON = False,
) -> None:
    """Export the claims the filters match (all of them, drafts too) as CSV, NDJSON or JSON-LD."""
    values: dict[str, Any] = {
        "topic": topic,
        "expert": expert,
        "kind": kind,
        "outcome": outcome,
        "review": review,
        "source": source,
        "proposition": proposition,
        "language": language,
        "stated_since": stated_since,
        "stated_until": stated_until,
        "resolves_before": resolves_before,
        "resolves_after": resolves_after,
        "min_probability": min_probability,
        "max_probability": max_probability,
        "q": q,
        "sort": sort,
    }
    query = _query({k: v for k, v in values.items() if v is not None})
    absent = missing()
    if absent is not None and output.parent.is_dir() and not output.is_dir():
        announce()  # a path it could write, but no database: refused before the file is made
        refuse_missing(absent)
    try:
        file = output.open("wb")
    except OSError as exc:
        message = f"[red]{escape(str(output))}: cannot write ({exc.strerror or exc})[/]"
        err_console.print(message, soft_wrap=True)  # the path whole, to copy
        raise typer.Exit(2) from exc
    with file:
        written = export(query, FORMATS[format_](), file, base=base_url.rstrip("/"))
    if as_json:
        typer.echo(orjson.dumps({"claims": written, "file": str(output)}).decode())
        return
    err_console.print(f"{written} claims written to {escape(str(output))}")


KINDS = ("topic", "expert", "source", "proposition", "claim")


def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="An NDJSON export.", exists=True, dir_okay=False, metavar="FILE.ndjson"
        ),
    ],
    as_json: JSON = False,
) -> None:
    """Load an NDJSON export: new records are added, ones already here skipped; all or nothing."""
    with database() as engine:
        try:
            with file.open("rb") as lines, transaction(make_sessionmaker(engine)) as session:
                imports.trailer(_last_line(lines))  # a cut file fails before anything is read in
                counts = imports.load(session, lines)
        except AppError as exc:
            err_console.print(f"[red]{escape(exc.detail)}[/]")
            raise typer.Exit(1) from exc
    if as_json:
        shown = {
            f"{kind}s": {"created": counts.created[kind], "skipped": counts.skipped[kind]}
            for kind in KINDS
        }
        typer.echo(orjson.dumps(shown).decode())
        return
    for kind in KINDS:
        created, skipped = counts.created[kind], counts.skipped[kind]
        err_console.print(f"{kind}s: {created} created, {skipped} already here")


def export(query: ClaimQuery, form: Format, output: BinaryIO, *, base: str) -> int:
    """Write every claim `query` matches to `output` in `form`, with a progress bar on stderr."""
    assert query.sort is not None, "the query model fills in its default order"
    plan = exports.Plan(query, claims.SORTS[query.sort], None, drafts=True, complete=True)
    progress = exports.Progress()
    with database(create=False) as engine:
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            total = claims.count(session, query, drafts=True)
        chunks = exports.stream(sessions, plan, form, base=base, progress=progress)
        with _bar(total) as advance:
            for chunk in chunks:
                output.write(chunk)
                advance(progress.count)
    return progress.count


@contextmanager
def _bar(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; the caller reports how many claims are done."""
    columns = (TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # Not drawn into a file or pipe, where it would only leave an empty line before the summary.
    with Progress(
        *columns, console=err_console, transient=True, disable=not err_console.is_terminal
    ) as progress:
        task = progress.add_task("claims", total=total)
        yield lambda done: progress.update(task, completed=done)


def _query(values: dict[str, Any]) -> ClaimQuery:
    """The filters as the API would take them; a clear message and exit 2 when they are not."""
    try:
        return ClaimQuery.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            # The option's name (`--kind`, not `kind.0`); none for a rule across options.
            where = f"--{str(error['loc'][0]).replace('_', '-')}: " if error["loc"] else ""
            err_console.print(f"[red]{escape(where)}{escape(message(error))}[/]")
        raise typer.Exit(2) from exc


def _last_line(file: Any) -> bytes:
    """The file's last non-empty line, read from the end; the file is left at its start."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    block = min(size, 1 << 16)
    file.seek(size - block)
    last = file.read(block).rstrip(b"\n").rsplit(b"\n", 1)[-1]
    file.seek(0)
    return bytes(last)
