"""Dependencies, each defined once as an `Annotated` alias so handlers read like prose."""

from collections.abc import Iterator
from typing import Annotated, get_origin

from fastapi import Depends, Request
from fastapi.dependencies.utils import get_flat_params
from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import InvalidParameterError
from app.pagination import Cursors


def get_session(request: Request) -> Iterator[Session]:
    """One session and one transaction per request: committed on success, else rolled back."""
    with request.app.state.sessions() as session, session.begin():
        yield session


# Dependencies that only compute are `async def` so they run on the event loop: a sync one costs
# a threadpool hop (~0.3 ms) per request. Handlers and anything touching the database stay sync.


async def settings(request: Request) -> Settings:
    """The settings the app was built with (`create_app(settings)`), not necessarily the global."""
    configured: Settings = request.app.state.settings
    return configured


async def get_cursors(settings: Annotated[Settings, Depends(settings)]) -> Cursors:
    return Cursors(settings.secret_key)


async def reject_unknown_parameters(request: Request) -> None:
    """400 for a query parameter the route does not declare, or a single-valued one given twice,
    rather than silently ignoring it or keeping the last value."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    declared = {
        p.alias: p for p in get_flat_params(dependant) if p.alias not in request.path_params
    }
    unknown = sorted(set(request.query_params) - set(declared))
    if unknown:
        raise InvalidParameterError(
            f"Unknown query parameter(s): {', '.join(unknown)}. "
            f"This route accepts: {', '.join(sorted(declared)) or 'none'}."
        )
    for name, param in declared.items():
        repeatable = get_origin(param.field_info.annotation) is list
        if not repeatable and len(request.query_params.getlist(name)) > 1:
            raise InvalidParameterError(f"`{name}` takes one value; it was given more than once.")


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(settings)]
CursorsDep = Annotated[Cursors, Depends(get_cursors)]
