"""Dependencies, each defined once as an `Annotated` alias so handlers read like prose."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, get_origin

from fastapi import Depends, Request, Security
from fastapi.dependencies.utils import get_flat_params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.config import Settings
from app.errors import ForbiddenError, InvalidParameterError, UnauthorizedError
from app.pagination import Cursors
from app.services import keys
from app.services.keys import Principal

READS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session and one transaction per request: committed on success, else rolled back.
    Requests that write get the writer's sessions (BEGIN IMMEDIATE on SQLite)."""
    if request.method in READS:
        # Opening a session touches no connection (the first statement, in the handler's
        # thread, checks one out), and ending a read costs a COMMIT of nothing: both on the
        # loop, which saves the two threadpool hops a sync generator costs (~0.3 ms each).
        with request.app.state.sessions() as session, session.begin():
            yield session
        return
    # A write's COMMIT may wait for the disk or the lock: never on the event loop.
    session = request.app.state.write_sessions()
    try:
        session.begin()
        yield session
        await run_in_threadpool(session.commit)
    finally:
        await run_in_threadpool(session.close)  # rolls back what was not committed


# `scope="function"`: the transaction commits before the response is sent, so a failed commit
# is a 500 the client sees, never a 2xx for a write that did not land.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def get_principal(request: Request, session: SessionDep) -> Principal | None:
    """The API key's principal when the request carries one; 401 for a bad or revoked key."""
    header = request.headers.get("authorization")
    if header is None:
        return None  # most reads: no threadpool hop (~0.3 ms) for a request without a key
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("Send the key as `Authorization: Bearer <key>`.")
    return await run_in_threadpool(keys.authenticate, session, token.strip())


# Declared on write routes so the OpenAPI document shows their security requirement; the header
# itself is read (and refused when malformed) by `get_principal`.
bearer = HTTPBearer(auto_error=False, description="An API key from `forecasts keys create`.")


def require(scope: str) -> Any:
    """A dependency that lets the request through only with a key holding `scope`."""

    async def check(
        principal: Annotated[Principal | None, Depends(get_principal)],
        _documented: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    ) -> Principal:
        if principal is None:
            raise UnauthorizedError(f"This operation needs an API key with the `{scope}` scope.")
        if not principal.allows(scope):
            raise ForbiddenError(f"This key lacks the `{scope}` scope.")
        return principal

    return Depends(check)


# Dependencies that only compute are `async def` so they run on the event loop: a sync one costs
# a threadpool hop (~0.3 ms) per request. Handlers and anything touching the database stay sync.


async def settings(request: Request) -> Settings:
    """The settings the app was built with (`create_app(settings)`), not necessarily the global."""
    configured: Settings = request.app.state.settings
    return configured


async def get_cursors(request: Request) -> Cursors:
    """The app's cursor signer, made once with its key (`app.signing`)."""
    cursors: Cursors = request.app.state.cursors
    return cursors


@dataclass(frozen=True, slots=True)
class _Declared:
    names: frozenset[str]
    single: tuple[str, ...]  # those that take one value


# Per route, built on its first request: walking a route's parameters cost ~0.1 ms a request.
# Keyed by the dependant's id, which stays alive (and so unique) with the value holding it.
_DECLARED: dict[int, tuple[Any, _Declared]] = {}


def _declared(dependant: Any, path_params: dict[str, Any]) -> _Declared:
    found = _DECLARED.get(id(dependant))
    if found is None:
        params = [p for p in get_flat_params(dependant) if p.alias not in path_params]
        single = tuple(p.alias for p in params if get_origin(p.field_info.annotation) is not list)
        found = _DECLARED[id(dependant)] = (
            dependant,
            _Declared(frozenset(p.alias for p in params), single),
        )
    return found[1]


async def reject_unknown_parameters(request: Request) -> None:
    """400 for a query parameter the route does not declare, or a single-valued one given twice,
    rather than silently ignoring it or keeping the last value."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None or not request.scope["query_string"]:
        return
    declared = _declared(dependant, request.path_params)
    query = request.query_params
    unknown = sorted(set(query) - declared.names)
    if unknown:
        raise InvalidParameterError(
            f"Unknown query parameter(s): {', '.join(unknown)}. "
            f"This route accepts: {', '.join(sorted(declared.names)) or 'none'}."
        )
    for name in declared.single:
        if len(query.getlist(name)) > 1:
            raise InvalidParameterError(f"`{name}` takes one value; it was given more than once.")


PrincipalDep = Annotated[Principal | None, Depends(get_principal)]
WriterDep = Annotated[Principal, require("write")]
ResolverDep = Annotated[Principal, require("resolve")]
IngesterDep = Annotated[Principal, require("ingest")]
SettingsDep = Annotated[Settings, Depends(settings)]
CursorsDep = Annotated[Cursors, Depends(get_cursors)]
