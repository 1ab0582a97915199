"""What every write shares: unique-key conflicts as 409s, the optimistic-concurrency check."""

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import ConflictError, PreconditionFailedError


def flush(session: Session, *, conflict: str) -> None:
    """Flush in a savepoint; a unique-key violation (a concurrent twin included) becomes a 409."""
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
