"""`forecasts resolve` and `forecasts scorecard`: outcomes in, track records out."""

import datetime as dt
from typing import Annotated

import orjson
import typer

from app.cli.common import JSON, console, db_session, err_console, valid
from app.cli.tables import scorecard_table
from app.models import Outcome
from app.responses import JSON_OPTIONS
from app.schemas.experts import ScorecardQuery
from app.schemas.propositions import ResolutionCreate
from app.services import experts, resolutions, scorecards
from app.services.keys import Principal


def resolve(
    outcome: Annotated[Outcome, typer.Option(help="What happened.")],
    evidence: Annotated[str, typer.Option(help="URL where the outcome is documented.")],
    note: Annotated[str, typer.Option(help="Why this outcome, in a sentence or two.")],
    claim: Annotated[int | None, typer.Option(help="The claim's id.")] = None,
    proposition: Annotated[str | None, typer.Option(help="The proposition's slug.")] = None,
    on: Annotated[str | None, typer.Option(help="When it became known (YYYY-MM-DD).")] = None,
    resolver: Annotated[str, typer.Option(help="Who resolves (shown in history).")] = "cli",
    as_json: JSON = False,
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
    with db_session(create=False) as session:
        if claim is not None:
            resolutions.resolve_claim(session, claim_id=claim, values=body.columns(), actor=actor)
        else:
            assert proposition is not None
            resolutions.resolve_proposition(
                session, slug=proposition, values=body.columns(), actor=actor
            )
    what = {"claim": claim} if claim is not None else {"proposition": proposition}
    if as_json:
        typer.echo(orjson.dumps({**what, "outcome": outcome.value}).decode())
        return
    name, key = next(iter(what.items()))
    console.print(f"{name} {key}: {outcome.value}")


def scorecard(
    slug: Annotated[str, typer.Argument(help="The expert's slug.", metavar="SLUG")],
    as_of: Annotated[str | None, typer.Option(help="As it stood on this day.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic and below.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """An expert's scorecard: the same numbers as /v1/experts/{slug}/scorecard."""
    query = valid(ScorecardQuery, {"as_of": as_of, "topic": topic})
    with db_session(create=False) as session:
        expert = experts.get(session, slug)
        card = scorecards.for_expert(
            session, expert_id=expert["id"], topic=query.topic, as_of=query.as_of
        )
    if as_json:
        typer.echo(orjson.dumps({"expert": slug, **card}, option=JSON_OPTIONS).decode())
        return
    console.print(scorecard_table(expert["name"], card))
