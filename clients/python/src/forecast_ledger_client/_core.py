"""What the sync and async clients share: requests as data, retries, the ETag cache, encoding."""

import datetime as dt
import email.utils
import random
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel

from forecast_ledger_client import errors

T = TypeVar("T")
USER_AGENT = "forecast-ledger-client/0.1"
RETRYABLE_STATUS = frozenset({429, 503})


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request: what to send, and the model its answer validates as."""

    method: str
    url: str
    model: type[T]
    params: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    # A PATCH or DELETE is sent with If-Match; a POST gets an Idempotency-Key.
    if_match: str | None = None
    idempotency_key: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.if_match is not None:
            headers["If-Match"] = self.if_match
        if self.idempotency_key is not None:
            headers["Idempotency-Key"] = self.idempotency_key
        return headers

    def replayable(self, error: httpx.TransportError) -> bool:
        """Whether a broken attempt may be sent again without risk of writing twice."""
        if self.method == "GET" or self.idempotency_key is not None:
            return True
        # A PATCH/DELETE that never left is safe to resend; one that did may have landed.
        return isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)


def get(url: str, model: type[T], params: Mapping[str, Any] | None = None) -> Call[T]:
    return Call("GET", url, model, encode(params or {}))


def post(
    url: str,
    model: type[T],
    body: BaseModel,
    params: Mapping[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> Call[T]:
    key = idempotency_key or str(uuid.uuid4())
    return Call("POST", url, model, encode(params or {}), dump(body), idempotency_key=key)


def encode(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query parameters as the server reads them: lists repeat, dates are ISO, booleans lower."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        pairs += [(name, _text(v)) for v in values if v is not None]
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def dump(body: BaseModel) -> Any:
    return body.model_dump(mode="json", exclude_unset=True, by_alias=True)


@dataclass
class Retries:
    """Backoff with jitter on connection errors, 503 and 429; 429 and 503 honour Retry-After."""

    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def after_response(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None to give the answer back as it is."""
        if response.status_code not in RETRYABLE_STATUS or attempt + 1 >= self.attempts:
            return None
        wait = retry_after(response.headers.get("Retry-After"))
        if wait is None:
            return self._backoff(attempt)
        return wait if wait <= self.max_retry_after else None

    def after_error(self, attempt: int) -> float | None:
        return self._backoff(attempt) if attempt + 1 < self.attempts else None

    def _backoff(self, attempt: int) -> float:
        ceiling: float = min(self.max_backoff, self.backoff * 2**attempt)
        jitter = 0.5 + random.random() / 2  # noqa: S311 - jitter, not secrecy
        return ceiling * jitter


def retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds: a number of seconds, or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class EtagCache:
    """The last few GET answers with an ETag, keyed by URL, so a repeat read can be a 304.

    It also remembers the ETag of each record read or written (by path), which is what a
    PATCH or DELETE sends in If-Match.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._bodies: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._versions: OrderedDict[str, str] = OrderedDict()

    def conditional(self, call: Call[Any], url: str) -> dict[str, str]:
        cached = self._bodies.get(url) if call.method == "GET" else None
        return {"If-None-Match": cached[0]} if cached else {}

    def answer(self, url: str, response: httpx.Response) -> httpx.Response:
        """The response to use: the cached body for a 304, else `response` (remembered)."""
        if response.status_code == 304 and url in self._bodies:
            self._bodies.move_to_end(url)
            etag, content = self._bodies[url]
            return httpx.Response(
                200,
                headers={"ETag": etag, "Content-Type": "application/json"},
                content=content,
                request=response.request,
            )
        etag = response.headers.get("ETag")
        if etag is None or response.status_code >= 300:
            return response
        if response.request.method == "GET" and not etag.startswith("W/"):
            self._remember(self._bodies, url, (etag, response.content))
        path = response.headers.get("Location") or str(response.request.url.copy_with(query=None))
        self._remember(self._versions, httpx.URL(path).path, etag)
        return response

    def version(self, path: str) -> str | None:
        return self._versions.get(path)

    def _remember(self, store: "OrderedDict[str, Any]", key: str, value: Any) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > self.size:
            store.popitem(last=False)


def parse(call: Call[T], response: httpx.Response) -> T:
    """The answer's body as the call's model (raw JSON for `dict`); a problem is raised."""
    errors.raise_for_problem(response)
    model: Any = call.model
    parsed: T
    if issubclass(model, BaseModel):
        parsed = model.model_validate_json(response.content)
    else:
        parsed = response.json()
    return parsed


class ExportCheck:
    """Picks the claims out of an NDJSON export's lines and checks them against its trailer."""

    def __init__(self) -> None:
        self.count = 0
        self.ended = False

    def take(self, line: dict[str, Any]) -> dict[str, Any] | None:
        """The claim on this line, without its `type`; None for the other kinds of line."""
        kind = line.pop("type", None)
        if kind == "trailer":
            if line.get("count") != self.count:
                raise errors.IncompleteExportError(
                    f"the trailer counts {line.get('count')} claims, the export held {self.count}"
                )
            self.ended = True
        if kind != "claim":
            return None
        self.count += 1
        return line

    def finish(self) -> None:
        if not self.ended:
            raise errors.IncompleteExportError(
                f"the export ended after {self.count} claims without its trailer: it was cut short"
            )
