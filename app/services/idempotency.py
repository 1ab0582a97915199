"""Stored answers to POSTs made with an `Idempotency-Key`, one per (API key, idempotency key)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import IdempotentRequest


def find(session: Session, *, api_key_id: int, key: str) -> IdempotentRequest | None:
    """The stored request made with this key by this API key, if any."""
    return session.scalar(
        select(IdempotentRequest).where(
            IdempotentRequest.api_key_id == api_key_id, IdempotentRequest.key == key
        )
    )


def store(
    session: Session,
    *,
    api_key_id: int,
    key: str,
    request_sha256: str,
    status: int,
    headers: dict[str, Any],
    body: str,
) -> None:
    """Keep the answer; flushed with the effect, so both land in one transaction or neither."""
    session.add(
        IdempotentRequest(
            api_key_id=api_key_id,
            key=key,
            request_sha256=request_sha256,
            status=status,
            headers=headers,
            body=body,
        )
    )
    session.flush()
