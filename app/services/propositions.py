"""Propositions: list, get, create, update, and the consensus of the claims linked to them."""

import datetime as dt
import statistics
from typing import Any

from sqlalchemy import RowMapping, Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFoundError
from app.filters import where
from app.models import Claim, Expert, Proposition, Stance
from app.models.enums import PUBLIC_REVIEWS
from app.pagination import Sort, page, sorts
from app.schemas.propositions import PropositionQuery
from app.services import changes, writes
from app.services.claim_writes import topics_by_slug
from app.services.keys import Principal

SORTS = sorts(Proposition.id, slug=(Proposition.slug, False))


def listing(params: PropositionQuery, dialect: str) -> Select[Any]:
    """The propositions that match `params`, with their topics loaded."""
    return (
        select(Proposition).options(selectinload(Proposition.topics)).where(*where(params, dialect))
    )


def count(session: Session, params: PropositionQuery) -> int:
    """How many propositions match `params`."""
    query = select(func.count(Proposition.id)).where(
        *where(params, session.get_bind().dialect.name)
    )
    total: int = session.execute(query).scalar_one()
    return total


def list_(
    session: Session, params: PropositionQuery, *, sort: Sort, after: tuple[Any, Any] | None
) -> tuple[list[Proposition], tuple[Any, Any] | None]:
    """One page of propositions and the key to resume after."""
    query = listing(params, session.get_bind().dialect.name)
    found = list(session.scalars(page(query, sort, after, params.limit)))
    if len(found) <= params.limit:
        return found, None
    last = found[params.limit - 1]
    return found[: params.limit], (last.slug, last.id)


def get(session: Session, slug: str) -> Proposition:
    """One proposition by slug, topics loaded; `NotFoundError` when there is none."""
    found = session.scalar(
        select(Proposition)
        .options(selectinload(Proposition.topics))
        .where(Proposition.slug == slug)
    )
    if found is None:
        raise NotFoundError(f"There is no proposition '{slug}'.")
    return found


def create(session: Session, *, values: dict[str, Any], actor: Principal) -> Proposition:
    """A new proposition; 409 when the slug is taken (the unique key says so, in `writes.save`)."""
    topic_slugs = values.pop("topics")
    proposition = Proposition(**values, topics=topics_by_slug(session, topic_slugs))
    session.add(proposition)
    writes.save(
        session,
        proposition,
        entity="proposition",
        action="create",
        changes=changes.created({**values, "topics": topic_slugs or None}),
        actor=actor,
        conflict=f"The proposition slug '{values['slug']}' is taken.",
    )
    return proposition


def update(
    session: Session,
    *,
    slug: str,
    values: dict[str, Any],
    expected: frozenset[int] | None,
    actor: Principal,
) -> Proposition:
    """Change the fields given, if the proposition is at the `expected` version."""
    proposition = get(session, slug)
    writes.check_version(proposition.version, expected, lambda: f"Proposition '{slug}'")
    topic_slugs = values.pop("topics", None)
    changed = changes.apply(proposition, values)
    if topic_slugs is not None:
        old = sorted(t.slug for t in proposition.topics)
        if sorted(topic_slugs) != old:
            proposition.topics = topics_by_slug(session, topic_slugs)
            changed["topics"] = [old, sorted(topic_slugs)]
    if changed:
        proposition.updated_at = dt.datetime.now(dt.UTC)
        writes.save(
            session,
            proposition,
            entity="proposition",
            action="update",
            changes=changed,
            actor=actor,
            conflict="The proposition changed while this request ran.",
        )
    return proposition


def positions(session: Session, proposition_id: int) -> list[RowMapping]:
    """The published claims linked to a proposition, with their experts."""
    query = (
        select(
            Claim.id,
            Claim.stance,
            Claim.probability,
            Claim.probability_low,
            Claim.probability_high,
            Expert.slug.label("expert"),
        )
        .join(Expert, Expert.id == Claim.expert_id)
        .where(Claim.proposition_id == proposition_id, Claim.review.in_(PUBLIC_REVIEWS))
        .order_by(Claim.id)
    )
    return list(session.execute(query).mappings())


def of_proposition(row: RowMapping) -> tuple[float | None, float | None, float | None]:
    """A claim's band as the probability that its *proposition* is true."""
    p, low, high = row["probability"], row["probability_low"], row["probability_high"]
    if p is None or row["stance"] is Stance.for_:
        return p, low, high
    return round(1 - p, 4), round(1 - high, 4), round(1 - low, 4)


def aggregate(rows: list[RowMapping]) -> dict[str, Any]:
    """Counts per side, and mean, median and spread of the probabilities given."""
    given = [p for p, _, _ in map(of_proposition, rows) if p is not None]
    summary: dict[str, Any] = {
        "count": len(rows),
        "for": sum(r["stance"] is Stance.for_ for r in rows),
        "against": sum(r["stance"] is Stance.against for r in rows),
        "with_probability": len(given),
    }
    if given:
        summary |= {
            "mean": round(statistics.fmean(given), 4),
            "median": round(statistics.median(given), 4),
            "stdev": round(statistics.pstdev(given), 4),
            "min": min(given),
            "max": max(given),
        }
    return summary
