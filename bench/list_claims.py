"""How the claims list scales: page 1 against a deep page, with and without filters.

    .venv/bin/python bench/list_claims.py [--claims 100000] [--database /tmp/bench.db]

Builds (once) a SQLite database with N synthetic claims spread over five years, 1–3 topics each,
starts the service with uvicorn (one worker) and times requests from one keep-alive client: the
median per request, and the ratio of a deep page (half-way through the list) to page 1.
"""

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import Engine, func, insert, select

from app import migrate, signing
from app.config import Settings
from app.db import make_engine, make_sessionmaker, transaction
from app.filters import where
from app.models import Claim, Expert, Source, Topic, claim_topics
from app.pagination import Cursors
from app.schemas.claims import ClaimQuery
from app.services import claims, sample, topics

ROUNDS = 30


def build(engine: Engine, n: int) -> None:
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        sample.load(session)
        have = session.scalar(select(func.count(Claim.id))) or 0
        if have >= n:
            return
        rng = random.Random(7)
        topic_ids = list(session.scalars(select(Topic.id)))
        session.execute(
            insert(Expert),
            [
                {
                    "slug": f"expert-{i}",
                    "name": f"Expert {i}",
                    "kind": "person",
                    "aliases": [],
                    "links": {},
                }
                for i in range(200)
            ],
        )
        expert_ids = list(session.scalars(select(Expert.id)))
        session.execute(
            insert(Source),
            [
                {
                    "title": f"Article {i}",
                    "language": "en",
                    "text": "x",
                    "content_sha256": f"{i:064x}",
                    "published_on": dt.date(2020, 1, 1) + dt.timedelta(days=i % 1800),
                    "retrieved_at": dt.datetime.now(dt.UTC),
                }
                for i in range(n // 20)
            ],
        )
        source_ids = list(session.scalars(select(Source.id)))
        now = dt.datetime.now(dt.UTC)
        start_id = (session.scalar(select(func.max(Claim.id))) or 0) + 1
        rows, links = [], []
        for claim_id in range(start_id, start_id + n - have):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800))
            rows.append(
                {
                    "id": claim_id,
                    "expert_id": rng.choice(expert_ids),
                    "source_id": rng.choice(source_ids),
                    "kind": "forecast",
                    "statement": f"Statement {claim_id} about reform and Moscow.",
                    "quote": f"quote {claim_id}",
                    "span_start": 0,
                    "span_end": 1,
                    "quote_prefix": "",
                    "quote_suffix": "",
                    "stated_on": day,
                    "horizon_inferred": False,
                    "review": "verified",
                    "extractor": "bench",
                    "probability": rng.random() * 0.5,
                    "probability_low": 0.0,
                    "probability_high": 0.5,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            links += [
                {"claim_id": claim_id, "topic_id": t}
                for t in rng.sample(topic_ids, rng.randint(1, 3))
            ]
        session.execute(insert(Claim.metadata.tables["claims"]), rows)
        session.execute(insert(claim_topics), links)
        topics.recount(session)
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")


@contextmanager
def server(url: str) -> Iterator[tuple[str, int]]:
    """A uvicorn server on a free port; yields its URL and process id."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "FORECASTS_DATABASE_URL": url}
    command = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"]
    command += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/livez").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(10)


def median_ms(client: httpx.Client, url: str) -> float:
    client.get(url)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return statistics.median(times) * 1000


def deep_cursor(engine: Engine, url_filter: str) -> str:
    """The cursor a client holds half-way through the list (found directly, not by paging)."""
    query = select(Claim.stated_on, Claim.id).order_by(Claim.stated_on.desc(), Claim.id.desc())
    if url_filter:
        query = query.where(*where(ClaimQuery.model_validate({"topic": ["russia"]}), "sqlite"))
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        stated_on, claim_id = connection.execute(query.offset(total // 2).limit(1)).one()
    # The key the server signs with: the configured one, or the one kept beside this file.
    key = signing.resolve(Settings().secret_key, engine.url.render_as_string(hide_password=False))
    return Cursors(key).encode(claims.SORTS["-stated_on"], stated_on, claim_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database", type=Path, default=Path("/tmp/forecasts-bench.db"))
    args = parser.parse_args()
    url = f"sqlite:///{args.database}"
    engine = make_engine(url)
    started = time.perf_counter()
    build(engine, args.claims)
    print(
        f"database: {args.database} ({args.claims:,} claims, ready in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    with server(url) as (base, _pid), httpx.Client(base_url=base) as client:
        report(client, engine, args.claims)


def report(client: httpx.Client, engine: Engine, n: int) -> None:
    print(f"{'request':<44}{'page 1 ms':>10}{'deep ms':>10}{'ratio':>8}")
    lists = [
        ("newest first", ""),
        ("topic=russia", "topic=russia"),
        ("expert", "expert=expert-3"),
        ("kind+review", "kind=forecast&review=verified"),
    ]
    for name, query in lists:
        first = median_ms(client, f"/v1/claims?limit=50&{query}")
        if query in ("", "topic=russia"):
            cursor = quote(deep_cursor(engine, query))
            deep = median_ms(client, f"/v1/claims?limit=50&{query}&cursor={cursor}")
            print(f"{name:<44}{first:>10.2f}{deep:>10.2f}{deep / first:>8.2f}")
        else:
            print(f"{name:<44}{first:>10.2f}{'':>10}{'':>8}")
    others = [
        ("q=Moscow (every claim matches, by relevance)", "/v1/claims?limit=50&q=Moscow"),
        ("q=Moscow sort=-stated_on", "/v1/claims?limit=50&q=Moscow&sort=-stated_on"),
        (
            'q="reform and" Mosc* -Paris',
            "/v1/claims?q=%22reform%20and%22%20Mosc*%20-Paris",
        ),
        ("q=12345 (one claim matches)", "/v1/claims?limit=50&q=12345"),
        ("search everything q=Moscow", "/v1/search?q=Moscow"),
        ("facets, all five, no filter", "/v1/claims/facets"),
        ("facets, all five, topic=russia", "/v1/claims/facets?topic=russia"),
        ("facets, all five, q=12345", "/v1/claims/facets?q=12345"),
        ("count=exact topic=russia", "/v1/claims?limit=50&count=exact&topic=russia"),
        ("one claim", "/v1/claims/1"),
        ("topic tree", "/v1/topics"),
    ]
    for name, path in others:
        print(f"{name:<44}{median_ms(client, path):>10.2f}")
    timed_out = client.get("/v1/claims/facets").json()["timed_out"]
    print(f"facets timed out within the default budget: {', '.join(timed_out) or 'none'}")


if __name__ == "__main__":
    main()
