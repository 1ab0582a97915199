"""JSON responses serialised once, straight to bytes, with orjson; ETags for versioned records.

A record's ETag is `"<version>-<digest of the body>"`: the version is what `If-Match` checks
(DESIGN: the version counter is the ETag); the digest changes with anything else the body shows,
so `If-None-Match` never answers 304 for a representation that changed.
"""

import hashlib
import re
from typing import Any

import orjson
from starlette.responses import Response

from app.errors import PreconditionFailedError, PreconditionRequiredError

JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC
_VERSIONED = re.compile(r'^"(\d{1,9})-[0-9a-f]{16}"$')


def versioned_etag(version: int, body: bytes) -> str:
    return f'"{version}-{hashlib.blake2b(body, digest_size=8).hexdigest()}"'


def json_response(
    payload: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
    *,
    version: int | None = None,
) -> Response:
    body = orjson.dumps(payload, option=JSON_OPTIONS)
    headers = dict(headers or {})
    if version is not None:
        headers["ETag"] = versioned_etag(version, body)
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def expected_version(if_match: str | None) -> frozenset[int] | None:
    """The versions an `If-Match` header names; None for `*`. 428 if absent, 412 if none.
    Weak tags (`W/"…"`) never match (RFC 9110 §13.1.1)."""
    if if_match is None:
        raise PreconditionRequiredError(
            "Send `If-Match` with the ETag of the version you are changing (GET it first)."
        )
    tags = [tag.strip() for tag in if_match.split(",") if tag.strip()]
    if "*" in tags:
        return None
    versions = frozenset(int(m.group(1)) for m in map(_VERSIONED.match, tags) if m)
    if not versions:
        raise PreconditionFailedError(f"`If-Match: {if_match}` names no version of this resource.")
    return versions
