"""Per-client rate limits on reads and writes, counted where every worker sees the same count.

With `FORECASTS_REDIS_URL` the counters live in Redis, shared by all workers and replicas; without
it they live in this process, which is right only for a single worker (`forecasts serve` refuses
several workers without Redis). A client is its address: a key is not checked before the limit
applies, so counting by key would let anyone dodge the limit with made-up keys. Answers carry
`RateLimit-*` headers; a client over its limit gets a 429 with `Retry-After`. If Redis cannot be
reached, requests go through unlimited (and it is logged) rather than failing.
"""

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

READS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger("app.ratelimit")


def storage_for(redis_url: str | None) -> Storage:
    if redis_url is None:
        return MemoryStorage()
    return RedisStorage(
        "async+" + redis_url, implementation="redispy", key_prefix="forecast-ledger"
    )


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, reads: str, writes: str, redis_url: str | None) -> None:
        self.app = app
        self.limits = {"reads": parse(reads), "writes": parse(writes)}
        self.limiter = MovingWindowRateLimiter(storage_for(redis_url))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/livez", "/readyz"):
            await self.app(scope, receive, send)
            return
        kind = "reads" if scope["method"] in READS else "writes"
        limit, client = self.limits[kind], _client(scope)
        try:
            allowed = await self.limiter.hit(limit, kind, client)
            reset, remaining = await self.limiter.get_window_stats(limit, kind, client)
        except Exception:  # the counter store is down: serve, unlimited, and say so in the log
            log.exception("rate-limit storage unavailable; request not counted")
            await self.app(scope, receive, send)
            return
        headers = _headers(limit, remaining, reset)
        if not allowed:
            retry = headers["RateLimit-Reset"]
            response = problem(
                Request(scope),
                429,
                slug="rate-limited",
                title="Too many requests",
                detail=f"More than {limit.amount} {kind} per {limit.get_expiry()} s from this "
                f"client; retry after {retry} s.",
                headers={**headers, "Retry-After": retry},
            )
            await response(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, with_headers)


def _client(scope: Scope) -> str:
    host = scope.get("client")
    return f"ip:{host[0] if host else 'unknown'}"


def _headers(limit: RateLimitItem, remaining: int, reset: float) -> dict[str, str]:
    seconds = max(0, math.ceil(reset - time.time()))
    return {
        "RateLimit-Limit": str(limit.amount),
        "RateLimit-Remaining": str(max(0, remaining)),
        "RateLimit-Reset": str(seconds),
        "RateLimit-Policy": f"{limit.amount};w={limit.get_expiry()}",
    }
