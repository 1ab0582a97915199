"""Review decisions, kept as feedback for the extractor: written by the claim write path, so
every key's reviews count (the desk's and any script's), and read by `forecasts eval-extraction
--from-reviews`.

A decision is named by what it did: a review moved to `verified` is an `accept`, to `disputed`
a `dispute`, to `retracted` a `reject`, back to `draft` a `reopen` (the desk's undo); a change of
fields alone is an `edit`; a claim a person creates is an `add`.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extraction.reviewed import HUMAN, Judged
from app.models import Claim, Review, ReviewDecision, Source
from app.services.keys import Principal

ACTIONS = {
    Review.verified: "accept",
    Review.disputed: "dispute",
    Review.retracted: "reject",
    Review.draft: "reopen",
}


def action_for(before: Review | None, after: Review) -> str:
    """The decision a write made: `add` for a new claim, else by the review it moved to."""
    if before is None:
        return "add"
    return ACTIONS[after] if after != before else "edit"


def record(
    session: Session,
    *,
    claim: Claim,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    reason: str | None,
    actor: Principal,
) -> None:
    """Append one decision about `claim` (flushed with the write). `before` is the claim's fields
    before the write (None for a new claim), `after` after it, both JSON-ready."""
    original = after if before is None else _original(session, claim.id) or before
    previous = None if before is None else Review(before["review"])
    session.add(
        ReviewDecision(
            claim_id=claim.id,
            source_id=claim.source_id,
            action=action_for(previous, claim.review),
            review=claim.review,
            reason=reason,
            extractor=claim.extractor,
            extractor_version=claim.extractor_version,
            original=original,
            fields=after,
            actor_key_id=actor.key_id,
            actor=actor.name,
        )
    )


def _original(session: Session, claim_id: int) -> dict[str, Any] | None:
    """The fields the first decision about a claim found, before anyone had changed them."""
    found: dict[str, Any] | None = session.scalar(
        select(ReviewDecision.original)
        .where(ReviewDecision.claim_id == claim_id)
        .order_by(ReviewDecision.id)
        .limit(1)
    )
    return found


def judged(session: Session) -> list[Judged]:
    """Every decided claim as its latest decision left it, and the undecided extracted drafts of
    the sources those claims are in."""
    latest = select(func.max(ReviewDecision.id)).group_by(ReviewDecision.claim_id).scalar_subquery()
    rows = session.execute(
        select(
            ReviewDecision.claim_id,
            ReviewDecision.source_id,
            ReviewDecision.extractor,
            ReviewDecision.review,
            ReviewDecision.original,
            ReviewDecision.fields,
        ).where(ReviewDecision.id.in_(latest))
    ).all()
    found = [Judged(r[0], r[1], r[2], r[3].value, r[4], r[5]) for r in rows]
    sources = {claim.source_id for claim in found}
    undecided = session.execute(
        select(Claim.id, Claim.source_id, Claim.extractor, Claim.review).where(
            Claim.source_id.in_(sources),
            Claim.extractor != HUMAN,
            ~select(ReviewDecision.id).where(ReviewDecision.claim_id == Claim.id).exists(),
        )
    ).all()
    return found + [Judged(r[0], r[1], r[2], r[3].value) for r in undecided]


def titles(session: Session, source_ids: Iterable[int]) -> dict[int, str]:
    """The titles of the sources named."""
    rows = session.execute(select(Source.id, Source.title).where(Source.id.in_(list(source_ids))))
    return {row[0]: row[1] for row in rows}
