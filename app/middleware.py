"""Pure ASGI middleware: conditional GETs and caching headers, request ids, request limits."""

import hashlib
import logging
import re
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

log = logging.getLogger("app")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


class ConditionalGetMiddleware:
    """Every complete 200 answer to a GET has an ETag (its own, or a digest of the body), and a
    matching `If-None-Match` gets a 304. Answers that stream without a length pass through.
    Anonymous reads may be cached publicly for `max_age` seconds; authorised ones privately only.
    """

    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if start is None and message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                if message["status"] != 200 or "content-length" not in headers:
                    if message["status"] == 200:  # streamed: no digest, but the same caching
                        self._cache_control(MutableHeaders(scope=message), request_headers)
                    start = {}  # pass the rest through untouched
                    await send(message)
                    return
                start = message
                return
            if not start or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish(start, b"".join(chunks), request_headers, send)

        await self.app(scope, receive, buffered)

    def _cache_control(self, headers: MutableHeaders, request: Headers) -> None:
        if "cache-control" not in headers:
            anonymous = "authorization" not in request
            headers["Cache-Control"] = (
                f"public, max-age={self.max_age}" if anonymous else "private, no-cache"
            )

    async def _finish(self, start: Message, body: bytes, request: Headers, send: Send) -> None:
        headers = MutableHeaders(raw=start["headers"])
        etag = headers.get("etag") or etag_of(body)
        headers["ETag"] = etag
        self._cache_control(headers, request)
        if _matches(request.get("if-none-match", ""), etag):
            for name in ("content-length", "content-type"):
                del headers[name]
            await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})


class RequestIdMiddleware:
    """Echo the caller's `X-Request-ID` (or a new one) so logs and clients can be matched up.

    It is also where an unexpected error ends: logged with the request id and answered with a
    problem-details 500 that carries the id, never a stack trace.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        except Exception:
            log.exception(
                "unhandled error (request id %s) on %s %s",
                request_id,
                scope.get("method"),
                scope.get("path"),
            )
            if started:
                raise
            response = problem(
                Request(scope),
                500,
                detail=f"The server failed to answer; the error is logged as {request_id}.",
                headers={"X-Request-ID": request_id},
            )
            await response(scope, receive, send)


class HeadAsGetMiddleware:
    """HEAD is GET without the body (RFC 9110): routes, ETags and lengths come from the GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        scope["method"] = "GET"  # in place, so outer layers see which route answered
        await self.app(scope, receive, without_body)


class QueryStringLimitMiddleware:
    """414 for a query string longer than the service accepts, before any parsing."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("query_string", b"")) > self.max_bytes:
            request = Request(scope)
            response = problem(
                request, 414, detail=f"The query string is longer than {self.max_bytes} bytes."
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class JsonBodyMiddleware:
    """415 for an API request whose body is not declared JSON: every operation under `/v1`
    that takes a body takes `application/json` (or a `+json` type)."""

    METHODS = frozenset({"POST", "PUT", "PATCH"})

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._refused(scope):
            headers = Headers(scope=scope)
            given = headers.get("content-type") or "no Content-Type"
            response = problem(
                Request(scope),
                415,
                slug="unsupported-media-type",
                detail=f"The body is {given}; this operation takes application/json.",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refused(self, scope: Scope) -> bool:
        if scope["method"] not in self.METHODS or not scope["path"].startswith("/v1/"):
            return False
        headers = Headers(scope=scope)
        has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return has_body and media != "application/json" and not media.endswith("+json")


class BodyLimitMiddleware:
    """413 for a request body over `max_bytes`: at once when Content-Length says so, and while
    reading when a chunked body grows past it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        if declared is None and "transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body (most reads): nothing to count
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # FastAPI turns other errors raised while reading the body into a 400.
                raise HTTPException(413, self._detail)
            return message

        await self.app(scope, counted, send)

    @property
    def _detail(self) -> str:
        return f"The request body is larger than {self.max_bytes} bytes."

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            Request(scope),
            413,
            slug="payload-too-large",
            title="Request body too large",
            detail=self._detail,
        )
        await response(scope, receive, send)


class CorsMiddleware:
    """CORS as two Starlette policies: anyone may read; only `write_origins` may write.
    Neither allows credentials (cookies): a key travels in the Authorization header."""

    EXPOSE = (
        "ETag",
        "Location",
        "Link",
        "X-Request-ID",
        "Retry-After",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "RateLimit-Policy",
    )

    def __init__(self, app: ASGIApp, write_origins: list[str]) -> None:
        self.write_origins = frozenset(write_origins)
        self.reads = CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD"],
            allow_headers=["Authorization", "If-None-Match", "X-Request-ID"],
            expose_headers=list(self.EXPOSE),
            allow_credentials=False,
            max_age=600,
        )
        self.writes = CORSMiddleware(
            app,
            allow_origins=sorted(self.write_origins),
            allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "If-None-Match",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=list(self.EXPOSE),
            allow_credentials=False,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = Headers(scope=scope).get("origin") if scope["type"] == "http" else None
        policy = self.writes if origin in self.write_origins else self.reads
        await policy(scope, receive, send)
