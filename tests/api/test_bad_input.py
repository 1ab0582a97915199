"""A corpus of well over a thousand hostile requests, made from lists: malformed and deeply
nested JSON, invalid UTF-8, NUL bytes, 1e309, 10^6-character strings, huge and negative
limits, forged, truncated and replayed cursors, full-text syntax bombs, SQL injection in every
query parameter and path segment, wrong content types, duplicate parameters, header floods.

Every answer is a 4xx problem+json that shows no stack trace, file path or SQL, and the
database is exactly as it was (a checksum of every table), on both engines. Any value is
plain text to a free-text parameter (`q`, `publisher`), so there a 200 is right too, as it is
for the merely odd values (`0`, `-1`, an empty string) that some parameters take.
"""

import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import PROBLEM_JSON
from app.models import Base
from tests.conftest import Keys

SQL = [
    "' OR '1'='1",
    "1; DROP TABLE claims; --",
    '" OR ""="',
    "1 UNION SELECT secret_sha256 FROM api_keys",
    "'); DELETE FROM experts; --",
    "%' AND 1=0 UNION ALL SELECT NULL--",
    "1' AND SLEEP(5)--",
    "${jndi:ldap://x}",
]
FTS_BOMBS = [
    '"' * 101,
    "NEAR(" * 50,
    "a* " * 100,
    "-" * 300,
    "col:x OR y AND NOT z",
    "((((((((((a))))))))))",
    "^" * 50 + "*" * 50,
    "\\" * 200,
]
ODD = [
    "\x00",
    "a\x00b",
    "1e309",
    "-1e309",
    "Infinity",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "x" * 300,
    "%ED%A0%80",  # a lone surrogate, as UTF-8 would spell it
    "🙂" * 60,
    "0x10",
    "2022-13-45",
    "../../etc/passwd",
    "<script>alert(1)</script>",
]
# Odd but maybe valid, depending on the parameter: any answer but a 5xx or a leak will do.
HARMLESS = ["-1", "0", "", " ", "null", "[]", "{}", "true", "1.5", "NaN"]
RAW_QUERIES = [
    "limit=%ff%fe",  # invalid UTF-8
    "limit=1&limit=2",
    "limit=-1",
    "limit=0",
    "limit=201",
    "limit=1e309",
    "limit=" + "9" * 400,
    "cursor=" + "A" * 999,
    "cursor=" + "A" * 2000,
    "cursor=%00",
    "cursor=WyItc3RhdGVkX29uIiwgIjIwMjItMTEtMTkiLCAxXQ.forged",
    "q=" + "a" * 60_000,  # the longest URL the client sends; 10^6 characters go in bodies
    "q=%ff",
    "sort=sort&sort=-sort",
    "count=exact&count=exact",
    "fields=" + ",".join(["nothing"] * 500),
    "include=" + "x" * 3000,
]
BODIES: list[tuple[bytes, str]] = [
    (b'{"slug": ', "application/json"),
    (b"{", "application/json"),
    (b"[" * 10_000 + b"]" * 10_000, "application/json"),
    (b'{"a": ' * 5_000 + b"1" + b"}" * 5_000, "application/json"),
    (b'{"probability": 1e309}', "application/json"),
    (b'{"slug": "a\\u0000b", "name": "x"}', "application/json"),
    (b'{"name": "\xff\xfe"}', "application/json"),
    (b"\xff\xfe\xfd", "application/json"),
    (b'{"name": "' + b"x" * 1_000_000 + b'"}', "application/json"),
    (b'{"slug": "a", "slug": "b"}', "application/json"),
    (b"null", "application/json"),
    (b"[]", "application/json"),
    (b'"text"', "application/json"),
    (b"12", "application/json"),
    (b"slug=energy&name=Energy", "application/x-www-form-urlencoded"),
    (b"<xml/>", "application/xml"),
    (b'{"slug": "energy"}', "text/plain"),
    (b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "multipart/form-data"),
    (b'{"slug": "energy"}', ""),
]
# Parameters whose values are free text: an injection string is then only words to look for.
FREE_TEXT = {"q", "publisher"}
LEAKS = ("Traceback", 'File "', "site-packages", "/work/", "SELECT ", "sqlite3", "psycopg")


@dataclass
class Corpus:
    """The requests, as (method, url, headers, body, may answer 2xx) tuples."""

    requests: list[tuple[str, str, dict[str, str], bytes | None, bool]] = field(
        default_factory=list
    )

    def add(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        *,
        may_accept: bool = False,
    ) -> None:
        self.requests.append((method, url, headers or {}, body, may_accept))


def operations(app: FastAPI) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def concrete(path: str, value: str = "1") -> str:
    """The path with each `{parameter}` replaced by `value`, percent-encoded."""
    parts = path.split("/")
    return "/".join(quote(value, safe="") if p.startswith("{") else p for p in parts)


def build(app: FastAPI, writer: dict[str, str]) -> Corpus:
    corpus = Corpus()
    valued = [*SQL, *FTS_BOMBS, *ODD]
    for method, path, operation in operations(app):
        headers = {**writer, "If-Match": "*"} if method != "GET" else {}
        # Every path segment that is a parameter, with every hostile value.
        if "{" in path:
            for value in valued:
                corpus.add(method, concrete(path, value), headers, b"{}" if headers else None)
                corpus.add(method, concrete(path, value).replace("%", "%25"), headers)
        if method == "GET":
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for name, value in itertools.product(names, [*valued, *HARMLESS]):
                url = f"{concrete(path)}?{name}={quote(value, safe='')}"
                free = name in FREE_TEXT or value in HARMLESS
                corpus.add(method, url, may_accept=free)
            for raw in RAW_QUERIES if path.startswith("/v1/") else ():
                corpus.add(method, f"{concrete(path)}?{raw}")
        elif method != "DELETE":  # a DELETE takes no body
            for body, media in BODIES:
                typed = {**headers, "Content-Type": media} if media else headers
                corpus.add(method, concrete(path), typed, body)
    return corpus


def checksum(session: Session) -> str:
    """A digest of every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
        digest.update(f"{table.name}:{rows!r}".encode())
    return digest.hexdigest()


def test_a_thousand_hostile_requests_are_refused_and_change_nothing(
    app: FastAPI, client: TestClient, session: Session, keys: Keys
) -> None:
    writer = keys.headers("write", "ingest", "resolve", "admin", name="fuzzer")
    floods = [
        {f"X-Flood-{i}": "x" * 100 for i in range(200)} | {"Authorization": "Bearer " + "A" * 8000},
        {"Authorization": "Bearer fl_" + "0" * 12 + "_" + "x" * 43},
        {"Authorization": "Basic " + "=" * 500},
        {"If-None-Match": '"x", ' * 2000, "Authorization": "Bearer \x7f"},
    ]
    corpus = build(app, writer)
    for headers in floods:
        corpus.add("GET", "/v1/claims", headers)
        corpus.add("POST", "/v1/topics", {**writer, **headers}, b"{")
    # Cursors: forged, truncated, tampered, and replayed on another list or order.
    page = client.get("/v1/claims", params={"limit": 1}).json()["next"].split("cursor=")[1]
    for bad in (page[:-1], page[:10], page[::-1], page + "A", page.replace(".", ".x")):
        corpus.add("GET", f"/v1/claims?limit=1&cursor={bad}")
    for other in ("/v1/experts", "/v1/sources", "/v1/propositions", "/v1/claims?sort=stated_on&"):
        joiner = "" if other.endswith("&") else "?"
        corpus.add("GET", f"{other}{joiner}cursor={page}")
    random.Random(15).shuffle(corpus.requests)  # so no order of requests hides a leak
    assert len(corpus.requests) >= 1000

    before = checksum(session)
    failures: list[str] = []
    for method, url, headers, body, may_accept in corpus.requests:
        response = client.request(method, url, headers=headers, content=body)
        if may_accept and response.status_code < 400:
            continue
        where = f"{method} {url[:120]} {(body or b'')[:40]!r}: {response.status_code}"
        refused = 400 <= response.status_code < 500
        problem = response.headers.get("content-type") == PROBLEM_JSON
        sent = unquote(unquote(url)) + (body or b"").decode(errors="replace")
        leaked = [leak for leak in LEAKS if leak in response.text and leak not in sent]
        if not (refused and problem) or leaked:
            failures.append(f"{where} {leaked} {response.text[:150]}")
    assert failures == [], f"{len(failures)} of {len(corpus.requests)}:\n" + "\n".join(failures)
    assert checksum(session) == before
