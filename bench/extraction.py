"""Extraction speed and memory: articles of about 5,000 characters per second on one core.

Articles are built from the seed and corpus texts (each cut or repeated to ~5,000 characters at a
paragraph boundary), extracted once to warm caches (which loads the NLP models), then timed over
several rounds. It prints the CPU time per article and the process's peak resident memory before
the models load and after the rounds (the issue's budget for a process that ingests: 450 MB).

    .venv/bin/python bench/extraction.py [--rounds N]
"""

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

from app.extraction import extract
from app.extraction.types import Article
from app.text import normalise

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "app" / "sample", ROOT / "tests" / "extraction" / "corpus")
SIZE = 5_000


def articles() -> list[Article]:
    """One ~5,000-character article per source text."""
    built = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = normalise(path.read_text(encoding="utf-8"))
            paragraphs = text.split("\n")
            body: list[str] = []
            while sum(len(p) + 1 for p in body) < SIZE:
                body.extend(paragraphs)
            while sum(len(p) + 1 for p in body) > SIZE * 1.1 and len(body) > 1:
                body.pop()
            built.append(Article(text="\n".join(body), published_on=dt.date(2024, 1, 1)))
    return built


def peak_rss_mb() -> float:
    """This process's peak resident set, in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    batch = articles()
    before_models = peak_rss_mb()
    for article in batch:
        extract(article)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for article in batch:
            extract(article)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    count = rounds * len(batch)
    chars = sum(len(a.text) for a in batch) / len(batch)
    print(f"{count} articles of {chars:,.0f} characters on average in {elapsed:.2f} s")
    # CPU time is what one core spent; on a shared machine, wall time also counts the moments
    # another process had the core.
    print(
        f"{count / cpu:,.0f} articles/s on one core (CPU time);"
        f" {count / elapsed:,.0f}/s by the clock; {cpu / count * 1000:,.0f} ms CPU per article"
    )
    print(
        f"peak resident memory: {before_models:,.0f} MB before the models load,"
        f" {peak_rss_mb():,.0f} MB after ({len(batch)} articles, English and Russian)"
    )


if __name__ == "__main__":
    main()
