"""`Idempotency-Key` on POST: a replay of the same request gets the first answer and makes
nothing new, even when the two arrive at once; the same key with another body is a 422."""

import hashlib
from collections.abc import Callable

import orjson
from fastapi import Request
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.errors import AppError, InvalidHeaderError, ValidationFailedError
from app.models import IdempotentRequest
from app.services import idempotency
from app.services.keys import Principal

HEADER = "Idempotency-Key"
_REPLAYED_HEADERS = ("location", "etag")


def _fingerprint(request: Request, body: BaseModel) -> str:
    canonical = orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + canonical).hexdigest()


def _replay(stored: IdempotentRequest, fingerprint: str) -> Response:
    if stored.request_sha256 != fingerprint:
        raise ValidationFailedError(
            f"This {HEADER} was used for a different request; use a new key for a new request."
        )
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    return Response(stored.body, stored.status, headers=headers, media_type="application/json")


def checked_key(request: Request) -> str | None:
    """The request's `Idempotency-Key`, refused (400) unless 1 to 255 printable characters."""
    key = request.headers.get(HEADER)
    if key is not None and not (1 <= len(key) <= 255 and key.isprintable()):
        raise InvalidHeaderError(f"{HEADER} must be 1 to 255 printable characters.")
    return key


def idempotently(
    request: Request,
    session: Session,
    principal: Principal,
    body: BaseModel,
    make: Callable[[], Response],
) -> Response:
    """Run `make` once per (API key, Idempotency-Key); store its answer with its effect."""
    key = checked_key(request)
    if key is None:
        return make()
    api_key_id = principal.key_id
    assert api_key_id is not None  # requests always come with a stored key
    fingerprint = _fingerprint(request, body)
    stored = idempotency.find(session, api_key_id=api_key_id, key=key)
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        with session.begin_nested():
            response = make()
            kept = {k: v for k, v in response.headers.items() if k in _REPLAYED_HEADERS}
            idempotency.store(
                session,
                api_key_id=api_key_id,
                key=key,
                request_sha256=fingerprint,
                status=response.status_code,
                headers=kept,
                body=bytes(response.body).decode(),
            )
    except (IntegrityError, AppError):
        # A twin request with the same key committed first: its effect stands, ours is undone.
        stored = idempotency.find(session, api_key_id=api_key_id, key=key)
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    return response
