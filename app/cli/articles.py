"""`forecasts ingest`: articles from files and folders, through the API's ingestion pipeline.

Metadata comes from the options, else from an annotation file beside the article (`<stem>.json`,
or any JSON file whose `source.text_file` names it: the corpus and sample format), else the
title from the text itself. Every input is read and checked before the database is touched.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from selectolax.lexbor import LexborHTMLParser
from sqlalchemy.orm import Session

from app.config import LOCAL_URL
from app.errors import AppError, field_path, message
from app.schemas.ingest import document
from app.schemas.sources import SourceCreate
from app.services import ingest
from app.services.keys import Principal

SUFFIXES = frozenset({".txt", ".html", ".htm"})
METADATA = ("title", "publisher", "url", "published_on", "language", "author")
ACTOR = Principal(key_id=None, name="forecasts ingest", scopes=frozenset({"ingest"}))
TITLE_LENGTH = 200


class InputError(Exception):
    """A path or option the command cannot use; nothing has been written."""


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    body: SourceCreate


def collect(paths: Iterable[Path]) -> list[Path]:
    """The article files named, folders walked recursively in sorted order, each file once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and _is_article(p))
        elif path.is_file() and _is_article(path):
            found.append(path)
        elif path.is_file():
            raise InputError(f"{path}: not an article (.txt, .html or .htm)")
        else:
            raise InputError(f"{path}: no such file or folder")
    if not found:
        raise InputError("No .txt, .html or .htm files found.")
    return list(dict.fromkeys(found))


def _is_article(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def prepare(paths: Iterable[Path], options: dict[str, Any]) -> list[Article]:
    """Each file as the request body the API would take; `InputError` naming the first bad one."""
    files = collect(paths)
    if options.get("url") and len(files) > 1:
        raise InputError("--url names one article; give a single file with it.")
    return [_article(path, options) for path in files]


def _article(path: Path, options: dict[str, Any]) -> Article:
    try:
        raw = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    html = path.suffix.lower() != ".txt"
    values: dict[str, Any] = {**annotation(path)}
    values |= {k: v for k, v in options.items() if k in METADATA and v is not None}
    values.setdefault("title", title_of(raw, html=html) or path.stem)
    values["html" if html else "text"] = raw
    try:
        return Article(path, SourceCreate.model_validate(values))
    except ValidationError as exc:
        problems = "; ".join(
            f"{field_path(list(e['loc'])) or 'input'}: {message(e)}" for e in exc.errors()
        )
        raise InputError(f"{path}: {problems}") from exc


def annotation(path: Path) -> dict[str, Any]:
    """The metadata in the annotation file beside `path`, if there is one."""
    beside = path.with_suffix(".json")
    source = _source_block(beside)
    if source is None:
        others = (p for p in sorted(path.parent.glob("*.json")) if p != beside)
        blocks = (_source_block(p) for p in others)
        source = next((b for b in blocks if b and b.get("text_file") == path.name), None)
    return {k: source[k] for k in METADATA if source.get(k) is not None} if source else {}


def _source_block(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None  # not an annotation file
    source = loaded.get("source") if isinstance(loaded, dict) else None
    return source if isinstance(source, dict) else None


def title_of(raw: str, *, html: bool) -> str | None:
    """The HTML's `<title>`, or the first non-empty line of a text."""
    if html:
        node = LexborHTMLParser(raw).css_first("title")
        found = " ".join(node.text().split()) if node is not None else ""
    else:
        found = next((line.strip() for line in raw.splitlines() if line.strip()), "")
    return found[:TITLE_LENGTH].strip() or None


def run(
    session: Session, articles: list[Article], *, dry_run: bool, progress: Console
) -> list[tuple[Path, ingest.Ingestion]]:
    """Ingest each article in the caller's transaction, showing a progress bar on `progress`."""
    done: list[tuple[Path, ingest.Ingestion]] = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    # Gone once done, and not drawn at all into a file or pipe: the summary comes after it.
    with Progress(
        *columns, console=progress, transient=True, disable=not progress.is_terminal
    ) as bar:
        task = bar.add_task("ingesting", total=len(articles))
        for article in articles:
            bar.update(task, description=escape(article.path.name))
            try:
                result = ingest.ingest(
                    session, values=article.body.model_dump(), actor=ACTOR, dry_run=dry_run
                )
            except AppError as exc:
                exc.detail = f"{article.path}: {exc.detail}"
                raise
            done.append((article.path, result))
            bar.advance(task)
    return done


def as_json(results: list[tuple[Path, ingest.Ingestion]]) -> list[dict[str, Any]]:
    """The API's ingestion document per article, with links as paths and the file it came from."""
    return [{"path": str(path), **document(result, base="")} for path, result in results]


def table(path: Path, result: ingest.Ingestion) -> Table:
    """One article: each expert (with role, and whether new) beside the claims found for them,
    each claim its kind, band and horizon over its quote, so the quote keeps most of the width
    of an 80-column terminal or a pipe."""
    source = result.source
    if result.already_ingested:
        state = f"already ingested as source {source['id']}"
    else:
        state = "dry run" if result.dry_run else f"stored as source {source['id']}"
    grid = Table(
        title=f"{escape(path.name)}: {state}", caption=escape(source["title"]), expand=True
    )
    grid.add_column("expert", ratio=1, min_width=14)
    grid.add_column("claim: kind · band · horizon, then the quote", ratio=3)
    claims: dict[str, list[dict[str, Any]]] = {}
    for claim in result.claims:
        claims.setdefault(claim["expert"], []).append(claim)
    for expert in result.experts:
        role = f"\n[dim]{escape(expert['role'])}[/]" if expert["role"] else ""
        who = f"{escape(expert['name'])} ({expert['status']}){role}"
        mine = claims.get(expert["slug"], [])
        if not mine:
            grid.add_row(who, "")
        for index, claim in enumerate(mine):
            grid.add_row(
                who if index == 0 else "",
                _claim_cell(claim),
                end_section=index == len(mine) - 1,
            )
    return grid


def _claim_cell(claim: dict[str, Any]) -> str:
    facts = " · ".join(
        part for part in (claim["kind"], claim["confidence_band"], _horizon(claim)) if part
    )
    return f"[bold]{escape(facts)}[/]\n“{escape(_short(claim['quote']))}”"


def summary(results: list[tuple[Path, ingest.Ingestion]]) -> str:
    """One line: articles, drafts, new experts and topics, and how many were stored before."""
    fresh = [r for _, r in results if not r.already_ingested]
    claims = sum(len(r.claims) for r in fresh)
    experts = sum(e["status"] == "new" for r in fresh for e in r.experts)
    topics = sum(t["status"] == "new" for r in fresh for t in r.topics)
    verb = "found (dry run, nothing saved)" if results and results[0][1].dry_run else "stored"
    return (
        f"{len(results)} article(s): {claims} draft claim(s), {experts} new expert(s),"
        f" {topics} new topic(s) {verb}; {len(results) - len(fresh)} already ingested."
    )


def next_steps(results: list[tuple[Path, ingest.Ingestion]]) -> tuple[str, list[str]] | None:
    """What became of the stored drafts, and the exact requests to see and review them: this
    source's drafts for one article, every draft for several."""
    stored = [document(r, base=LOCAL_URL)["drafts"] for _, r in results]
    stored = [d for d in stored if d["count"]]
    if not stored:
        return None
    see = stored[0]["see"]
    if len(stored) > 1:
        see = f"curl -s '{LOCAL_URL}/v1/claims?review=draft'" + ' -H "Authorization: Bearer $KEY"'
    prose = (
        f"The {sum(d['count'] for d in stored)} draft(s) are hidden from anonymous reads"
        " (lists, counts, scorecards) until reviewed. To see them and publish one, with"
        " `forecasts serve` running and a key with the write scope"
        " (KEY=$(forecasts keys create --name desk --scope write)):"
    )
    return prose, [see, stored[0]["review"]]


def _horizon(claim: dict[str, Any]) -> str:
    earliest, latest = claim["horizon_earliest"], claim["horizon_latest"]
    if earliest is None and latest is None:
        return claim["horizon_phrase"] or ""
    if earliest == latest:
        return f"by {latest}"
    return f"{earliest or '…'} – {latest or '…'}"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Format(StrEnum):
    table = "table"
    json = "json"
