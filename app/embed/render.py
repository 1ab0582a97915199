"""Templates, the options every embed page takes, and the error card that replaces any 4xx."""

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import Field
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from app.embed.labels import LABELS, Lang, Theme, labels
from app.errors import AppError, MovedError
from app.schemas.common import QueryModel
from app.templating import templates

HERE = Path(__file__).parent
STATIC = HERE / "static"
OPTIONS = ("theme", "lang")  # what an embed page takes besides the data's own parameters


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


class EmbedOptions(QueryModel):
    theme: Theme = Field("auto", description="`light`, `dark`, or `auto` (the reader's setting).")
    lang: Lang = Field("en", description="Language of the labels: `en` or `ru`.")


def page(
    request: Request, name: str, options: EmbedOptions, status: int = 200, **context: Any
) -> Response:
    """Render an embed page: every template gets the labels, theme, base URL and oEmbed link."""
    base = base_url(request)
    page_url = str(request.url)
    return templates.TemplateResponse(
        request,
        name,
        {
            "L": labels(options.lang),
            "lang": options.lang,
            "theme": options.theme,
            "base": base,
            "page_url": page_url,
            "oembed_url": f"{base}/oembed?{urlencode({'url': page_url})}",
            **context,
        },
        status_code=status,
    )


def data_query(request: Request) -> str:
    """The request's query string without the page options: the same query for the API."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in OPTIONS]
    return urlencode(kept)


def _lenient_options(request: Request) -> EmbedOptions:
    """Theme and language for an error card, from whatever the request said (else defaults)."""
    theme = request.query_params.get("theme", "auto")
    lang = request.query_params.get("lang", "en")
    return EmbedOptions(
        theme=theme if theme in ("light", "dark", "auto") else "auto",
        lang=lang if lang in LABELS else "en",
    )


def _explain(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, RequestValidationError):
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in exc.errors()
        ]
        return 422, "; ".join(problems)
    if isinstance(exc, AppError):
        return exc.status, exc.detail
    assert isinstance(exc, HTTPException)
    return exc.status_code, str(exc.detail)


def error_page(request: Request, exc: Exception) -> Response:
    if isinstance(exc, MovedError):  # a merged expert's page: the page of the one it became
        return RedirectResponse(exc.location(request), 308)
    status, detail = _explain(exc)
    return page(request, "error.html", _lenient_options(request), status, detail=detail)


class EmbedRoute(APIRoute):
    """A route whose errors render as an error card in the frame, with the right 4xx status:
    a widget never goes blank and never shows problem+json to a reader."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except (RequestValidationError, AppError, HTTPException) as exc:
                return error_page(request, exc)

        return route
