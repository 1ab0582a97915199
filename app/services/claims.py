"""Claims: list, count and get, selecting columns (never entities) in at most three statements."""

import threading
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from cachetools import LRUCache
from sqlalchemy import (
    ColumnElement,
    RowMapping,
    Select,
    String,
    bindparam,
    func,
    select,
    true,
    tuple_,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.util import find_tables

from app.domain import search as fts
from app.errors import NotFoundError
from app.filters import binds, bound, refuse_unknown, shape, where
from app.models import Claim, Expert, Proposition, Review, Source, Topic, claim_topics
from app.pagination import Sort, fetch, fetch_built, page, sorts
from app.schemas.claims import ClaimFilters
from app.services import search

SORTS = sorts(
    Claim.id,
    stated_on=(Claim.stated_on, False),
    id=(Claim.id, False),
    created_at=(Claim.created_at, False),
    updated_at=(Claim.updated_at, False),
    horizon=(Claim.horizon_latest, True),
    probability=(Claim.probability, True),
    extraction_score=(Claim.extraction_score, True),
    relevance=(fts.SCORE, False),
)

COLUMNS = (
    *(column for column in Claim.__table__.columns),
    Expert.slug.label("expert_slug"),
    Expert.name.label("expert_name"),
    Expert.kind.label("expert_kind"),
    Expert.role.label("expert_role"),
    Source.title.label("source_title"),
    Source.publisher.label("source_publisher"),
    Source.url.label("source_url"),
    Source.published_on.label("source_published_on"),
    Source.language.label("source_language"),
    Proposition.slug.label("proposition_slug"),
)


@dataclass(slots=True)
class TopicRef:
    slug: str
    name: str
    parent: str | None


@dataclass(slots=True)
class ClaimRows:
    """One page of claims as plain rows, their topics, and where the next page starts."""

    rows: list[RowMapping]
    topics: dict[int, list[TopicRef]] = field(default_factory=dict)
    after: tuple[Any, Any] | None = None
    count: int | None = None
    snippets: dict[int, str] = field(default_factory=dict)


def joined(*columns: Any) -> Select[Any]:
    """Claims with their expert and source: many-to-one joins on primary keys, never multiplying."""
    return (
        select(*columns)
        .join(Expert, Expert.id == Claim.expert_id)
        .join(Source, Source.id == Claim.source_id)
        .outerjoin(Proposition, Proposition.id == Claim.proposition_id)
    )


# Built once: constructing a select (and above all an alias) costs more than running it.
_PARENT = aliased(Topic)
_TOPICS_OF_CLAIMS = (
    select(claim_topics.c.claim_id, Topic.slug, Topic.name, _PARENT.slug)
    .join(Topic, Topic.id == claim_topics.c.topic_id)
    .outerjoin(_PARENT, _PARENT.id == Topic.parent_id)
    .where(claim_topics.c.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(claim_topics.c.claim_id, Topic.slug)
)
_ONE_CLAIM = joined(*COLUMNS).where(Claim.id == bindparam("claim_id"))


def _topics(session: Session, claim_ids: list[int]) -> dict[int, list[TopicRef]]:
    found: dict[int, list[TopicRef]] = defaultdict(list)
    rows = session.connection().execute(_TOPICS_OF_CLAIMS, {"ids": claim_ids})
    for claim_id, slug, name, parent_slug in rows:
        found[claim_id].append(TopicRef(slug, name, parent_slug))
    return found


def visible(drafts: bool) -> ColumnElement[bool]:
    """Drafts are for key holders; anonymous readers see published and retracted claims only."""
    return true() if drafts else Claim.review != Review.draft


def list_(
    session: Session,
    params: ClaimFilters,
    *,
    sort: Sort,
    after: tuple[Any, Any] | None,
    drafts: bool = False,
    with_topics: bool = True,
) -> ClaimRows:
    """One page of the claims that match `params`, in `sort` order, after the cursor's row."""
    dialect = session.get_bind().dialect.name
    if params.q and sort.column is fts.SCORE:
        statement, values, sort = _relevance(params, sort, after, drafts, dialect)
        rows, next_after = fetch_built(session, statement, values, sort, params.limit)
    elif built := _built(params, sort, after, drafts, dialect):
        rows, next_after = fetch_built(session, *built, sort, params.limit)
    else:
        query = joined(*COLUMNS).where(*where(params, dialect), visible(drafts))
        rows, next_after = fetch(session, query, sort, after, params.limit)
    if not rows and after is None:
        refuse_unknown(session, params)  # an empty answer, or a name that names nothing?
    result = ClaimRows(rows, after=next_after)
    if with_topics and rows:
        result.topics = _topics(session, [row["id"] for row in rows])
    if params.q and rows:
        result.snippets = search.snippets(session, params.q, [row["id"] for row in rows])
    if params.count == "exact":
        result.count = count(session, params, drafts=drafts)
    return result


# Each list statement, built once per shape of its filters, sort and page: the filters' values,
# the cursor's row and the limit are bind parameters. Statements, not data: never stale.
_BUILT: LRUCache[Hashable, Select[Any]] = LRUCache(maxsize=512)
_BUILT_LOCK = threading.Lock()  # handlers run in a thread pool


def _built(
    params: ClaimFilters, sort: Sort, after: tuple[Any, Any] | None, drafts: bool, dialect: str
) -> tuple[Select[Any], dict[str, Any]] | None:
    """The page's statement and its bind parameters, or None when its filters take free text."""
    shaped = shape(params)
    if shaped is None:
        return None
    key = (type(params), shaped, sort.token, after is not None, params.limit, drafts, dialect)
    with _BUILT_LOCK:
        statement = _BUILT.get(key)
    if statement is None:
        query = joined(*COLUMNS).where(*bound(params, dialect), visible(drafts))
        resume = None
        if after is not None:
            resume = (
                bindparam("after_value", type_=sort.column.type),
                bindparam("after_pk", type_=sort.pk.type),
            )
        statement = page(query, sort, resume, params.limit)
        with _BUILT_LOCK:
            _BUILT[key] = statement
    values = binds(params)
    if after is not None:
        values.update(after_value=after[0], after_pk=after[1])
    return statement, values


# Relevance ranks the newest matches only: the claims with the highest ids among those that
# match `q` and every other filter. Scoring every match is what a search of a common word spends
# its time on (bm25 or ts_rank_cd per row: 330 ms for 200,000 matches of a million claims);
# scoring a bounded set costs the same however common the word. Documented with `sort`.
RANKED_MATCHES = 2_000


def _relevance(
    params: ClaimFilters, sort: Sort, after: tuple[Any, Any] | None, drafts: bool, dialect: str
) -> tuple[Select[Any], dict[str, Any], Sort]:
    """A page by relevance among the newest `RANKED_MATCHES` matches, its bind parameters (the
    text to match bound as `match`) and its order; the statement is built once per shape of the
    other filters, like `_built`'s."""
    filters = params.model_copy(update={"q": None})
    shaped = shape(filters)
    resume = after is not None
    key = (type(filters), shaped, resume, params.limit, drafts, dialect, RANKED_MATCHES)
    with _BUILT_LOCK:
        found = _RANKED.get(key) if shaped is not None else None
    if found is None:
        found = _ranked(filters, sort, resume, drafts, dialect)
        if shaped is not None:
            with _BUILT_LOCK:
                _RANKED[key] = found
    statement, ranked = found
    parsed = fts.parse(params.q or "")
    values = binds(filters)
    values["match"] = parsed.fts5() if dialect == "sqlite" else parsed.tsquery()
    if after is not None:
        values.update(after_value=after[0], after_pk=after[1])
    return statement, values, ranked


def _ranked(
    filters: ClaimFilters, sort: Sort, resume: bool, drafts: bool, dialect: str
) -> tuple[Select[Any], Sort]:
    """The newest matches ranked, the page of them taken before anything is joined to them (so
    the joins run for the page's rows only), then the page's claims with their score."""
    clauses = [*bound(filters, dialect), visible(drafts)]
    named = {t for clause in clauses for t in find_tables(clause, check_columns=True)}
    rows: Any = Claim.__table__
    for table, on, outer in _JOINS:
        if table in named:
            rows = rows.join(table, on, isouter=outer)
    key = Claim.__table__.c.id
    match = bindparam("match", type_=String)
    candidates = fts.newest(fts.CLAIMS, key, rows, match, dialect, RANKED_MATCHES, *clauses)
    best = select(candidates.c.id, candidates.c.score)
    if resume:
        after = (
            bindparam("after_value", type_=candidates.c.score.type),
            bindparam("after_pk", type_=Claim.id.type),
        )
        best = best.where(tuple_(candidates.c.score, candidates.c.id) > tuple_(*after))
    hits = (
        best.order_by(candidates.c.score, candidates.c.id).limit(filters.limit + 1).subquery("hits")
    )
    query = joined(*COLUMNS, hits.c.score).join(hits, hits.c.id == Claim.id)
    ranked = replace(sort, column=hits.c.score)
    return query.order_by(hits.c.score, Claim.id), ranked


_RANKED: LRUCache[Hashable, tuple[Select[Any], Sort]] = LRUCache(maxsize=128)
# What `joined` joins, for the candidates of a ranked search: only what their filters name.
_JOINS = (
    (Expert.__table__, Expert.id == Claim.expert_id, False),
    (Source.__table__, Source.id == Claim.source_id, False),
    (Proposition.__table__, Proposition.id == Claim.proposition_id, True),
)


def count(session: Session, params: ClaimFilters, *, drafts: bool = False) -> int:
    """How many claims match `params`, whatever the page."""
    dialect = session.get_bind().dialect.name
    query = joined(func.count(Claim.id)).where(*where(params, dialect), visible(drafts))
    total: int = session.execute(query).scalar_one()
    return total


def get(session: Session, claim_id: int, *, drafts: bool = False) -> ClaimRows:
    """One claim by id, retracted or not; `NotFoundError` when there is none (or, for an
    anonymous reader, when it is a draft)."""
    row = session.connection().execute(_ONE_CLAIM, {"claim_id": claim_id}).mappings().first()
    if row is None or (row["review"] == Review.draft and not drafts):
        raise NotFoundError(f"There is no claim {claim_id}.")
    return ClaimRows([row], _topics(session, [claim_id]))


_REVIEW_OF = select(Claim.review).where(Claim.id == bindparam("claim_id"))


def check_visible(session: Session, claim_id: int, *, drafts: bool = False) -> None:
    """`NotFoundError` unless the claim exists and the reader may see it (as `get`), in one
    statement that reads nothing else: for routes that show what hangs off a claim."""
    review = session.connection().execute(_REVIEW_OF, {"claim_id": claim_id}).scalar()
    if review is None or (review == Review.draft and not drafts):
        raise NotFoundError(f"There is no claim {claim_id}.")
