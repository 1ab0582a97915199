"""Resolutions: append-only judgements of claims and propositions.

Resolving a proposition appends a resolution to every claim linked to it, negated for stance
`against` (`partly`, `ambiguous` and `annulled` stay as they are), pointing back with `via_id`.
The latest resolution counts; triggers copy its outcome onto the claim or proposition.
"""

from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.models import Claim, Outcome, Proposition, Resolution, Stance
from app.models.base import utcnow
from app.services import revisions
from app.services.keys import Principal

NEGATION = {Outcome.true: Outcome.false, Outcome.false: Outcome.true}
COLUMNS = tuple(Resolution.__table__.columns)


def for_stance(outcome: Outcome, stance: Stance | None) -> Outcome:
    """The outcome of a claim whose proposition resolved as `outcome`."""
    return NEGATION.get(outcome, outcome) if stance is Stance.against else outcome


def resolve_claim(
    session: Session,
    *,
    claim_id: int,
    values: dict[str, Any],
    actor: Principal,
    via_id: int | None = None,
) -> Resolution:
    """Append a resolution to a claim (and a revision to its history saying why)."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError(f"There is no claim {claim_id}.")
    before = claim.outcome
    resolution = Resolution(
        claim_id=claim_id,
        via_id=via_id,
        resolver=actor.name,
        resolver_key_id=actor.key_id,
        **values,
    )
    session.add(resolution)
    claim.updated_at = utcnow()  # the claim changed: a new version, so stale If-Match fails
    session.flush()
    session.refresh(claim, ["outcome"])  # set by the trigger
    revisions.record(
        session,
        entity="claim",
        entity_id=claim_id,
        version=claim.version,
        action="resolve",
        actor=actor,
        changes={
            "outcome": [before.value if before else None, resolution.outcome.value],
            "resolution": [None, resolution.id],
        },
    )
    return resolution


def resolve_proposition(
    session: Session, *, slug: str, values: dict[str, Any], actor: Principal
) -> Resolution:
    """Append a resolution to a proposition and, through it, to every claim linked to it."""
    proposition = session.scalar(select(Proposition).where(Proposition.slug == slug))
    if proposition is None:
        raise NotFoundError(f"There is no proposition '{slug}'.")
    values = {**values, "outcome": Outcome(values["outcome"])}
    resolution = Resolution(
        proposition_id=proposition.id, resolver=actor.name, resolver_key_id=actor.key_id, **values
    )
    session.add(resolution)
    before = proposition.outcome
    proposition.updated_at = utcnow()
    session.flush()
    session.refresh(proposition, ["outcome"])
    revisions.record(
        session,
        entity="proposition",
        entity_id=proposition.id,
        version=proposition.version,
        action="resolve",
        actor=actor,
        changes={
            "outcome": [before.value if before else None, resolution.outcome.value],
            "resolution": [None, resolution.id],
        },
    )
    linked = session.execute(
        select(Claim.id, Claim.stance).where(Claim.proposition_id == proposition.id)
    ).all()
    for claim_id, stance in linked:
        derived = {**values, "outcome": for_stance(resolution.outcome, stance)}
        resolve_claim(session, claim_id=claim_id, values=derived, actor=actor, via_id=resolution.id)
    return resolution


def inherit(session: Session, *, claim: Claim, actor: Principal) -> None:
    """A claim newly linked to a resolved proposition takes its latest resolution."""
    if claim.proposition_id is None:
        return
    latest = session.scalar(
        select(Resolution)
        .where(Resolution.proposition_id == claim.proposition_id)
        .order_by(Resolution.id.desc())
        .limit(1)
    )
    if latest is None:
        return
    values = {
        "outcome": for_stance(latest.outcome, claim.stance),
        "resolved_on": latest.resolved_on,
        "rationale": latest.rationale,
        "evidence_url": latest.evidence_url,
        "evidence_quote": latest.evidence_quote,
        "evidence_date": latest.evidence_date,
    }
    resolve_claim(session, claim_id=claim.id, values=values, actor=actor, via_id=latest.id)


def history(
    session: Session,
    *,
    claim_id: int | None = None,
    proposition_id: int | None = None,
) -> list[RowMapping]:
    """All resolutions of a claim or a proposition, oldest first."""
    query = select(*COLUMNS).order_by(Resolution.id)
    if claim_id is not None:
        query = query.where(Resolution.claim_id == claim_id)
    if proposition_id is not None:
        query = query.where(Resolution.proposition_id == proposition_id)
    return list(session.execute(query).mappings())
