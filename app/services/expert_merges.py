"""Merging an expert into another: one person stored twice (a transliteration, a misspelling, an
extractor that did not know them apart).

The merged expert's claims move to the target, each with a revision; its name and aliases become
the target's aliases, so later articles that spell the person that way match the target; fields
the target lacks (role, affiliation, country, links) are filled from it. The merged expert's row
goes, and its slug becomes a redirect: reads of it answer 308 to the target (`MovedError`), and
writes that name it as a claim's expert name the target.
"""

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.errors import ValidationFailedError
from app.models import Claim, Expert, ExpertRedirect
from app.models.base import utcnow
from app.services import changes, experts, revisions, writes
from app.services.keys import Principal

FILLED = ("role", "affiliation", "country")


def _invalid(message: str) -> ValidationFailedError:
    return ValidationFailedError(
        f"into: {message}",
        errors=[{"location": "body", "field": "into", "message": message, "type": "value_error"}],
    )


def merge(
    session: Session,
    *,
    slug: str,
    into: str,
    expected: frozenset[int] | None,
    actor: Principal,
) -> Expert:
    """Merge expert `slug` into expert `into`, if `slug` is still at the `expected` version."""
    source = session.scalar(select(Expert).where(Expert.slug == slug))
    if source is None:
        raise experts.missing(session, slug)
    writes.check_version(source.version, expected, lambda: f"Expert '{slug}'")
    if into == slug:
        raise _invalid("an expert cannot be merged into itself")
    target = session.scalar(select(Expert).where(Expert.slug == into))
    if target is None:
        raise _invalid(f"there is no expert '{into}'")
    moved = _move_claims(session, source, target, actor)
    changed = changes.apply(target, _absorbed(source, target))
    changed["merged_from"] = [None, source.slug]
    if moved:
        changed["claims_moved"] = [None, moved]
    target.updated_at = utcnow()  # its version moves even when it gained no alias
    writes.save(
        session,
        target,
        entity="expert",
        action="merge",
        changes=changed,
        actor=actor,
        conflict="The expert changed while this request ran.",
    )
    _redirect(session, source, target)
    revisions.record(
        session,
        entity="expert",
        entity_id=source.id,
        version=source.version + 1,
        action="merge",
        actor=actor,
        changes={"merged_into": [None, target.slug]},
    )
    session.delete(source)
    writes.flush(session, conflict="The expert changed while this request ran.")
    return target


def _absorbed(source: Expert, target: Expert) -> dict[str, object]:
    """The target's fields with what the merged expert brings: its spellings, and what it lacks."""
    own = {target.name.casefold()}
    spellings = [source.name, *source.aliases]
    aliases = list(target.aliases)
    for name in spellings:
        if name.casefold() not in own | {a.casefold() for a in aliases}:
            aliases.append(name)
    values: dict[str, object] = {"aliases": aliases, "links": source.links | target.links}
    for name in FILLED:
        if getattr(target, name) is None and getattr(source, name) is not None:
            values[name] = getattr(source, name)
    return values


def _move_claims(session: Session, source: Expert, target: Expert, actor: Principal) -> int:
    """Every claim of `source` moved to `target`, each version moved and recorded."""
    rows = session.execute(
        select(Claim.id, Claim.version).where(Claim.expert_id == source.id).order_by(Claim.id)
    ).all()
    if not rows:
        return 0
    session.execute(
        update(Claim)
        .where(Claim.expert_id == source.id)
        .values(expert_id=target.id, version=Claim.version + 1, updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    for claim_id, version in rows:
        revisions.record(
            session,
            entity="claim",
            entity_id=claim_id,
            version=version + 1,
            action="update",
            actor=actor,
            changes={"expert": [source.slug, target.slug]},
        )
    return len(rows)


def _redirect(session: Session, source: Expert, target: Expert) -> None:
    """The merged slug, and every slug that led to it, lead to the target now."""
    session.execute(
        update(ExpertRedirect)
        .where(ExpertRedirect.expert_id == source.id)
        .values(expert_id=target.id, updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    # A slug redirected once, then taken by a new expert, is that expert's now: one redirect.
    session.execute(delete(ExpertRedirect).where(ExpertRedirect.slug == source.slug))
    session.add(ExpertRedirect(slug=source.slug, expert_id=target.id))
