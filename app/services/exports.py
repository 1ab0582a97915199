"""Exports: every claim a query matches, keyset page after keyset page, in constant memory.

`stream` opens its own session (a streamed body outlives the request's), walks the pages the
claims list walks (`services.claims.list_`), adds what the format asks for (related records, each
sent once; resolutions), and yields the format's bytes page by page.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import RowMapping, bindparam, select
from sqlalchemy.orm import Session, aliased

from app.exports.base import Format, Page, PropositionRecord, Resolved
from app.models import Expert, Proposition, Resolution, Source, Topic, proposition_topics
from app.pagination import Sort
from app.schemas.claims import ClaimFilters
from app.services import claims

PAGE = 500  # rows per query of a complete export: big enough to amortise, small enough to stream
Sessions = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True, slots=True)
class Plan:
    """What to export: the filters, where to start, and whether to run to the end."""

    params: ClaimFilters
    sort: Sort
    after: tuple[Any, Any] | None
    drafts: bool
    complete: bool  # every page (no `limit` given), or the one page asked for


@dataclass(slots=True)
class Sent:
    """Related records already written, so each goes out once (ids only: memory stays small)."""

    experts: set[str] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)
    propositions: set[str] = field(default_factory=set)
    via: dict[int, str] = field(default_factory=dict)  # proposition resolution id → `slug/n`
    topics: bool = False


@dataclass(slots=True)
class Progress:
    """Filled in as the export runs: claims written, and where the next page starts."""

    count: int = 0
    after: tuple[Any, Any] | None = None


_PARENT = aliased(Topic)
_TOPICS = (
    select(*Topic.__table__.columns, _PARENT.slug.label("parent"))
    .outerjoin(_PARENT, _PARENT.id == Topic.parent_id)
    .order_by(Topic.path)
)
_EXPERTS = select(*Expert.__table__.columns).where(
    Expert.slug.in_(bindparam("keys", expanding=True))
)
_SOURCES = select(*Source.__table__.columns).where(Source.id.in_(bindparam("keys", expanding=True)))
_PROPOSITIONS = select(*Proposition.__table__.columns).where(
    Proposition.slug.in_(bindparam("keys", expanding=True))
)
_PROPOSITION_TOPICS = (
    select(proposition_topics.c.proposition_id, Topic.slug)
    .join(Topic, Topic.id == proposition_topics.c.topic_id)
    .where(proposition_topics.c.proposition_id.in_(bindparam("keys", expanding=True)))
    .order_by(Topic.slug)
)
_RESOLUTIONS = select(*Resolution.__table__.columns).order_by(Resolution.id)


def pages(session: Session, plan: Plan) -> Iterator[claims.ClaimRows]:
    """The plan's pages of claims: one, or all of them to the end."""
    size = PAGE if plan.complete else plan.params.limit
    params = plan.params.model_copy(update={"limit": size, "count": None})
    after = plan.after
    while True:
        result = claims.list_(session, params, sort=plan.sort, after=after, drafts=plan.drafts)
        yield result
        if not plan.complete or result.after is None:
            return
        after = result.after


def stream(
    sessions: Sessions,
    plan: Plan,
    form: Format,
    *,
    base: str,
    next_url: Callable[[tuple[Any, Any]], str] | None = None,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The export's bytes, a page at a time; `progress` tells the caller how far it got, and
    `next_url` makes the link to the page after a one-page export."""
    progress = progress if progress is not None else Progress()
    sent = Sent()
    yield form.head()
    with sessions() as session:
        for result in pages(session, plan):
            page = Page(result, base)
            if form.related:
                _related(session, page, sent)
            if form.latest_resolution:
                page.latest = _latest(session, [r["id"] for r in result.rows if r["outcome"]])
            progress.count += len(result.rows)
            progress.after = result.after
            yield form.page(page)
    after = progress.after
    yield form.tail(progress.count, next_url(after) if next_url and after is not None else None)


def _related(session: Session, page: Page, sent: Sent) -> None:
    rows = page.claims.rows
    if not sent.topics:
        page.topics, sent.topics = list(session.execute(_TOPICS).mappings()), True
    page.experts = _new(session, _EXPERTS, sent.experts, {r["expert_slug"] for r in rows}, "slug")
    page.sources = _new(session, _SOURCES, sent.sources, {r["source_id"] for r in rows}, "id")
    slugs = {r["proposition_slug"] for r in rows if r["proposition_slug"]}
    found = _new(session, _PROPOSITIONS, sent.propositions, slugs, "slug")
    page.propositions = _propositions(session, found, sent)
    page.resolutions = _resolutions(session, [r["id"] for r in rows], sent)


def _new(
    session: Session, query: Any, sent: set[Any], keys: set[Any], key: str
) -> list[RowMapping]:
    wanted = sorted(keys - sent)
    if not wanted:
        return []
    sent.update(wanted)
    found = session.execute(query, {"keys": wanted}).mappings()
    return sorted(found, key=lambda row: row[key])


def _propositions(session: Session, rows: list[RowMapping], sent: Sent) -> list[PropositionRecord]:
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    topics: dict[int, list[str]] = defaultdict(list)
    for proposition_id, slug in session.execute(_PROPOSITION_TOPICS, {"keys": ids}):
        topics[proposition_id].append(slug)
    resolved: dict[int, list[RowMapping]] = defaultdict(list)
    query = _RESOLUTIONS.where(Resolution.proposition_id.in_(ids))
    for resolution in session.execute(query).mappings():
        resolved[resolution["proposition_id"]].append(resolution)
    records = []
    for row in rows:
        for n, resolution in enumerate(resolved[row["id"]], 1):
            sent.via[resolution["id"]] = f"{row['slug']}/{n}"
        records.append(PropositionRecord(row, topics[row["id"]], resolved[row["id"]]))
    return records


def _resolutions(session: Session, claim_ids: list[int], sent: Sent) -> dict[int, list[Resolved]]:
    found: dict[int, list[Resolved]] = defaultdict(list)
    if not claim_ids:
        return found
    query = _RESOLUTIONS.where(Resolution.claim_id.in_(claim_ids))
    for row in session.execute(query).mappings():
        via = sent.via.get(row["via_id"]) if row["via_id"] is not None else None
        found[row["claim_id"]].append((row, via))
    return found


def _latest(session: Session, claim_ids: list[int]) -> dict[int, RowMapping]:
    """Each claim's latest resolution (the one that counts)."""
    if not claim_ids:
        return {}
    query = _RESOLUTIONS.where(Resolution.claim_id.in_(claim_ids))
    return {row["claim_id"]: row for row in session.execute(query).mappings()}  # last id wins
