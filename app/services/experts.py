"""Experts: list and get."""

from typing import Any

from sqlalchemy import RowMapping, Select, bindparam, func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.filters import where
from app.models import Claim, Expert, Review
from app.pagination import Sort, fetch, sorts
from app.schemas.experts import ExpertQuery

SORTS = sorts(Expert.id, slug=(Expert.slug, False), name=(Expert.name, False))
COLUMNS = tuple(Expert.__table__.columns)
_BY_SLUG = select(*COLUMNS).where(Expert.slug == bindparam("slug"))
_CLAIM_COUNTS = (
    select(Claim.kind, func.count(Claim.id))
    .where(Claim.expert_id == bindparam("expert_id"), Claim.review != Review.retracted)
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
    """The experts that match `params`, unordered and unpaged."""
    return select(*COLUMNS).where(*where(params, dialect))


def get(session: Session, slug: str) -> RowMapping:
    """One expert by slug; `NotFoundError` when there is none."""
    row = session.execute(_BY_SLUG, {"slug": slug}).mappings().first()
    if row is None:
        raise NotFoundError(f"There is no expert '{slug}'.")
    return row


def claim_counts(session: Session, expert_id: int) -> dict[str, int]:
    """The expert's claims by kind, and in total, leaving retracted ones out."""
    rows = session.execute(_CLAIM_COUNTS, {"expert_id": expert_id})
    counts = {str(kind): n for kind, n in rows}
    return {"total": sum(counts.values()), **counts}
