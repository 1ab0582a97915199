"""`forecast-ledger-client claims --topic russia --format csv`: claims from a shell, streamed.

Parsing is argparse (no dependency); the progress bar on stderr is Rich's, with the `cli` extra
installed (`pip install "forecast-ledger-client[cli]"`), and plain silence without it. Every
claims filter is an option, read from the same generated `ClaimsParams` the client uses.
"""

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any, Literal, get_args, get_origin, get_type_hints

from forecast_ledger_client import errors
from forecast_ledger_client.client import Client
from forecast_ledger_client.params import ClaimsParams

FORMATS = ("csv", "ndjson", "json")


def _choices(hint: Any) -> list[str] | None:
    literals = [hint] if get_origin(hint) is Literal else []
    literals += [a for a in get_args(hint) if get_origin(a) is Literal]
    return [str(v) for v in get_args(literals[0])] if literals else None


def _add_filters(parser: argparse.ArgumentParser) -> None:
    for name, hint in get_type_hints(ClaimsParams).items():
        text = str(hint)
        repeated = "Sequence" in text
        kind = float if "float" in text else int if text.startswith("int") else str
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            type=kind,
            choices=_choices(hint),
            action="append" if repeated else "store",
            help="repeatable (values OR)" if repeated else None,
        )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="forecast-ledger-client", description=__doc__)
    root.add_argument(
        "--url",
        default=os.environ.get("FORECAST_LEDGER_URL", "http://127.0.0.1:8000"),
        help="the API's base URL (default: $FORECAST_LEDGER_URL or http://127.0.0.1:8000)",
    )
    root.add_argument("--api-key", default=os.environ.get("FORECAST_LEDGER_API_KEY"))
    commands = root.add_subparsers(dest="command", required=True)
    claims = commands.add_parser("claims", help="every claim the filters match")
    claims.add_argument("--format", choices=FORMATS, default="csv")
    claims.add_argument("-o", "--output", help="write here instead of stdout")
    claims.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _add_filters(claims)
    return root


class _Progress:
    """Rich's progress bar when Rich is installed and wanted; otherwise nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.bar: Any = None

    def __enter__(self) -> "_Progress":
        if self.enabled:
            try:
                from rich.console import Console
                from rich.progress import Progress
            except ImportError:  # the `cli` extra is not installed
                return self
            self.bar = Progress(console=Console(stderr=True))
            self.bar.__enter__()
            self.task = self.bar.add_task("claims", total=self.total)
        return self

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _csv_rows(lines: Iterator[str], out: IO[str], progress: _Progress) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    count = -1  # the header is not a claim
    for row in csv.reader(lines):
        writer.writerow(row)
        count += 1
        if count > 0:
            progress.advance()
    return max(count, 0)


def _ndjson_lines(lines: Iterator[str], out: IO[str], progress: _Progress) -> int:
    count = 0
    for line in lines:
        out.write(line + "\n")
        if line.startswith('{"type":"claim"'):
            count += 1
            progress.advance()
    return count


def _json_items(claims: Iterator[dict[str, Any]], out: IO[str], progress: _Progress) -> int:
    out.write("[")
    count = 0
    for claim in claims:
        out.write(("," if count else "") + "\n" + json.dumps(claim, ensure_ascii=False))
        count += 1
        progress.advance()
    out.write("\n]\n")
    return count


def run_claims(client: Client, args: argparse.Namespace, out: IO[str]) -> int:
    names = get_type_hints(ClaimsParams)
    filters: Any = {k: v for k, v in vars(args).items() if k in names and v is not None}
    params: ClaimsParams = filters
    with _Progress(client.count_claims(**params), not args.no_progress) as progress:
        if args.format == "csv":
            return _csv_rows(client.export("csv", **params), out, progress)
        if args.format == "ndjson":
            return _ndjson_lines(client.export("ndjson", **params), out, progress)
        return _json_items(client.export_claims(**params), out, progress)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    target: AbstractContextManager[IO[str]] = (
        open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        if args.output
        else nullcontext(sys.stdout)
    )
    try:
        with Client(args.url, api_key=args.api_key) as client, target as out:
            count = run_claims(client, args, out)
    except errors.ProblemError as error:
        print(f"error: {error}", file=sys.stderr)
        for field in error.errors:
            print(f"  {field.location}.{field.field}: {field.message}", file=sys.stderr)
        return 2
    except errors.ForecastLedgerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.output:
        print(f"{count} claims written to {args.output}", file=sys.stderr)
    return 0
