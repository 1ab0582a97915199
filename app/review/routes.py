"""`/review`: the desk's page, its two assets and a look-up of the signed-in key's scopes."""

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.deps import PrincipalDep
from app.errors import NotFoundError, UnauthorizedError
from app.responses import json_response
from app.templating import templates

HERE = Path(__file__).parent
ASSETS = {
    "review.js": "text/javascript; charset=utf-8",
    "review.css": "text/css; charset=utf-8",
}
# Only this origin's script and style files: no inline code, no framing, no other hosts.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)

router = APIRouter(prefix="/review", include_in_schema=False)


def _strict(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("")
def desk(request: Request) -> Response:
    """The review desk."""
    return _strict(templates.TemplateResponse(request, "review.html", {"assets": ASSETS}))


@router.get("/assets/{name}")
def asset(name: str) -> Response:
    """The desk's script and style sheet."""
    if name not in ASSETS:
        raise NotFoundError(f"The review desk has no asset '{name}'.")
    body = (HERE / "static" / name).read_bytes()
    return _strict(Response(body, media_type=ASSETS[name]))


@router.get("/key")
def key(principal: PrincipalDep) -> Response:
    """Who the key in `Authorization` is and what it may do; 401 for none, a bad or revoked one."""
    if principal is None:
        raise UnauthorizedError("Send the key as `Authorization: Bearer <key>`.")
    body = {"name": principal.name, "scopes": sorted(principal.scopes)}
    may = {scope: principal.allows(scope) for scope in ("write", "ingest")}
    return _strict(json_response(body | may))
