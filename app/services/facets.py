"""Facets: how many of the claims a query matches fall under each topic, expert, outcome, kind
and year, each count computed with the list's own filters.

A facet is one GROUP BY over the filtered claims. On a large table a facet can be slow, so the
facets of one request share a time budget: a facet whose query would overrun it is cancelled
(SQLite's progress handler, PostgreSQL's `statement_timeout` inside a savepoint) and reported as
timed out instead of holding the request, the way Datasette bounds its facets.
"""

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    cast,
    column,
    extract,
    func,
    literal_column,
    or_,
    select,
    values,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.util import find_tables

from app import statement_limit
from app.domain.facets import FacetName
from app.filters import refuse_unknown, where, where_given
from app.models import (
    Claim,
    ClaimFacetCount,
    Expert,
    ExpertClaimCount,
    Proposition,
    Source,
    Topic,
    claim_topics,
)
from app.services import claims, generations, topics


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Facet:
    values: list[FacetValue]
    truncated: bool


class FacetTimeoutError(Exception):
    """The facet's query overran what was left of the budget and was cancelled."""


# Its own alias, so that the `topic=` filter's EXISTS over claim_topics is not correlated to it.
_TAGS = claim_topics.alias("facet_tags")
_UNDER = aliased(Topic, name="under")


# The many-to-one joins a facet may need: by the group it counts, or by the filters given.
_JOINS = (
    (Expert, Expert.id == Claim.expert_id),
    (Source, Source.id == Claim.source_id),
    (Proposition, Proposition.id == Claim.proposition_id),
)


def _grouped(
    params: Any,
    drafts: bool,
    dialect: str,
    *columns: Any,
    distinct: bool = False,
    needs: tuple[Any, ...] = (),
) -> Select[Any]:
    """The claims `params` match (as the list filters them), selecting `columns` + a count.

    Only the tables the columns or the filters name are joined, and a claim is counted with
    `count(*)` unless a join can repeat it (`distinct`): over 100k claims the three joins and
    `count(DISTINCT id)` made a facet of kinds 8x slower than the GROUP BY itself."""
    clauses = [*where(params, dialect), claims.visible(drafts)]
    count = func.count(func.distinct(Claim.id)) if distinct else func.count()
    query = select(*columns, count.label("count")).select_from(Claim)
    named = {t for c in clauses for t in find_tables(c, check_columns=True)}
    for model, on in _JOINS:
        if model in needs or model.__table__ in named:
            query = query.join(model, on)
    return query.where(*clauses)


def _query(
    name: FacetName, params: Any, drafts: bool, dialect: str, closure: list[tuple[int, int]]
) -> Select[Any]:
    value: Any
    label: Any
    if name == "topic":
        # A claim counts under its topics and every topic above them, as `topic=` filters: the
        # tree's (topic, ancestor-or-self) pairs, a few dozen, join on equality.
        pairs = values(column("tag", Integer), column("under", Integer), name="pairs")
        under = pairs.data(closure).cte("closure")
        query = (
            _grouped(params, drafts, dialect, _UNDER.slug, _UNDER.name, distinct=True)
            .join(_TAGS, _TAGS.c.claim_id == Claim.id)
            .join(under, under.c.tag == _TAGS.c.topic_id)
            .join(_UNDER, _UNDER.id == under.c.under)
        )
        value, label = _UNDER.slug, _UNDER.name
        if params.topic:
            # Within a topic filter, only the filtered topics and those below them: a value's
            # URL replaces the filter, which lists exactly the claims counted.
            query = query.where(or_(*(_UNDER.path.like(f"%/{slug}/%") for slug in params.topic)))
    elif name == "expert":
        value, label = Expert.slug, Expert.name
        query = _grouped(params, drafts, dialect, value, label, needs=(Expert,))
    elif name == "outcome":
        value = label = func.coalesce(cast(Claim.outcome, String), "open")
        query = _grouped(params, drafts, dialect, value)
    elif name == "kind":
        value = label = cast(Claim.kind, String)
        query = _grouped(params, drafts, dialect, value)
    else:
        value = label = cast(extract("year", Claim.stated_on), String)
        query = _grouped(params, drafts, dialect, value)
    groups = (value, label) if label is not value else (value,)
    return query.group_by(*groups).order_by(literal_column("count").desc(), value)


def count(
    session: Session,
    params: Any,
    names: list[FacetName],
    *,
    drafts: bool,
    size: int,
    budget_ms: int,
    cache: generations.Cache | None = None,
) -> tuple[dict[FacetName, Facet], list[FacetName]]:
    """The top `size` values of each facet in `names`, and the facets that ran out of time.

    With a `cache`, counts are kept per query and generation of the claims' tables: a repeated
    query costs one statement until anything they hold is written."""
    asked = list(dict.fromkeys(names))
    generation = generations.current(session, "claims") if cache is not None else None
    key = (params.model_dump_json(exclude={"facet", "facet_size"}), tuple(asked), size, drafts)
    if cache is not None and generation is not None:
        kept: dict[FacetName, Facet] | None = cache.get(key, generation)
        if kept is not None:
            return kept, []
    found, timed_out = _count(session, params, asked, drafts=drafts, size=size, budget_ms=budget_ms)
    if cache is not None and generation is not None and not timed_out:
        cache.put(key, generation, found)  # what ran out of time is tried again next time
    return found, timed_out


def _count(
    session: Session,
    params: Any,
    asked: list[FacetName],
    *,
    drafts: bool,
    size: int,
    budget_ms: int,
) -> tuple[dict[FacetName, Facet], list[FacetName]]:
    dialect = session.get_bind().dialect.name
    deadline = time.monotonic() + budget_ms / 1000
    found: dict[FacetName, Facet] = {}
    timed_out: list[FacetName] = []
    if not drafts and not where_given(params):
        # The whole published set: its counts are stored, a few rows each, read without a budget.
        stored = _stored(session, asked, size)
        for name in asked:
            values = [FacetValue(value, label, n) for value, label, n in stored[name]]
            found[name] = Facet(values[:size], truncated=len(values) > size)
        return {n: found[n] for n in asked}, []
    for name in sorted(asked, key=_COST.index):  # cheap first: a slow one cannot starve them
        try:
            with bounded(session, deadline):
                rows = _rows(session, name, params, drafts, dialect, size)
        except FacetTimeoutError:
            timed_out.append(name)
            continue
        values = [FacetValue(value, label, n) for value, label, n in rows]
        found[name] = Facet(values[:size], truncated=len(values) > size)
    if found and not any(facet.values for facet in found.values()):
        refuse_unknown(session, params)  # nothing matched: a name that names nothing?
    return {n: found[n] for n in asked if n in found}, [n for n in asked if n in timed_out]


_COST: list[FacetName] = ["kind", "outcome", "year", "expert", "topic"]


def _stored(
    session: Session, asked: list[FacetName], size: int
) -> dict[str, list[tuple[str, str, int]]]:
    """Up to `size + 1` (value, label, count) rows of each facet in `asked` over the published
    claims, most claims first, from the counts kept for them: kind, outcome and year in one
    statement (a few dozen rows in all), expert and topic in one each."""
    found: dict[str, list[tuple[str, str, int]]] = {name: [] for name in asked}
    plain = [name for name in asked if name in _VALUE_FACETS]
    if plain:
        kept = (
            select(ClaimFacetCount.facet, ClaimFacetCount.value, ClaimFacetCount.claim_count)
            .where(ClaimFacetCount.facet.in_(plain), ClaimFacetCount.claim_count > 0)
            .order_by(ClaimFacetCount.claim_count.desc(), ClaimFacetCount.value)
        )
        for facet, value, n in session.execute(kept):
            rows = found[facet]
            if len(rows) <= size:
                rows.append((value, value, n))
    if "expert" in found:
        experts = (
            select(Expert.slug, Expert.name, ExpertClaimCount.claim_count)
            .join(ExpertClaimCount, ExpertClaimCount.expert_id == Expert.id)
            .where(ExpertClaimCount.claim_count > 0)
            .order_by(ExpertClaimCount.claim_count.desc(), Expert.slug)
            .limit(size + 1)
        )
        found["expert"] = [(slug, label, n) for slug, label, n in session.execute(experts)]
    if "topic" in found:
        # The tree keeps these counts.
        stored = (
            select(Topic.slug, Topic.name, Topic.claim_count)
            .where(Topic.claim_count > 0)
            .order_by(Topic.claim_count.desc(), Topic.slug)
            .limit(size + 1)
        )
        found["topic"] = [(slug, label, n) for slug, label, n in session.execute(stored)]
    return found


_VALUE_FACETS = ("kind", "outcome", "year")


def _rows(
    session: Session, name: FacetName, params: Any, drafts: bool, dialect: str, size: int
) -> list[tuple[str, str, int]]:
    """Up to `size + 1` (value, label, count) rows, most claims first, counted."""
    closure = topics.closure(session) if name == "topic" else []
    if name == "topic" and not closure:
        return []
    query = _query(name, params, drafts, dialect, closure).limit(size + 1)
    # Rows are (value, count) or (value, label, count).
    return [(str(r[0]), str(r[-2]), int(r[-1])) for r in session.execute(query)]


@contextmanager
def bounded(session: Session, deadline: float) -> Iterator[None]:
    """Run the statements inside until `deadline` (a `time.monotonic()` value) at the latest;
    `FacetTimeoutError` when it passes, leaving the session's transaction usable."""
    remaining_ms = int((deadline - time.monotonic()) * 1000)
    if remaining_ms <= 0:
        raise FacetTimeoutError
    pooled = session.connection().connection
    raw = pooled.dbapi_connection
    if isinstance(raw, sqlite3.Connection):
        with _sqlite_deadline(raw, deadline, pooled.info):
            try:
                yield
            except DBAPIError as exc:
                if "interrupted" in str(exc.orig):
                    raise FacetTimeoutError from exc
                raise
        return
    before = session.execute(select(func.current_setting("statement_timeout"))).scalar_one()
    savepoint = session.begin_nested()
    try:
        # Local to the transaction, and undone with the savepoint when the query is cancelled.
        session.execute(select(func.set_config("statement_timeout", str(remaining_ms), True)))
        yield
    except DBAPIError as exc:
        savepoint.rollback()
        if getattr(exc.orig, "sqlstate", None) == "57014":  # query_canceled
            raise FacetTimeoutError from exc
        raise
    else:
        session.execute(select(func.set_config("statement_timeout", before, True)))
        savepoint.commit()


@contextmanager
def _sqlite_deadline(
    connection: sqlite3.Connection, deadline: float, info: dict[Any, Any]
) -> Iterator[None]:
    # The handler runs every 1,000 virtual-machine instructions; non-zero interrupts the query.
    overrun: Callable[[], int] = lambda: int(time.monotonic() > deadline)  # noqa: E731
    connection.set_progress_handler(overrun, 1000)
    try:
        yield
    finally:
        statement_limit.restore(connection, info)
