"""`/docs` and `/redoc` with their UI assets served by the app, so they render with no internet."""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, Response

# The Swagger UI and ReDoc bundles ship in the fastapi-offline package (Apache-2.0 and MIT).
ASSETS = Path(fastapi_offline.__file__).parent / "static"
STATIC = "/static/docs"
# Everything the pages need comes from this origin; ReDoc's bundle would otherwise fetch its
# vendor's logo from a CDN. The UIs use inline scripts and styles, and data: images.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'"
)


def _local_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CSP
    return page


# ReDoc's side menu draws its vendor's logo from a CDN, with no option to turn it off: the bundle
# is served with that one URL pointing at the local favicon instead (relative to /redoc).
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
REDOC_JS = "/static/redoc.js"


def _redoc_bundle() -> bytes:
    bundle = (ASSETS / "redoc.standalone.js").read_bytes()
    return bundle.replace(REDOC_LOGO, f"{STATIC.lstrip('/')}/favicon.png".encode())


def install(app: FastAPI) -> None:
    app.mount(STATIC, StaticFiles(directory=ASSETS), name="docs-assets")
    redoc_bundle = _redoc_bundle()

    @app.get(REDOC_JS, include_in_schema=False)
    def redoc_js() -> Response:
        return Response(redoc_bundle, media_type="text/javascript; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return _local_only(
            get_swagger_ui_html(
                openapi_url=f"{root}/openapi.json",
                title=f"{app.title} – API docs",
                oauth2_redirect_url=f"{root}/docs/oauth2-redirect",
                swagger_js_url=f"{root}{STATIC}/swagger-ui-bundle.js",
                swagger_css_url=f"{root}{STATIC}/swagger-ui.css",
                swagger_favicon_url=f"{root}{STATIC}/favicon.png",
                swagger_ui_parameters={"defaultModelsExpandDepth": 0, "tryItOutEnabled": True},
            )
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return _local_only(
            get_redoc_html(
                openapi_url=f"{root}/openapi.json",
                title=f"{app.title} – API reference",
                redoc_js_url=f"{root}{REDOC_JS}",
                redoc_favicon_url=f"{root}{STATIC}/favicon.png",
                with_google_fonts=False,
            )
        )
