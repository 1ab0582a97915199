"""Scorecards: an expert's published forecasts and their outcomes, handed to the pure scorer.

`as_of` reproduces a scorecard as it stood at the end of a day: resolutions recorded after it
are ignored (the latest one recorded by then counts), and "overdue" is judged on that day.
"""

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, aliased

from app.models import Claim, ClaimKind, Outcome, Resolution, Topic, claim_topics
from app.models.enums import PUBLIC_REVIEWS
from app.scoring.forecast import Forecast
from app.scoring.scorecard import scorecard
from app.services import generations


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def _outcomes_as_of(session: Session, claim_ids: list[int], as_of: dt.date) -> dict[int, Outcome]:
    end = _end_of(as_of)
    latest = (
        select(func.max(Resolution.id))
        .where(Resolution.claim_id.in_(claim_ids), Resolution.created_at <= end)
        .group_by(Resolution.claim_id)
    )
    rows = session.execute(
        select(Resolution.claim_id, Resolution.outcome).where(Resolution.id.in_(latest))
    )
    return {claim_id: outcome for claim_id, outcome in rows if claim_id is not None}


# Its own alias: a `?topic=` filter's EXISTS over `topics` must not correlate with this join.
_TOPIC = aliased(Topic)
Claims = Select[*tuple[Any, ...]]


def _with_topics(query: Claims) -> Claims:
    """`query` over claims with each claim's topic paths (a row per topic, one if it has none):
    its claims and their topics in one statement."""
    return (
        query.add_columns(_TOPIC.path)
        .outerjoin(claim_topics, claim_topics.c.claim_id == Claim.id)
        .outerjoin(_TOPIC, _TOPIC.id == claim_topics.c.topic_id)
        .order_by(Claim.id)
    )


def _claims_and_topics(
    session: Session, query: Claims
) -> tuple[list[Row[Any]], dict[int, tuple[str, ...]]]:
    """The claims, and each one's topics and every topic above them, as `?topic=` counts them."""
    claims: dict[int, Row[Any]] = {}
    found: dict[int, set[str]] = defaultdict(set)
    # Core, not the ORM: rows of columns need none of its loading (a fifth of a scorecard).
    for row in session.connection().execute(_with_topics(query)):
        claims.setdefault(row.id, row)
        if row.path is not None:
            found[row.id].update(slug for slug in row.path.split("/") if slug)
    topics = {claim_id: tuple(sorted(slugs)) for claim_id, slugs in found.items()}
    return list(claims.values()), topics


def for_expert(
    session: Session,
    *,
    expert_id: int,
    as_of: dt.date | None = None,
    topic: str | None = None,
    today: dt.date | None = None,
    cache: generations.Cache | None = None,
) -> dict[str, Any]:
    """The expert's scorecard (optionally for one topic and below), as plain JSON-ready data.

    With a `cache`, a scorecard is kept per expert, topic, date and day, for the generation of
    the claims' tables it was read from: what it reads (claims, their topics, resolutions, each
    of which also writes its outcome onto a claim) bumps that generation when written."""
    today = today or dt.datetime.now(dt.UTC).date()
    generation = generations.current(session, "claims") if cache is not None else None
    key = ("scorecard", expert_id, as_of, topic, today)
    if cache is not None and generation is not None:
        kept: dict[str, Any] | None = cache.get(key, generation)
        if kept is not None:
            return kept
    card = _scored(session, expert_id=expert_id, as_of=as_of, topic=topic, today=today)
    if cache is not None and generation is not None:
        cache.put(key, generation, card)
    return card


def _scored(
    session: Session, *, expert_id: int, as_of: dt.date | None, topic: str | None, today: dt.date
) -> dict[str, Any]:
    day = as_of or today
    query = select(
        Claim.id,
        Claim.kind,
        Claim.probability,
        Claim.probability_low,
        Claim.probability_high,
        Claim.outcome,
        Claim.stated_on,
        Claim.horizon_latest,
    ).where(Claim.expert_id == expert_id, Claim.review.in_(PUBLIC_REVIEWS))
    if topic is not None:
        query = query.where(Claim.topics.any(Topic.path.like(f"%/{topic}/%")))
    if as_of is not None:  # claims recorded later were not on the scorecard then
        query = query.where(Claim.created_at <= _end_of(as_of))
    rows, topics = _claims_and_topics(session, query)
    ids = [row.id for row in rows]
    outcomes = (
        _outcomes_as_of(session, ids, as_of)
        if as_of is not None
        else {row.id: row.outcome for row in rows if row.outcome is not None}
    )
    forecasts, unscored = [], Counter[str]()
    for row in rows:
        if row.kind is not ClaimKind.forecast:
            continue
        outcome = outcomes.get(row.id)
        overdue = outcome is None and row.horizon_latest is not None and row.horizon_latest < day
        if row.probability is None:  # counted, never scored
            unscored.update(
                ["forecasts"]
                + (["open"] if outcome is None else [])
                + (["overdue"] if overdue else [])
            )
            continue
        horizon = (row.horizon_latest - row.stated_on).days if row.horizon_latest else None
        forecasts.append(
            Forecast(
                probability=row.probability,
                low=row.probability_low,
                high=row.probability_high,
                outcome=outcome.value if outcome else None,
                topics=topics.get(row.id, ()),
                horizon_days=horizon,
                overdue=overdue,
            )
        )
    card = _rounded(dataclasses.asdict(scorecard(forecasts)))
    for key, n in unscored.items():  # the top-level counts take in forecasts with no probability
        card["counts"][key] += n
    return {
        "as_of": as_of,
        "topic": topic,
        "claims": len(rows),
        "forecasts_without_probability": unscored["forecasts"],
        **card,
    }


def _rounded(value: Any) -> Any:
    """Scores to six decimals: what a reader compares, without float noise (0.0049 not 0.00489…)."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value
