"""Experts: list, get, create and update (merging is in `expert_merges`)."""

from typing import Any

from sqlalchemy import Float, RowMapping, Select, bindparam, case, func, select
from sqlalchemy.orm import Session

from app.errors import MovedError, NotFoundError
from app.filters import where
from app.models import Claim, ClaimKind, Expert, ExpertRedirect, Outcome
from app.models.enums import PUBLIC_REVIEWS
from app.pagination import Sort, fetch, sorts
from app.schemas.experts import ExpertQuery
from app.services import changes, writes
from app.services.keys import Principal

_OUTCOME_NUMBER = case((Claim.outcome == Outcome.true, 1.0), else_=0.0)
# Brier score per expert over published forecasts resolved true or false.
_SCORES = (
    select(
        Claim.expert_id.label("expert_id"),
        func.avg(
            (Claim.probability - _OUTCOME_NUMBER) * (Claim.probability - _OUTCOME_NUMBER),
            type_=Float,  # typed, so a cursor on it reads back as a float
        ).label("brier"),
        func.count(Claim.id).label("resolved"),
    )
    .where(
        Claim.kind == ClaimKind.forecast,
        Claim.review.in_(PUBLIC_REVIEWS),
        Claim.probability.is_not(None),
        Claim.outcome.in_((Outcome.true, Outcome.false)),
    )
    .group_by(Claim.expert_id)
    .subquery("scores")
)
SORTS = sorts(
    Expert.id, slug=(Expert.slug, False), name=(Expert.name, False), brier=(_SCORES.c.brier, False)
)
COLUMNS = tuple(Expert.__table__.columns)
_BY_SLUG = select(*COLUMNS).where(Expert.slug == bindparam("slug"))
_CLAIM_COUNTS = (
    select(Claim.kind, func.count(Claim.id))
    .where(Claim.expert_id == bindparam("expert_id"), Claim.review.in_(PUBLIC_REVIEWS))
    .group_by(Claim.kind)
)


def list_(
    session: Session, params: ExpertQuery, *, sort: Sort, after: tuple[Any, Any] | None
) -> tuple[list[RowMapping], tuple[Any, Any] | None, int | None]:
    """One page of experts, the key to resume after, and the total when asked for."""
    query = listing(params, session.get_bind().dialect.name)
    rows, next_after = fetch(session, query, sort, after, params.limit)
    total = None
    if params.count == "exact":
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    return rows, next_after, total


def listing(params: ExpertQuery, dialect: str) -> Select[Any]:
    """The experts that match `params`, unordered and unpaged; with scores for a leaderboard."""
    query = select(*COLUMNS).where(*where(params, dialect))
    if params.min_resolved is None:
        return query
    return (
        query.add_columns(_SCORES.c.brier, _SCORES.c.resolved)
        .join(_SCORES, _SCORES.c.expert_id == Expert.id)
        .where(_SCORES.c.resolved >= params.min_resolved)
    )


def get(session: Session, slug: str) -> RowMapping:
    """One expert by slug; `NotFoundError` when there is none."""
    row = session.execute(_BY_SLUG, {"slug": slug}).mappings().first()
    if row is None:
        raise missing(session, slug)
    return row


def missing(session: Session, slug: str) -> MovedError | NotFoundError:
    """What a slug no expert has means: merged into another expert (a 308), or nothing."""
    became = session.scalar(
        select(Expert.slug)
        .join(ExpertRedirect, ExpertRedirect.expert_id == Expert.id)
        .where(ExpertRedirect.slug == slug)
    )
    if became is not None:
        return MovedError(slug, became)
    return NotFoundError(f"There is no expert '{slug}'.")


def claim_counts(session: Session, expert_id: int) -> dict[str, int]:
    """The expert's published claims (verified or disputed) by kind, and in total."""
    rows = session.execute(_CLAIM_COUNTS, {"expert_id": expert_id})
    counts = {str(kind): n for kind, n in rows}
    return {"total": sum(counts.values()), **counts}


def create(session: Session, *, values: dict[str, Any], actor: Principal) -> Expert:
    """A new expert; 409 when the slug is taken (the unique key says so, in `writes.save`)."""
    expert = Expert(**values)
    session.add(expert)
    writes.save(
        session,
        expert,
        entity="expert",
        action="create",
        changes=changes.created(values),
        actor=actor,
        conflict=f"The slug '{values['slug']}' is taken.",
    )
    return expert


def update(
    session: Session,
    *,
    slug: str,
    values: dict[str, Any],
    expected: frozenset[int] | None,
    actor: Principal,
) -> Expert:
    """Change the fields given, if the expert is still at the `expected` version."""
    expert = session.scalar(select(Expert).where(Expert.slug == slug))
    if expert is None:
        raise missing(session, slug)
    writes.check_version(expert.version, expected, lambda: f"Expert '{slug}'")
    changed = changes.apply(expert, values)
    if changed:
        writes.save(
            session,
            expert,
            entity="expert",
            action="update",
            changes=changed,
            actor=actor,
            conflict="The expert changed while this request ran.",
        )
    return expert
