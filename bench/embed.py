"""Embed pages against the JSON of the same query, and the size of what a page downloads.

    .venv/bin/python bench/embed.py [--claims 20000] [--database /tmp/forecasts-bench-embed.db]

Builds (once) a SQLite database of N synthetic claims as `bench/list_claims.py` does, starts the
service with uvicorn (one worker) and times `/embed/claims?…` and `/v1/claims?…` of the same
query string from one keep-alive client, median of interleaved rounds. The target is an embed
page costing at most 1.3× its JSON. Then the gzipped sizes of the web component with its
stylesheet (target ≤ 15 KB) and of the vendored chart library (≤ 60 KB).
"""

import argparse
import gzip
import statistics
import time
from pathlib import Path

import httpx
from list_claims import build, server

from app.db import make_engine
from app.embed.render import STATIC

ROUNDS = 40
QUERIES = (
    "topic=russia&limit=50",
    "topic=russia&limit=10",
    "expert=expert-3&limit=50",
    "q=Moscow&limit=20",
)
TARGET = 1.3


def interleaved_ms(client: httpx.Client, urls: list[str]) -> list[float]:
    """Median milliseconds of each URL, requested in turn so drift hits all of them alike."""
    times: list[list[float]] = [[] for _ in urls]
    for url in urls:
        assert client.get(url).status_code == 200, url
    for _ in range(ROUNDS):
        for i, url in enumerate(urls):
            started = time.perf_counter()
            client.get(url)
            times[i].append(time.perf_counter() - started)
    return [statistics.median(t) * 1000 for t in times]


def gzipped_kb(*data: bytes) -> float:
    return len(gzip.compress(b"".join(data), compresslevel=9)) / 1024


def sizes(client: httpx.Client) -> None:
    widget = client.get("/embed/widget.js").content + client.get("/embed/static/embed.css").content
    uplot = STATIC / "vendor" / "uplot"
    chart = (uplot / "uPlot.iife.min.js").read_bytes() + (uplot / "uPlot.min.css").read_bytes()
    resizer = (STATIC / "vendor" / "open-iframe-resizer" / "index.umd.js").read_bytes()
    print(f"widget.js + embed.css gzipped: {gzipped_kb(widget):.1f} KB (target ≤ 15)")
    print(f"uPlot js + css gzipped:        {gzipped_kb(chart):.1f} KB (target ≤ 60)")
    print(f"iframe resizer gzipped:        {gzipped_kb(resizer):.1f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--database", type=Path, default=Path("/tmp/forecasts-bench-embed.db"))
    args = parser.parse_args()
    url = f"sqlite:///{args.database}"
    build(make_engine(url), args.claims)
    with server(url) as (base, _pid), httpx.Client(base_url=base) as client:
        print(f"{args.claims:,} claims; median of {ROUNDS} interleaved rounds")
        print(f"{'query':<30}{'JSON ms':>9}{'+include':>10}{'embed ms':>10}{'ratio':>7}")
        for query in QUERIES:
            urls = [
                f"/v1/claims?{query}",
                f"/v1/claims?{query}&include=expert,source,topics",
                f"/embed/claims?{query}",
            ]
            plain, included, embed = interleaved_ms(client, urls)
            verdict = "ok" if embed / plain <= TARGET else "over"
            print(
                f"{query:<30}{plain:>9.2f}{included:>10.2f}{embed:>10.2f}"
                f"{embed / plain:>7.2f} {verdict}"
            )
        sizes(client)


if __name__ == "__main__":
    main()
