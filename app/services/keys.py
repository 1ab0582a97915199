"""API keys: made here, shown once, stored as a prefix and the SHA-256 of the secret part.

A key reads `fl_<prefix>_<secret>`. The prefix finds the row; the secret's hash is compared in
constant time. Keys are never logged.
"""

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UnauthorizedError, ValidationFailedError
from app.models import ApiKey

SCOPES = ("write", "resolve", "ingest", "admin")
_KEY = re.compile(r"^fl_([0-9a-f]{12})_([A-Za-z0-9_-]{32,128})$")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: the key's id and name, and what it may do (`admin` may do everything)."""

    key_id: int | None  # None for the service itself (the sample data)
    name: str
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(session: Session, *, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """A new key and its plaintext, which is not stored and cannot be shown again."""
    if not 1 <= len(name) <= 100 or not name.isprintable():
        raise ValidationFailedError("A key's name is 1 to 100 printable characters.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationFailedError(
            f"Scopes must be some of {', '.join(SCOPES)}; got {', '.join(unknown) or 'none'}."
        )
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=prefix, secret_sha256=_digest(secret), scopes=sorted(scopes))
    session.add(key)
    session.flush()
    return key, f"fl_{prefix}_{secret}"


def list_(session: Session) -> list[ApiKey]:
    """Every key, newest first, revoked ones included."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id.desc())))


def revoke(session: Session, *, prefix: str) -> ApiKey:
    """Revoke the key with this prefix; it stops working at once, its history stays."""
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix.removeprefix("fl_")))
    if key is None:
        raise NotFoundError(f"There is no key with prefix '{prefix}'.")
    if key.revoked_at is None:
        key.revoked_at = dt.datetime.now(dt.UTC)
        session.flush()
    return key


def authenticate(session: Session, token: str) -> Principal:
    """The principal a bearer token stands for; `UnauthorizedError` if it stands for none."""
    match = _KEY.match(token)
    if match is None:
        raise UnauthorizedError("The API key is malformed; keys read `fl_<prefix>_<secret>`.")
    prefix, secret = match.groups()
    row = session.execute(
        select(
            ApiKey.id, ApiKey.name, ApiKey.scopes, ApiKey.secret_sha256, ApiKey.revoked_at
        ).where(ApiKey.prefix == prefix)
    ).first()
    stored = row.secret_sha256 if row is not None else _digest("")
    valid = hmac.compare_digest(_digest(secret), stored)  # compared even when no row matched
    if row is None or not valid or row.revoked_at is not None:
        raise UnauthorizedError("The API key is unknown or revoked.")
    return Principal(row.id, row.name, frozenset(row.scopes))
