"""The hand-written floor: what this machine allows for Forecast Ledger's read paths.

    uvicorn --factory bench.floor:create_app   (FLOOR_DATABASE=/tmp/forecasts-….db)

Starlette, the stdlib's sqlite3 and orjson, `async def` handlers on one connection: no ORM, no
validation layer, no middleware. It runs the same SQL shapes as the service (the statements the
service issues, written out) and answers the same JSON fields for claims, so the ratio of the
service to this app is what the service's own layers cost. Benchmarks only; never imported by
the app.
"""

import csv
import datetime as dt
import io
import os
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

COLUMNS = """claims.id, claims.kind, claims.statement, claims.quote, claims.span_start,
 claims.span_end, claims.quote_prefix, claims.quote_suffix, claims.stated_on,
 claims.horizon_phrase, claims.horizon_earliest, claims.horizon_latest, claims.horizon_inferred,
 claims.hedge_phrase, claims.probability_low, claims.probability, claims.probability_high,
 claims.confidence_band, claims.confidence_scale, claims.review, claims.extractor,
 claims.extractor_version, claims.extraction_score, claims.outcome, claims.stance,
 claims.created_at, claims.updated_at, claims.version, claims.source_id,
 experts.slug AS expert_slug, propositions.slug AS proposition_slug"""
JOINS = """FROM claims JOIN experts ON experts.id = claims.expert_id
 JOIN sources ON sources.id = claims.source_id
 LEFT OUTER JOIN propositions ON propositions.id = claims.proposition_id"""
BY_TOPIC = f"""SELECT {COLUMNS} {JOINS}
 WHERE EXISTS (SELECT * FROM claim_topics, topics AS t WHERE claim_topics.claim_id = claims.id
   AND claim_topics.topic_id = t.id AND t.path LIKE ?)
 AND claims.review IN (?) AND claims.review != 'draft' {{after}}
 ORDER BY claims.stated_on DESC, claims.id DESC LIMIT ?"""
AFTER = "AND (claims.stated_on < ? OR (claims.stated_on = ? AND claims.id < ?))"
ONE = f"SELECT {COLUMNS} {JOINS} WHERE claims.id = ?"
# Relevance over the newest 2,000 matches only, as the service ranks them
# (`app.services.claims.RANKED_MATCHES`): bm25 for those, then the page's rows joined.
SEARCH = f"""SELECT {COLUMNS}, hits.score {JOINS}
 JOIN (SELECT id, score FROM (SELECT claims_fts.rowid AS id, bm25(claims_fts) AS score
   FROM claims_fts JOIN claims ON claims.id = claims_fts.rowid
   WHERE claims_fts MATCH ? AND claims.review != 'retracted' AND claims.review != 'draft'
   ORDER BY claims_fts.rowid DESC LIMIT 2000) ORDER BY score, id LIMIT ?)
   AS hits ON hits.id = claims.id
 ORDER BY hits.score ASC, claims.id ASC"""
SNIPPETS = """SELECT rowid, snippet(claims_fts, 1, '<mark>', '</mark>', '…', 24)
 FROM claims_fts WHERE claims_fts MATCH ? AND rowid IN ({ids})"""
TOPICS = """SELECT claim_topics.claim_id, topics.slug FROM claim_topics
 JOIN topics ON topics.id = claim_topics.topic_id
 WHERE claim_topics.claim_id IN ({ids}) ORDER BY claim_topics.claim_id, topics.slug"""
KIND_FACET = f"""SELECT claims.kind, count(distinct(claims.id)) AS count {JOINS}
 WHERE claims.review != 'retracted' AND claims.review != 'draft'
 GROUP BY claims.kind ORDER BY count DESC, claims.kind LIMIT 11"""
TOPIC_FACET = """SELECT slug, name, claim_count FROM topics WHERE claim_count > 0
 ORDER BY claim_count DESC, slug LIMIT 11"""


def connect() -> sqlite3.Connection:
    connection = sqlite3.connect(os.environ["FLOOR_DATABASE"], check_same_thread=False)
    for pragma in ("cache_size=-32000", "mmap_size=268435456", "temp_store=MEMORY"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def placeholders(n: int) -> str:
    return ", ".join("?" * n)


def claim(row: sqlite3.Row, topics: list[str], base: str) -> dict[str, Any]:
    latest = row["horizon_latest"]
    return {
        "id": row["id"],
        "url": f"{base}/v1/claims/{row['id']}",
        "kind": row["kind"],
        "statement": row["statement"],
        "quote": row["quote"],
        "expert": row["expert_slug"],
        "source": row["source_id"],
        "topics": topics,
        "span": {"start": row["span_start"], "end": row["span_end"]},
        "selector": {
            "type": "TextQuoteSelector",
            "exact": row["quote"],
            "prefix": row["quote_prefix"],
            "suffix": row["quote_suffix"],
        },
        "stated_on": row["stated_on"],
        "horizon": {
            "phrase": row["horizon_phrase"],
            "earliest": row["horizon_earliest"],
            "latest": latest,
            "inferred": bool(row["horizon_inferred"]),
        },
        "confidence": {
            "phrase": row["hedge_phrase"],
            "band": row["confidence_band"],
            "low": row["probability_low"],
            "probability": row["probability"],
            "high": row["probability_high"],
            "scale": row["confidence_scale"],
        },
        "review": row["review"],
        "proposition": row["proposition_slug"],
        "stance": row["stance"],
        "outcome": row["outcome"],
        "overdue": row["outcome"] is None
        and latest is not None
        and latest < dt.date.today().isoformat(),
        "extraction": {
            "method": row["extractor"],
            "version": row["extractor_version"],
            "score": row["extraction_score"],
        },
        "created_at": row["created_at"].replace(" ", "T") + "Z",
        "updated_at": row["updated_at"].replace(" ", "T") + "Z",
        "version": row["version"],
    }


def create_app() -> Starlette:
    db = connect()
    db.row_factory = sqlite3.Row

    def topics_of(ids: list[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for claim_id, slug in db.execute(TOPICS.format(ids=placeholders(len(ids))), ids):
            found[claim_id].append(slug)
        return found

    def page(rows: list[sqlite3.Row], base: str, limit: int) -> dict[str, Any]:
        shown = rows[:limit]
        topics = topics_of([r["id"] for r in shown])
        body: dict[str, Any] = {"items": [claim(r, topics[r["id"]], base) for r in shown]}
        if len(rows) > limit:
            last = shown[-1]
            body["next"] = f"{base}/v1/claims?cursor={last['stated_on']},{last['id']}"
        return body

    async def claims(request: Request) -> Response:
        base = f"{request.url.scheme}://{request.url.netloc}"
        params = request.query_params
        limit = int(params.get("limit", "50"))
        if "q" in params:
            rows = db.execute(SEARCH, (params["q"], limit + 1)).fetchall()
            body = page(rows, base, limit)
            ids = [item["id"] for item in body["items"]]
            query = SNIPPETS.format(ids=placeholders(len(ids)))
            snippets = dict(db.execute(query, (params["q"], *ids)).fetchall())
            for item in body["items"]:
                item["snippet"] = snippets.get(item["id"], "")
        else:
            args: list[Any] = [f"%/{params['topic']}/%", params["review"]]
            after = ""
            if "cursor" in params:
                day, _, claim_id = params["cursor"].partition(",")
                after, args = AFTER, [*args, day, day, int(claim_id)]
            rows = db.execute(BY_TOPIC.format(after=after), (*args, limit + 1)).fetchall()
            body = page(rows, base, limit)
        return Response(orjson.dumps(body), media_type="application/json")

    async def one(request: Request) -> Response:
        base = f"{request.url.scheme}://{request.url.netloc}"
        claim_id = int(request.path_params["claim_id"])
        row = db.execute(ONE, (claim_id,)).fetchone()
        if row is None or row["review"] == "draft":
            return Response(b'{"status":404}', 404, media_type="application/problem+json")
        body = claim(row, topics_of([claim_id])[claim_id], base)
        return Response(orjson.dumps(body), media_type="application/json")

    async def facets(_request: Request) -> Response:
        kinds = [{"value": k, "count": c} for k, c in db.execute(KIND_FACET)]
        topics = [{"value": s, "label": n, "count": c} for s, n, c in db.execute(TOPIC_FACET)]
        body = {"facets": {"kind": {"values": kinds}, "topic": {"values": topics}}}
        return Response(orjson.dumps(body), media_type="application/json")

    async def export(request: Request) -> StreamingResponse:
        review = request.query_params.get("review", "verified")

        async def rows() -> AsyncIterator[str]:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["id", "expert", "kind", "statement", "quote", "stated_on"])
            query = f"""SELECT claims.id, experts.slug, claims.kind, claims.statement,
              claims.quote, claims.stated_on {JOINS} WHERE claims.review = ?
              ORDER BY claims.stated_on DESC, claims.id DESC"""
            cursor = db.execute(query, (review,))
            while chunk := cursor.fetchmany(1000):
                writer.writerows(chunk)
                yield out.getvalue()
                out.seek(0)
                out.truncate()

        return StreamingResponse(rows(), media_type="text/csv")

    return Starlette(
        routes=[
            Route("/v1/claims", claims),
            Route("/v1/claims.csv", export),
            Route("/v1/claims/facets", facets),
            Route("/v1/claims/{claim_id:int}", one),
            Route("/livez", lambda _r: Response(b"ok")),
        ]
    )
