"""`forecasts ingest` and `forecasts eval-extraction`: articles in, draft claims out, and how
well the extractor does on annotated articles."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer
from rich.markup import escape

from app.cli import articles
from app.cli.common import console, db_session, err_console
from app.responses import JSON_OPTIONS

if TYPE_CHECKING:
    from app.extraction.evaluate import ArticleResult


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.txt, .html, .htm) and folders.", metavar="PATH")
    ],
    title: Annotated[str | None, typer.Option(help="Default: first line, or <title>.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Outlet.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published (never fetched).")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    language: Annotated[str | None, typer.Option(help="BCP 47 tag (default: detected).")] = None,
    author: Annotated[
        str | None,
        typer.Option(help='An op-ed\'s author, "Name" or "Name, role": they speak its claims.'),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Show the drafts; save nothing.")] = False,
    output: Annotated[
        articles.Format, typer.Option("--format", help="A table per article, or JSON.")
    ] = articles.Format.table,
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
) -> None:
    """Extract experts and draft claims from articles and store them (as POST /v1/sources)."""
    options = {"title": title, "publisher": publisher, "url": url, "published_on": date}
    try:
        inputs = articles.prepare(paths, {**options, "language": language, "author": author})
    except articles.InputError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from exc
    with db_session(create=not dry_run, scratch=dry_run) as session:
        results = articles.run(session, inputs, dry_run=dry_run, progress=err_console)
    if as_json or output is articles.Format.json:
        typer.echo(orjson.dumps(articles.as_json(results), option=JSON_OPTIONS).decode())
        return
    for path, result in results:
        console.print(articles.table(path, result))
    console.print(articles.summary(results))
    steps = articles.next_steps(results)
    if steps:
        prose, commands = steps
        console.print(escape(prose))
        for command in commands:
            console.print(f"  {escape(command)}", soft_wrap=True)  # whole, to copy


def eval_extraction(
    directories: Annotated[
        list[Path] | None,
        typer.Argument(help="Folders of <stem>.json annotations and their texts.", metavar="DIR"),
    ] = None,
    detail: Annotated[
        list[str] | None, typer.Option(help="Also list found/missed/extra claims of this stem.")
    ] = None,
    from_reviews: Annotated[
        bool,
        typer.Option(
            "--from-reviews", help="Score on the sources people reviewed in the database instead."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    texts: Annotated[
        Path | None,
        typer.Option(help="Folder of the <stem>.txt texts (the real-article set keeps none)."),
    ] = None,
    fit_score: Annotated[
        bool,
        typer.Option(
            "--fit-score",
            help="Count the drafts right and wrong per kind of evidence and write the table "
            "extraction.score reads (never from a folder named test).",
        ),
    ] = False,
) -> None:
    """Precision and recall of the extractor (experts, expert-claim pairs) on annotated articles,
    or (`--from-reviews`) on the sources whose drafts people accepted, rejected and added to."""
    if from_reviews:
        if directories or detail:
            err_console.print("[red]--from-reviews reads the database: give no DIR or --detail[/]")
            raise typer.Exit(2)
        _from_reviews(as_json=as_json)
        return
    if not directories:
        err_console.print("[red]give folders of annotated articles (DIR…) or --from-reviews[/]")
        raise typer.Exit(2)
    # Imported here: the extractor compiles its rules at import, which other commands don't need.
    from app.extraction import evaluate, report

    missing = [str(d) for d in (*directories, *([texts] if texts else [])) if not d.is_dir()]
    if missing:
        err_console.print(f"[red]not a directory: {escape(', '.join(missing))}[/]")
        raise typer.Exit(2)
    try:
        loaded = [evaluate.load_with_missing(d, texts) for d in directories]
        results = [evaluate.run(item) for found, _ in loaded for item in found]
    except (evaluate.AnnotationError, evaluate.AnchorError) as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from exc
    absent = [stem for _, missing_texts in loaded for stem in missing_texts]
    if absent:
        err_console.print(
            f"{len(absent)} annotated articles have no text in {escape(str(texts))}: left out"
        )
    unknown = set(detail or ()) - {result.stem for result in results}
    if not results or unknown:
        what = ", ".join(sorted(unknown)) if unknown else "articles (<stem>.json naming its text)"
        err_console.print(f"[red]no annotated {escape(what)} in {escape(_listed(directories))}[/]")
        raise typer.Exit(2)
    if fit_score:
        _fit_score(results, directories)
        return
    if as_json:
        typer.echo(orjson.dumps(report.as_json(results), option=JSON_OPTIONS).decode())
        return
    console.print(report.summary_table(results))
    console.print(report.articles_table(results))
    console.print(report.calibration_table(results))
    shown = set(detail or ()) | {p.stem for p in report.SAMPLE_DIR.glob("*.json")}
    for result in results:
        if result.stem in shown:
            console.print(report.comparison_table(result))


def _fit_score(results: list["ArticleResult"], directories: list[Path]) -> None:
    """Write the score table from these articles; the test split is never tuned on."""
    from app.extraction import evaluate, score

    if any(d.name == "test" for d in directories):
        err_console.print("[red]--fit-score never reads the test split: give the dev folders[/]")
        raise typer.Exit(2)
    table = score.fit(evaluate.labelled(results), fitted_on=_listed(directories))
    score.TABLE.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", "utf-8")
    right, total = table["overall"]
    console.print(
        f"{escape(str(score.TABLE))}: {total} drafts ({right} right) in {len(table['cells'])} cells"
        f" from {len(results)} articles"
    )


def _listed(paths: list[Path]) -> str:
    return ", ".join(str(path) for path in paths)


def _from_reviews(*, as_json: bool) -> None:
    from app.extraction import report, reviewed
    from app.services import review_decisions

    with db_session(create=False) as session:
        tallies = reviewed.tally(review_decisions.judged(session))
        titles = review_decisions.titles(session, tallies)
    if as_json:
        typer.echo(orjson.dumps(report.reviews_json(tallies, titles), option=JSON_OPTIONS).decode())
        return
    if not tallies:
        console.print("No reviewed sources yet: accept or reject some drafts first (/review).")
        return
    console.print(report.reviews_table(tallies, titles))
    edits = report.edits_table(tallies)
    if edits is not None:
        console.print(edits)
