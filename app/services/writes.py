"""What every write shares: unique-key conflicts as 409s, the optimistic-concurrency check."""

from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import ConflictError, PreconditionFailedError
from app.services import revisions
from app.services.keys import Principal


def flush(session: Session, *, conflict: str) -> None:
    """Flush; a unique-key violation (a concurrent twin included) becomes a 409.

    SQLAlchemy flushes what is pending before it begins a SAVEPOINT, so objects added before this
    call are written outside the savepoint: after a clash the transaction can only be rolled back.
    A caller that wants to go on after a clash begins its own savepoint before adding anything
    (as ingestion does)."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise ConflictError(conflict) from exc
    except StaleDataError as exc:  # another request changed the row after we read it
        raise PreconditionFailedError("The resource changed while this request ran.") from exc


def check_version(current: int, expected: frozenset[int] | None, what: Callable[[], str]) -> None:
    """412 unless the current version is among `expected` (from If-Match; None for `*`)."""
    if expected is not None and current not in expected:
        named = ", ".join(map(str, sorted(expected)))
        raise PreconditionFailedError(
            f"{what()} is at version {current}, not {named}; GET it again and reapply."
        )


def save(
    session: Session,
    record: Any,
    *,
    entity: str,
    action: str,
    changes: dict[str, list[Any]],
    actor: Principal,
    conflict: str,
) -> None:
    """Flush a new or changed record (409 on a unique-key clash) and append its revision."""
    flush(session, conflict=conflict)
    revisions.record(
        session,
        entity=entity,
        entity_id=record.id,
        version=record.version,
        action=action,
        actor=actor,
        changes=changes,
    )
