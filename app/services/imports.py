"""Load an NDJSON export (`app.exports.lines`) into this database: idempotent, all or nothing.

Claims and sources keep their ids (a claim keeps its URL); experts, topics and propositions are
matched by slug. A record already here is skipped when it is the same one (a source with the same
text, a claim at the same span of the same source) and refused as a conflict when it is not; the
caller's transaction then rolls back, so a refused or cut file changes nothing.
"""

from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from app.services import topics as topics_service
from app.services.import_loader import Counts, ExportFileError, Loader

__all__ = ["Counts", "ExportFileError", "load", "trailer"]


def trailer(last_line: bytes) -> dict[str, Any]:
    """The trailer an export ends with; `ExportFileError` when the file was cut before it."""
    try:
        record = orjson.loads(last_line)
    except orjson.JSONDecodeError:
        record = None
    if not isinstance(record, dict) or record.get("type") != "trailer":
        raise ExportFileError(
            "The file does not end with an export trailer: it was cut short, or is not an export."
        )
    return record


def load(session: Session, lines: Iterable[bytes]) -> Counts:
    """Load every record of an export; the trailer's count must match the claims read."""
    loader = Loader(session)
    try:
        for number, raw in enumerate(lines, 1):
            loader.line = number
            if raw.strip():
                _one(loader, orjson.loads(raw))
        loader.flush()
    except orjson.JSONDecodeError as exc:
        raise ExportFileError(f"Line {loader.line} is not JSON: {exc}.") from exc
    except (KeyError, TypeError, ValueError, StatementError) as exc:
        number = loader.line  # a failed batch insert names the claim at fault
        if isinstance(exc, IntegrityError):
            raise ExportFileError(f"Line {number} conflicts with what is here: {exc.orig}") from exc
        raise ExportFileError(f"Line {number} is not a valid record: {exc!r}.") from exc
    if loader.end is None or loader.end.get("count") != loader.claim_lines:
        expected = loader.end.get("count") if loader.end else "a trailer"
        raise ExportFileError(
            f"The file holds {loader.claim_lines} claims but its trailer says {expected}: "
            "it is not a complete export. Nothing was imported."
        )
    topics_service.recount(session)
    _advance_sequences(session)
    return loader.counts


def _one(loader: Loader, record: Any) -> None:
    kind = record.get("type") if isinstance(record, dict) else None
    handler = getattr(loader, kind, None) if kind in RECORD_TYPES else None
    if handler is None:
        raise ExportFileError(f"A line has no known record type: {str(record)[:80]}")
    if loader.end is not None:
        raise ExportFileError("Records follow the trailer: this is not one export.")
    handler(record)


RECORD_TYPES = frozenset({"topic", "expert", "source", "proposition", "claim", "resolution"})
RECORD_TYPES |= {"trailer"}


def _advance_sequences(session: Session) -> None:
    """PostgreSQL: ids given explicitly leave the id sequences behind; move them past the max."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("claims", "sources"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (constant)
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )
