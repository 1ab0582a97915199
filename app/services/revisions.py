"""The revision history: every write appends one row naming the key that made it."""

from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.orm import Session

from app.models import Revision
from app.pagination import fetch, sorts
from app.services.keys import Principal

SORTS = sorts(Revision.id, id=(Revision.id, False))


def record(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    version: int,
    action: str,
    actor: Principal,
    changes: dict[str, list[Any]],
) -> None:
    """Append one revision (in the caller's transaction, so it lands with the write or not)."""
    session.add(
        Revision(
            entity=entity,
            entity_id=entity_id,
            entity_version=version,
            action=action,
            actor_key_id=actor.key_id,
            actor=actor.name,
            changes=changes,
        )
    )


def history(
    session: Session, *, entity: str, entity_id: int, after: tuple[Any, Any] | None, limit: int
) -> tuple[list[RowMapping], tuple[Any, Any] | None]:
    """An entity's revisions, oldest first, one page at a time."""
    query = select(
        Revision.id,
        Revision.entity_version,
        Revision.action,
        Revision.actor_key_id,
        Revision.actor,
        Revision.changes,
        Revision.created_at,
    ).where(Revision.entity == entity, Revision.entity_id == entity_id)
    return fetch(session, query, SORTS["id"], after, limit)
